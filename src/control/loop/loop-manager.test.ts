import { describe, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { runAssistant } from './assistant.js';
import { memoryDocStore } from './doc-store.fixture.js';
import { loopConfig } from './loop-config.js';
import { LoopManager } from './loop-manager.js';
import { TEST_OVEN as OVEN } from './oven-plant.fixture.js';
import { buildPlant } from './plant-spec.js';
import { attachTwin, PlantTwin } from './plant-twin.js';
import { Channel } from './ports.js';
import { VirtualScheduler } from './virtual-scheduler.js';

describe('tuning assistant', () => {
  const config = loopConfig({
    id: 'oven/TIC-1',
    sampleTimeMs: 1000,
    setpoint: 100,
    manualOutput: 40,
    tuning: { kc: 0.5, ti: 200 },
    plant: OVEN,
  });
  it('a step test on the oven twin finds its gain (2 K/%) and SIMC beats a sluggish tuning', () => {
    const r = runAssistant({ plant: OVEN, config, test: 'step' });
    // Steady state 20 + 3000·0.40/15 = 100 °C; gain Pmax/Ga·0.01 = 2 K per %.
    expect(r.pv0).toBeCloseTo(100, 9);
    expect(r.model?.gain).toBeCloseTo(2, 1);
    expect(r.proposed.rule).toBe('simc');
    expect(r.record.pv[0]).toBeCloseTo(100, 9);
    const cur = r.comparison.current.metrics;
    const pro = r.comparison.proposed.metrics;
    expect(cur && pro).toBeTruthy();
    expect(pro!.iae).toBeLessThan(cur!.iae);
    expect(r.comparison.proposed.curve.op.every((v) => v >= 0 && v <= 100)).toBe(true);
  });
  it('a relay test gives the ultimate point and Ziegler–Nichols settings', () => {
    const r = runAssistant({ plant: OVEN, config, test: 'relay' });
    expect(r.ultimate!.ku).toBeGreaterThan(0);
    expect(r.ultimate!.pu).toBeGreaterThan(2 * 2); // more than twice the dead time
    expect(r.proposed.rule).toMatch(/zn/i);
    expect(r.proposed.kc).toBeCloseTo(0.6 * r.ultimate!.ku, 9);
    expect(() => runAssistant({ plant: OVEN, config, test: 'relay', rule: 'simc' })).toThrow(/zn-ultimate/);
  });
  it('rejects an operating point outside the output limits', () => {
    expect(() => runAssistant({ plant: OVEN, config, test: 'step', op0: 140 })).toThrow(/op0/);
  });
});

describe('loop manager', () => {
  const setup = () => {
    const sched = new VirtualScheduler(1_000_000);
    const store = memoryDocStore();
    const pv = new Channel();
    const op = new Channel();
    const twin = new PlantTwin(buildPlant(OVEN), { initialInput: 40 });
    const stopTwin = attachTwin({ twin, timer: sched, clock: sched, op, publish: (r) => pv.publish(r) });
    const deps = {
      store,
      clock: sched,
      timer: sched,
      pvSource: () => pv,
      opSink: () => op,
    };
    return { sched, store, pv, op, twin, stopTwin, deps };
  };

  it('creates, audits, controls, reconfigures and restores loops', async () => {
    const { sched, store, op, twin, deps } = setup();
    const m = new LoopManager(deps);
    const loop = await m.create(
      {
        id: 'oven/TIC-1',
        sampleTimeMs: 1000,
        setpoint: 100,
        manualOutput: 40,
        pvSeries: 'oven/temp',
        opTopic: 'xinzhi/cmd/oven/heater',
        tuning: { kc: 2.9, ti: 50 },
      },
      'alice',
    );
    await expect(
      m.create({ id: 'oven/TIC-1', sampleTimeMs: 1000, setpoint: 1, tuning: { kc: 1 } }, 'bob'),
    ).rejects.toThrow(/exists/);
    await loop.setMode('auto', 'alice');
    await loop.setSetpoint(120, 'alice');
    sched.advance(300_000);
    expect(twin.pv).toBeCloseTo(120, 1);
    // Steady OP for 120 °C: (120 − 20)·15/3000 = 0.5 duty = 50 %.
    expect(op.last?.value).toBeCloseTo(50, 1);

    await m.update('oven/TIC-1', { sampleTimeMs: 500, description: 'oven 1' }, 'bob');
    const audit = await m.audit.list('oven/TIC-1');
    expect(audit.map((a) => a.what)).toEqual(['created', 'mode', 'setpoint', 'config']);
    expect(audit[3]).toMatchObject({
      who: 'bob',
      old: { sampleTimeMs: 1000, description: '' },
      new: { sampleTimeMs: 500 },
    });
    const after = m.require('oven/TIC-1');
    expect(after.config.mode).toBe('auto');
    sched.advance(2_000);
    expect(op.last?.value).toBeCloseTo(50, 1); // no bump across the restart
    m.stopAll();

    // A second manager over the same store starts the saved loop in auto at the saved output.
    const m2 = new LoopManager({ ...deps });
    expect(await m2.load()).toBe(1);
    const restored = m2.require('oven/TIC-1');
    expect(restored.config).toMatchObject({ mode: 'auto', setpoint: 120, sampleTimeMs: 500 });
    sched.advance(2_000);
    expect(op.last?.value).toBeCloseTo(50, 1);
    expect(() => m2.require('nope')).toThrow(/no control loop/);
    expect(store.docs.size).toBeGreaterThan(4);
    m2.stopAll();
  });
  it('skips an invalid saved configuration', async () => {
    const { store, deps } = setup();
    await store.putDoc('control.loops', 'bad', {
      id: 'bad',
      sampleTimeMs: -1,
      setpoint: 0,
      tuning: { kc: 1 },
    });
    const m = new LoopManager(deps);
    expect(await m.load()).toBe(0);
    expect(m.list()).toHaveLength(0);
  });
  it('flags a failing output once per outage and recovers', async () => {
    const { sched, pv, deps } = setup();
    let broken = true;
    const errors: string[] = [];
    const m = new LoopManager({
      ...deps,
      logger: { ...silentLogger, error: (_o, msg) => errors.push(String(msg)) },
      opSink: () => ({
        write: () => {
          if (broken) throw new Error('broker down');
        },
      }),
    });
    const loop = await m.create(
      {
        id: 'l',
        sampleTimeMs: 1000,
        setpoint: 100,
        pvSeries: 'x',
        opTopic: 'xinzhi/cmd/l/out',
        tuning: { kc: 1 },
      },
      'a',
    );
    void pv;
    sched.advance(10_000);
    expect(loop.snapshot().status).toBe('op-failed');
    expect(errors).toEqual(['OP write failed']);
    broken = false;
    sched.advance(2_000);
    expect(loop.snapshot().status).toBe('ok');
    m.stopAll();
  });
  it('deletes a loop: stopped, output withdrawn, configuration gone, deletion audited', async () => {
    const { sched, store, deps } = setup();
    const retired: string[] = [];
    const writes: number[] = [];
    const m = new LoopManager({
      ...deps,
      opSink: (cfg) => ({
        write: (v) => {
          writes.push(v);
        },
        retire: () => {
          retired.push(cfg.opTopic!);
        },
      }),
    });
    await m.create(
      {
        id: 'oven/TIC-9',
        sampleTimeMs: 1000,
        setpoint: 100,
        manualOutput: 30,
        opTopic: 'xinzhi/cmd/oven/heater',
        tuning: { kc: 1 },
      },
      'alice',
    );
    sched.advance(3_000);
    const before = writes.length;
    expect(before).toBeGreaterThan(0);
    await m.remove('oven/TIC-9', 'bob', 'decommissioned');
    sched.advance(5_000);
    expect(writes.length).toBe(before);
    expect(retired).toEqual(['xinzhi/cmd/oven/heater']);
    expect(m.get('oven/TIC-9')).toBeUndefined();
    expect([...store.docs.keys()].some((k) => k === 'control.loops|oven/TIC-9')).toBe(false);
    const audit = await m.audit.list('oven/TIC-9');
    expect(audit.at(-1)).toMatchObject({ what: 'deleted', who: 'bob', reason: 'decommissioned', new: null });
    expect(await new LoopManager(deps).load()).toBe(0);
    await expect(m.remove('oven/TIC-9', 'bob')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
  it('moving a loop to another topic withdraws the output on the old one', async () => {
    const { deps } = setup();
    const retired: string[] = [];
    const m = new LoopManager({
      ...deps,
      opSink: (cfg) => ({ write: () => undefined, retire: () => void retired.push(cfg.opTopic!) }),
    });
    const input = { id: 'L', sampleTimeMs: 1000, setpoint: 1, tuning: { kc: 1 } };
    await m.create({ ...input, opTopic: 'xinzhi/cmd/a/out' }, 'a');
    await m.update('L', { opTopic: 'xinzhi/cmd/b/out' }, 'a');
    expect(retired).toEqual(['xinzhi/cmd/a/out']);
    await m.update('L', { description: 'x' }, 'a');
    expect(retired).toEqual(['xinzhi/cmd/a/out']);
    m.stopAll();
  });
});

describe('loop configuration bounds', () => {
  const base = { id: 'L', sampleTimeMs: 1000, setpoint: 1, tuning: { kc: 1 } };
  it.each([
    ['xinzhi/cmd/+/heater', /wildcard/],
    ['xinzhi/cmd/#', /wildcard/],
    ['$SYS/broker/x', /must be under xinzhi\/cmd\//],
    ['xinzhi/v1/plant/oven/temp', /must be under xinzhi\/cmd\//],
    ['xinzhi/cmd/', /non-empty levels/],
    ['xinzhi/cmd//heater', /non-empty levels/],
    ['xinzhi/cmd/oven heater', /non-empty levels/],
    ['xinzhi/cmd/$SYS', /non-empty levels/],
    ['xinzhi/cmd/ov\u0000en', /non-empty levels/],
    [`xinzhi/cmd/${'a'.repeat(300)}`, /longer than 256/],
  ])('refuses opTopic %j naming the field', (opTopic, why) => {
    expect(() => loopConfig({ ...base, opTopic })).toThrow(why);
    expect(() => loopConfig({ ...base, opTopic })).toThrowError(
      expect.objectContaining({ field: 'opTopic' }),
    );
  });
  it('accepts a concrete topic under xinzhi/cmd/ and null', () => {
    expect(loopConfig({ ...base, opTopic: 'xinzhi/cmd/plant1/bakery/oven-01/heater_1.duty' }).opTopic).toBe(
      'xinzhi/cmd/plant1/bakery/oven-01/heater_1.duty',
    );
    expect(loopConfig({ ...base, opTopic: null }).opTopic).toBeNull();
  });
  it.each([1, 99, 3_600_001, Number.NaN, Number.POSITIVE_INFINITY])('refuses sampleTimeMs %d', (ms) => {
    expect(() => loopConfig({ ...base, sampleTimeMs: ms })).toThrowError(
      expect.objectContaining({
        field: 'sampleTimeMs',
        message: 'sampleTimeMs must be from 100 to 3600000 ms',
      }),
    );
  });
  it('accepts the bounds themselves', () => {
    expect(loopConfig({ ...base, sampleTimeMs: 100 }).sampleTimeMs).toBe(100);
    expect(loopConfig({ ...base, sampleTimeMs: 3_600_000 }).sampleTimeMs).toBe(3_600_000);
  });
  it('refuses a non-positive staleAfterMs', () => {
    expect(() => loopConfig({ ...base, staleAfterMs: 0 })).toThrowError(
      expect.objectContaining({ field: 'staleAfterMs' }),
    );
  });
});
