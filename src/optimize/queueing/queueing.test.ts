import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkQueueingCases } from '../../../eval/lib/queueing-cases.js';
import { benchmarkPath } from '../../core/benchmark-data.fixture.js';
import { erlangB, erlangBCapacity, erlangC } from './erlang.js';
import { kingmanWq } from './kingman.js';
import { mm1 } from './mm1.js';
import { mmc, serviceLevel } from './mmc.js';
import { mmck } from './mmck.js';
import { moments, simulateQueue } from './simulate.js';
import { staffServers, staffShifts, withShrinkage } from './staffing.js';

describe('closed forms', () => {
  it('match exact rational values', () => {
    expect(erlangB(1, 1)).toBe(0.5);
    expect(erlangB(1, 2)).toBeCloseTo(0.2, 15);
    const m = mmc(2, 1, 3);
    expect(m.P0).toBeCloseTo(1 / 9, 15);
    expect(m.Pwait).toBeCloseTo(4 / 9, 15);
    expect(mm1(4, 5).L).toBeCloseTo(4, 12);
    expect(mmck(1, 1, 1, 4).p.every((p) => Math.abs(p - 0.2) < 1e-15)).toBe(true);
    expect(kingmanWq(0.9, 1, 0, 1)).toBeCloseTo(4.5, 12);
  });

  it('stays finite and accurate at A = 200 where factorials overflow', () => {
    const m = mmc(200, 1, 215);
    expect(m.Pwait).toBeCloseTo(0.2099376844008676, 13);
    expect(m.P0 / 1.290407569361858e-87).toBeCloseTo(1, 10);
    expect(erlangC(2000, 2100)).toBeGreaterThan(0);
  });

  it('Erlang C is a probability and grows with load', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 300 }),
        fc.double({ min: 0.01, max: 0.99, noNaN: true }),
        (c, rho) => {
          const p = erlangC(rho * c, c);
          expect(p).toBeGreaterThanOrEqual(0);
          expect(p).toBeLessThanOrEqual(1);
          expect(erlangC(Math.min(rho * c * 1.01, c * 0.999), c)).toBeGreaterThanOrEqual(p - 1e-15);
        },
      ),
    );
  });

  it('inverts Erlang B', () => {
    const a = erlangBCapacity(10, 0.01);
    expect(erlangB(a, 10)).toBeCloseTo(0.01, 14);
    expect(a).toBeCloseTo(4.4612, 4);
  });

  it('rejects unstable or malformed input naming the field', () => {
    expect(() => mm1(5, 5)).toThrow(/unstable/);
    expect(() => mmc(10, 1, 10)).toThrow(/servers/);
    expect(() => mmc(1, -1, 2)).toThrow(/serviceRate/);
    expect(() => mmck(1, 1, 3, 2)).toThrow(/capacity/);
    expect(() => staffServers({ arrivalRate: 1, serviceRate: 1 })).toThrow(/target/);
    expect(() => withShrinkage(10, 1)).toThrow(/shrinkage/);
  });
});

describe('staffing', () => {
  it('reproduces the published call-centre example: 14 agents, 20 with 30 % shrinkage', () => {
    const s = staffServers({
      arrivalRate: 100 / 30,
      serviceRate: 1 / 3,
      serviceLevel: 0.8,
      answerTime: 20 / 60,
      shrinkage: 0.3,
    });
    expect(s.servers).toBe(14);
    expect(s.scheduled).toBe(20);
    expect(s.serviceLevel).toBeCloseTo(0.888, 3);
    expect(serviceLevel(100 / 30, 1 / 3, 13, 20 / 60)).toBeLessThan(0.8);
  });

  it('staffs each shift of a forecast', () => {
    const r = staffShifts(
      [
        { label: 'night', arrivalRate: 0 },
        { label: 'morning', arrivalRate: 100 / 30 },
      ],
      { serviceRate: 1 / 3, serviceLevel: 0.8, answerTime: 1 / 3 },
    );
    expect(r.map((x) => x.servers)).toEqual([0, 14]);
  });
});

describe('simulation', () => {
  it('is reproducible with a seed', () => {
    const input = {
      interarrival: { kind: 'exponential', mean: 1 },
      service: { kind: 'exponential', mean: 0.8 },
      servers: 1,
      customers: 20_000,
      seed: 7,
    } as const;
    expect(simulateQueue(input)).toEqual(simulateQueue(input));
  });

  it('agrees with Erlang C for M/M/3', () => {
    const exact = mmc(2.4, 1, 3);
    const sim = simulateQueue({
      interarrival: { kind: 'exponential', mean: 1 / 2.4 },
      service: { kind: 'exponential', mean: 1 },
      servers: 3,
      customers: 200_000,
      seed: 3,
      answerTime: 0.5,
    });
    expect(Math.abs(sim.Wq - exact.Wq)).toBeLessThan(3 * sim.WqHalfWidth + 0.02);
    expect(sim.Pwait).toBeCloseTo(exact.Pwait, 1);
    expect(sim.serviceLevel ?? 0).toBeCloseTo(serviceLevel(2.4, 1, 3, 0.5), 1);
  });

  it('agrees with Pollaczek–Khinchine for M/D/1 and with M/M/c/K blocking', () => {
    const md1 = simulateQueue({
      interarrival: { kind: 'exponential', mean: 1 },
      service: { kind: 'deterministic', mean: 0.8 },
      servers: 1,
      customers: 200_000,
      seed: 11,
    });
    const s = moments({ kind: 'deterministic', mean: 0.8 });
    expect(md1.Wq).toBeCloseTo(kingmanWq(0.8, 1, s.cv2, 0.8), 1);
    const k = simulateQueue({
      interarrival: { kind: 'exponential', mean: 1 / 3 },
      service: { kind: 'exponential', mean: 0.5 },
      servers: 2,
      capacity: 5,
      customers: 200_000,
      seed: 5,
    });
    expect(k.blocking).toBeCloseTo(mmck(3, 2, 2, 5).PK_block, 2);
  });
});

const QDIR = benchmarkPath('queueing');
describe.skipIf(!existsSync(QDIR))('benchmark cases', () => {
  it('every case within 1e-9 relative (or its printed precision)', () => {
    const checks = checkQueueingCases(QDIR);
    expect(checks.length).toBeGreaterThan(100);
    expect(checks.filter((c) => !c.pass)).toEqual([]);
  });
});
if (!existsSync(QDIR))
  console.warn(`skipping queueing benchmark cases: ${QDIR} not found (set XINZHI_BENCHMARKS)`);
