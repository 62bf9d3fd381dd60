import { describe, expect, it } from 'vitest';
import { TankPlant } from '../plants/tank-plant.js';
import { ThermalPlant } from '../plants/thermal-plant.js';
import { fitFopdt } from '../tuning/identify.js';
import { simcIntegrating, simcPi } from '../tuning/rules.js';
import { MemoryAuditTrail, StoreAuditTrail } from './audit.js';
import { ControlLoop } from './control-loop.js';
import { loadLoopConfigs, loopConfig } from './loop-config.js';
import { attachTwin, PlantTwin } from './plant-twin.js';
import { Channel } from './ports.js';
import { VirtualScheduler } from './virtual-scheduler.js';

/** An in-memory document store with the Store's putDoc/listDocs semantics. */
function docStore() {
  const docs = new Map<string, unknown>();
  return {
    docs,
    async putDoc(ns: string, key: string, doc: unknown) {
      docs.set(`${ns}\u0000${key}`, JSON.parse(JSON.stringify(doc)));
    },
    async listDocs<T>(ns: string, prefix = '') {
      return [...docs.entries()]
        .filter(([k]) => k.startsWith(`${ns}\u0000${prefix}`))
        .map(([k, doc]) => ({ key: k.split('\u0000')[1]!, doc: doc as T }));
    },
  };
}

function rig(model: ThermalPlant | TankPlant, sp: number, tuning: { kc: number; ti: number }, outMax = 1) {
  const sched = new VirtualScheduler(1_700_000_000_000);
  const pv = new Channel();
  const op = new Channel();
  const twin = new PlantTwin(model);
  const audit = new MemoryAuditTrail();
  const store = docStore();
  const loop = new ControlLoop(
    loopConfig({ id: 'TIC-101', sampleTimeMs: 1000, setpoint: sp, tuning, limits: { outMin: 0, outMax } }),
    { pv, op, clock: sched, audit, store },
  );
  attachTwin({ twin, timer: sched, clock: sched, op, publish: (r) => pv.publish(r), periodMs: 1000 });
  loop.start(sched);
  return { sched, loop, twin, audit, store, pv, op };
}

describe('control loop with a plant twin (virtual time)', () => {
  it('identifies the oven from a step test, tunes it with SIMC and holds the setpoint', async () => {
    // Step test on the twin: 0 → 50 % duty.
    const oven = new ThermalPlant();
    const twin = new PlantTwin(oven);
    const t: number[] = [];
    const u: number[] = [];
    const y: number[] = [];
    for (let k = 0; k <= 12_000; k += 10) {
      const duty = k >= 100 ? 0.5 : 0;
      twin.setInput(duty);
      t.push(k);
      u.push(duty);
      y.push(twin.pv);
      twin.advance(10);
    }
    const model = fitFopdt({ t, u, y });
    expect(model.gain).toBeCloseTo(oven.gain, -1);
    const tuning = simcPi(model);
    const { sched, loop, audit } = rig(new ThermalPlant(), 150, tuning);
    await loop.setMode('auto', 'alice', { reason: 'commissioning' });
    sched.advance(4 * 3600_000);
    const snap = loop.snapshot();
    expect(snap.status).toBe('ok');
    expect(Math.abs((snap.pv?.value ?? 0) - 150)).toBeLessThan(0.5);
    expect(audit.entries.map((e) => [e.who, e.what])).toEqual([['alice', 'mode']]);
    expect(audit.entries[0]?.old).toEqual({ mode: 'manual', output: 0 });
  });

  it('levels a tank (integrating) and rejects an outflow step', async () => {
    const tank = new TankPlant();
    const tuning = simcIntegrating({ gain: tank.gain, deadTime: tank.deadTime }, 20);
    const { sched, loop } = rig(tank, 1.5, tuning);
    await loop.setMode('auto', 'bob');
    sched.advance(1800_000);
    expect(loop.snapshot().pv?.value).toBeCloseTo(1.5, 2);
    tank.outflow = 0.03;
    sched.advance(1800_000);
    expect(loop.snapshot().pv?.value).toBeCloseTo(1.5, 2);
    expect(loop.snapshot().op).toBeCloseTo(0.6, 2);
  });

  it('audits tuning, setpoint and limit changes with old → new and persists them', async () => {
    const { loop, store } = rig(new ThermalPlant(), 100, { kc: 0.02, ti: 300 });
    const trail = new StoreAuditTrail(store);
    const loop2 = new ControlLoop(loop.config, {
      pv: new Channel(),
      op: new Channel(),
      clock: { now: () => 5 },
      audit: trail,
      store,
    });
    await loop2.setTuning({ kc: 0.03 }, 'carol', 'faster');
    await loop2.setSetpoint(120, 'carol');
    await loop2.setLimits({ outMax: 0.8 }, 'dave');
    const list = await trail.list('TIC-101');
    expect(list.map((e) => e.what)).toEqual(['tuning', 'setpoint', 'limits']);
    expect((list[0]!.old as { kc: number }).kc).toBe(0.02);
    expect((list[0]!.new as { kc: number }).kc).toBe(0.03);
    expect(list[0]?.reason).toBe('faster');
    const saved = await loadLoopConfigs(store);
    expect(saved[0]?.setpoint).toBe(120);
    expect(saved[0]?.tuning.ti).toBe(300);
    expect(saved[0]?.limits.rateLimit).toBe(Number.POSITIVE_INFINITY);
    await expect(loop2.setTuning({ kc: Number.NaN }, 'x')).rejects.toThrow(/kc/);
    await expect(loop2.setSetpoint(1, '')).rejects.toThrow(/who/);
    expect((await trail.list('TIC-101')).length).toBe(3);
  });

  it('holds the output when the PV goes stale', async () => {
    const sched = new VirtualScheduler(0);
    const pv = new Channel();
    const writes: number[] = [];
    const loop = new ControlLoop(
      loopConfig({ id: 'L', sampleTimeMs: 1000, setpoint: 1, mode: 'auto', tuning: { kc: 1, ti: 10 } }),
      { pv, op: { write: (v) => void writes.push(v) }, clock: sched, audit: new MemoryAuditTrail() },
    );
    loop.start(sched);
    pv.publish({ ts: 500, value: 0 });
    sched.advance(1000);
    const first = writes[0]!;
    expect(first).toBeGreaterThan(1);
    sched.advance(10_000);
    expect(loop.snapshot().status).toBe('pv-stale');
    // Fresh for 3 samples (staleAfter = 3·Ts), then the output stays where it was.
    expect(writes[2]).toBeCloseTo(first + 0.2, 12);
    expect(new Set(writes.slice(2))).toEqual(new Set([writes[2]]));
  });

  it('switches manual → auto without a bump', async () => {
    const { sched, loop } = rig(new ThermalPlant(), 0, { kc: 0.01, ti: 600 });
    await loop.setManualOutput(0.4, 'erin');
    sched.advance(3 * 3600_000);
    const pv = loop.snapshot().pv!.value;
    await loop.setSetpoint(pv, 'erin');
    await loop.setMode('auto', 'erin');
    sched.advance(1000);
    expect(Math.abs(loop.snapshot().op - 0.4)).toBeLessThan(1e-3);
  });
});
