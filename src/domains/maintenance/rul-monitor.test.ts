import { afterAll, describe, expect, it } from 'vitest';
import { DEMO_BEARING_FEATURES, healthIndexEstimator } from '../../analytics/rul/index.js';
import { createDemoModel } from '../../demo/model.js';
import { DATA_PREFIX } from '../../demo/topics.js';
import { openSqliteStore } from '../../store/index.js';
import { MACHINE_STATE } from '../manufacturing/machine-state.js';
import { createRulMonitor, type RulStatus } from './rul-monitor.js';

const HOUR = 3_600_000;
// 06:00 China Standard Time = T0 of the demo's fault script: the bearing of line1/cnc-02 starts
// degrading at T0 + 1 h and fails at T0 + 7 h.
const START = Date.parse('2026-06-01T06:00:00+08:00');
const FAILURE = START + 7 * HOUR;
const ASSET = 'factory1/assembly/line1/cnc-02';

async function monitorDemo(asset: string, hours: number) {
  const store = await openSqliteStore(':memory:');
  const demo = createDemoModel({
    seed: 42,
    start: START,
    intervals: { factory: 15_000, farm: HOUR, fleet: HOUR },
  });
  const monitor = createRulMonitor({
    store,
    assetId: asset,
    estimator: healthIndexEstimator({ features: DEMO_BEARING_FEATURES, baselineSamples: 10 }),
    mapping: { [`${asset}/vibration`]: 'vibration', [`${asset}/bearing_temp`]: 'bearing_temp' },
    gate: { seriesId: `${asset}/state`, accept: (v) => v === MACHINE_STATE.RUN },
    bucketMs: 5 * 60_000,
  });
  const statuses: RulStatus[] = [];
  for (let t = START + HOUR / 2; t <= START + hours * HOUR; t += HOUR / 2) {
    const pts = demo.advance(t);
    const merged: Array<[string, number, number]> = [];
    for (const metric of ['state', 'vibration', 'bearing_temp'])
      for (const p of pts.get(`${DATA_PREFIX}${asset}/${metric}`) ?? [])
        merged.push([`${asset}/${metric}`, p.ts, p.value]);
    merged.sort((a, b) => a[1] - b[1]);
    for (const [s, ts, v] of merged) {
      const st = await monitor.push(s, ts, v);
      if (st) statuses.push(st);
    }
  }
  return { store, monitor, statuses };
}

describe('RUL monitor on the demo plant', async () => {
  const degrading = await monitorDemo(ASSET, 10);
  const healthy = await monitorDemo('factory1/assembly/line1/cnc-01', 7);
  afterAll(async () => {
    await degrading.store.close();
    await healthy.store.close();
  });

  it('catches the degrading bearing with an alarm event before it fails, with a safe stop before failure', async () => {
    const alarms = await degrading.store.listEvents({ kind: 'rul.alarm' });
    expect(alarms).toHaveLength(1);
    const a = alarms[0]!;
    expect(a.assetId).toBe(ASSET);
    expect(a.ts).toBeLessThan(FAILURE - HOUR); // at least an hour of warning
    const stop = a.data['latestSafeStop'] as number;
    expect(stop).toBeGreaterThan(a.ts);
    expect(stop).toBeLessThan(FAILURE);
  });

  it('clears the alarm once the repaired bearing is healthy again (repair ends at T0 + 9 h)', async () => {
    const clears = await degrading.store.listEvents({ kind: 'rul.clear' });
    expect(clears).toHaveLength(1);
    expect(clears[0]!.ts).toBeGreaterThan(START + 9 * HOUR);
    expect(degrading.monitor.events().map((e) => e.kind)).toEqual(['rul.alarm', 'rul.clear']);
  });

  it('tracks the remaining life as the failure nears, the band brackets the estimate', () => {
    const late = degrading.statuses.filter(
      (s) => s.ts > FAILURE - 1.5 * HOUR && s.ts < FAILURE - 0.25 * HOUR,
    );
    expect(late.length).toBeGreaterThan(5);
    for (const s of late) {
      expect(s.rulMs).toBeLessThan(2.5 * HOUR);
      expect(s.lowMs).toBeLessThanOrEqual(s.rulMs);
      expect(s.highMs === null || s.highMs >= s.rulMs).toBe(true);
      expect(s.latestSafeStop).not.toBeNull();
    }
    // the health index rises towards 1
    expect(late[late.length - 1]!.healthIndex!).toBeGreaterThan(late[0]!.healthIndex!);
  });

  it('raises nothing on a healthy machine', async () => {
    expect(await healthy.store.listEvents({ kind: 'rul.alarm' })).toHaveLength(0);
    expect(healthy.statuses.length).toBeGreaterThan(40);
    expect(healthy.statuses.every((s) => !s.alarm)).toBe(true);
  });
});
