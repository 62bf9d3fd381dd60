import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DiscreteFopdt } from '../../../control/index.js';
import { runCli } from '../../run-cli.fixture.js';
import { readStepCsv } from './step-csv.js';

const run = (...args: string[]) => runCli(args, { newline: false });

afterEach(() => {
  process.exitCode = 0;
});

describe('xinzhi control', () => {
  it('tune defaults to the SIMC rule', async () => {
    const args = ['control', 'tune', '--gain', '2', '--tau', '10', '--dead-time', '1', '--json'];
    const r = await run(...args);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ kp: 2.5, ti: 8, td: 0, rule: 'simc' });
  });

  it.each([
    ['oven', ['--kp', '0.05', '--ti', '300'], 120, 121],
    ['tank', ['--kp', '5', '--ti', '50', '--setpoint-step', '0.1'], 1, 1.1],
  ])(
    'simulate --process %s steps from a steady operating point with finite rise and settling times',
    async (proc, gains, pv, sp) => {
      const r = await run('control', 'simulate', '--process', proc, ...gains, '--json');
      expect(r.code).toBe(0);
      const j = JSON.parse(r.out);
      expect(j.rise_time).toBeGreaterThan(0);
      expect(Number.isFinite(j.rise_time)).toBe(true);
      expect(j.settling_time).toBeGreaterThan(j.rise_time);
      expect(j.settling_time).toBeLessThan(j.duration);
      expect(j.operating_point.pv).toBeCloseTo(pv, 9);
      expect(j.operating_point.setpoint_after_step).toBeCloseTo(sp, 9);
      const bad = await run('control', 'simulate', '--process', proc, ...gains, '--operating-point', '1.5');
      expect(bad.code).toBe(2);
    },
  );

  it('tune prints one JSON document in ideal form', async () => {
    const r = await run(
      'control',
      'tune',
      '--process',
      'fopdt',
      '--gain',
      '2',
      '--tau',
      '10',
      '--dead-time',
      '1',
      '--rule',
      'simc',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j).toMatchObject({ kp: 2.5, ti: 8, td: 0, form: 'ideal' });
    const zn = JSON.parse(
      (
        await run(
          'control',
          'tune',
          '--gain',
          '1',
          '--tau',
          '1',
          '--dead-time',
          '1',
          '--rule',
          'zn',
          '--type',
          'p',
          '--json',
        )
      ).out,
    );
    expect(zn.ti).toBeNull();
  });

  it('tune rejects a bad number naming the flag', async () => {
    const r = await run(
      'control',
      'tune',
      '--gain',
      'abc',
      '--tau',
      '1',
      '--dead-time',
      '1',
      '--rule',
      'simc',
      '--json',
    );
    expect(r.code).toBe(2);
    expect(JSON.parse(r.out).error.field).toBe('--gain');
  });

  it('identify fits a step-test CSV', async () => {
    const plant = new DiscreteFopdt(1.5, 6, 2, 0.5);
    const lines = ['t,u,y'];
    for (let k = 0; k < 120; k++) {
      const u = k >= 4 ? 1 : 0;
      lines.push(`${k * 0.5},${u},${20 + plant.y}`);
      plant.step(u);
    }
    const file = join(mkdtempSync(join(tmpdir(), 'xz-')), 'step.csv');
    writeFileSync(file, lines.join('\n'));
    const j = JSON.parse((await run('control', 'identify', file, '--json')).out);
    expect(j.gain).toBeCloseTo(1.5, 5);
    expect(j.tau).toBeCloseTo(6, 4);
    expect(j.dead_time).toBeCloseTo(2, 4);
    expect(j.fit_rmse).toBeLessThan(1e-6);
  });

  it('simulate reports the closed-loop metrics', async () => {
    const r = await run(
      'control',
      'simulate',
      '--gain',
      '1',
      '--tau',
      '1',
      '--dead-time',
      '1',
      '--kp',
      '0.5',
      '--ti',
      '1',
      '--json',
    );
    const j = JSON.parse(r.out);
    expect(j.iae).toBeCloseTo(2.16869, 4);
    expect(j.overshoot).toBeCloseTo(4.052, 2);
    expect(j.settling_time).toBeCloseTo(6.0565, 2);
  });

  it('relay estimates Ku and Pu on a simulated plant', async () => {
    const j = JSON.parse(
      (await run('control', 'relay', '--gain', '1', '--tau', '1', '--dead-time', '1', '--json')).out,
    );
    expect(j.ku).toBeCloseTo(2.014235, 5);
    expect(j.pu).toBeCloseTo(2.97976, 5);
    expect(j.true_ultimate.ku).toBeCloseTo(2.261826, 5);
  });
});

describe('readStepCsv', () => {
  it('accepts column aliases and ISO times', () => {
    const d = readStepCsv('time,op,pv\n2024-01-01T00:00:00Z,0,1\n2024-01-01T00:00:02Z,1,1.5\n');
    expect(d).toEqual({ t: [0, 2], u: [0, 1], y: [1, 1.5] });
  });
  it('lists every bad row with file and line', () => {
    expect(() => readStepCsv('t,u,y\n0,0,1\nx,1,2\n2,,3\n3,1,abc\n', 'a.csv')).toThrow(
      /3 bad row\(s\)[\s\S]*a\.csv:3[\s\S]*a\.csv:4[\s\S]*a\.csv:5/,
    );
    expect(() => readStepCsv('a,b\n1,2\n', 'b.csv')).toThrow(/no time column/);
    expect(() => readStepCsv('t,u,y\n"1,2\n', 'c.csv')).toThrow(/not valid CSV/);
  });
});

describe('readStepCsv on arbitrary input', () => {
  it('returns equal-length numeric columns or throws a XinzhiError, never anything else', async () => {
    const fc = (await import('fast-check')).default;
    const { isXinzhiError } = await import('../../../core/index.js');
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (body) => {
        try {
          const d = readStepCsv(`t,u,y\n${body}`);
          return (
            d.t.length === d.u.length &&
            d.u.length === d.y.length &&
            [...d.t, ...d.u, ...d.y].every(Number.isFinite)
          );
        } catch (e) {
          return isXinzhiError(e) && e.code === 'BAD_INPUT';
        }
      }),
      { numRuns: 300 },
    );
  });
});
