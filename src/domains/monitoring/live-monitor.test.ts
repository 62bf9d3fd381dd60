import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { manualClock } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createLiveMonitor, shardOf } from './live-monitor.js';
import { MONITOR_CONFIG_NS } from './monitor-config.js';
import { createSeriesMonitor } from './series-monitor.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

const T0 = Date.UTC(2024, 0, 1);
const S = 1000;

async function setup() {
  for (const [metric, description] of [
    ['temp', 'oven temperature'],
    ['parts_total', 'parts produced (counter)'],
  ] as const)
    await store.upsertSeries({
      assetId: 'p/oven',
      metric,
      unit: '1',
      description,
      expectedIntervalMs: S,
      minValue: 0,
    });
  const clock = manualClock(T0);
  const alarms = createAlarmService({ store });
  const live = createLiveMonitor({ monitor: createSeriesMonitor({ alarms }), store, clock });
  return { clock, alarms, live };
}

const noisy = (i: number) => 50 + ((i * 7919) % 13) / 13;

describe('live monitor', () => {
  it('raises a detector alarm on a step in a gauge, none on a flat-then-reset counter', async () => {
    const { alarms, live } = await setup();
    for (let b = 0; b < 30; b++) {
      const batch = [];
      for (let i = b * 100; i < (b + 1) * 100; i++) {
        batch.push({ seriesId: 'p/oven/temp', ts: T0 + i * S, value: noisy(i) + (i >= 2500 ? 20 : 0) });
        // Counter: rises, stays flat for a long stretch, then resets to 0.
        batch.push({
          seriesId: 'p/oven/parts_total',
          ts: T0 + i * S,
          value: i < 2000 ? i : i < 2600 ? 2000 : i - 2600,
        });
      }
      live.push(batch);
    }
    await live.idle();
    const open = await alarms.list({ open: true });
    expect(open.map((a) => a.key)).toEqual(['p/oven/temp|anomaly']);
    expect(open[0]?.raisedAt).toBeGreaterThanOrEqual(T0 + 2500 * S);
  });

  it('judges silence on the stream clock, so replayed history is not all "missing"', async () => {
    const { clock, alarms, live } = await setup();
    // Data from a day ago arrives now (a replay): the wall clock is far ahead of the data.
    clock.set(T0 + 86_400_000);
    live.push(
      Array.from({ length: 60 }, (_, i) => ({ seriesId: 'p/oven/temp', ts: T0 + i * S, value: noisy(i) })),
    );
    await live.tick();
    expect(await alarms.list({ open: true })).toEqual([]);
    // Then nothing arrives for 6 minutes of wall time: silent beyond the 5-minute default.
    clock.set(T0 + 86_400_000 + 6 * 60_000);
    await live.tick();
    expect((await alarms.list({ open: true })).map((a) => a.condition)).toEqual(['missing']);
  });

  it('applies operator overrides on reload (a threshold), and clears alarms of rules removed', async () => {
    const { alarms, live } = await setup();
    live.push([{ seriesId: 'p/oven/temp', ts: T0, value: 50 }]);
    await store.putDoc(MONITOR_CONFIG_NS, 'p/oven/temp', { threshold: { high: 60, severity: 'major' } });
    await live.reload('p/oven/temp');
    live.push([{ seriesId: 'p/oven/temp', ts: T0 + S, value: 61 }]);
    await live.idle();
    expect((await alarms.list({ open: true })).map((a) => a.condition)).toEqual(['limit:high']);
    await store.putDoc(MONITOR_CONFIG_NS, 'p/oven/temp', {});
    await live.reload('p/oven/temp');
    await live.idle();
    expect((await alarms.list({ open: true }))[0]?.state).toBe('returned-unacknowledged');
  });

  it('suppresses a gauge by its state series in the same batch, whichever comes first, and owned elsewhere', async () => {
    for (const metric of ['bearing_temp', 'state'])
      await store.upsertSeries({
        assetId: 'p/m',
        metric,
        unit: '1',
        description: metric,
        expectedIntervalMs: S,
      });
    await store.putDoc(MONITOR_CONFIG_NS, 'p/m/bearing_temp', {
      anomaly: null,
      stuck: null,
      threshold: { high: 60, severity: 'major' },
      suppressWhile: { series: 'p/m/state', values: [0, 2] },
    });
    const alarms = createAlarmService({ store });
    // Three shards, only the gauge's held here: the state series is another node's to evaluate.
    const live = createLiveMonitor({
      monitor: createSeriesMonitor({ alarms }),
      store,
      clock: manualClock(T0),
      shards: 3,
    });
    live.acquire(shardOf('p/m/bearing_temp', 3));
    expect(live.owns('p/m/state')).toBe(false);
    // Idle (2) and hot for 100 s, then running (1) and hot: one alarm, raised when it runs.
    const batch = [];
    for (let i = 0; i < 200; i++) {
      batch.push({ seriesId: 'p/m/bearing_temp', ts: T0 + i * S, value: 70 });
      batch.push({ seriesId: 'p/m/state', ts: T0 + i * S, value: i < 100 ? 2 : 1 });
    }
    live.push(batch.slice(0, 2)); // the first points set the series up
    live.push(batch.slice(2));
    await live.idle();
    const open = await alarms.list({ open: true });
    expect(open.map((a) => [a.key, a.raisedAt])).toEqual([['p/m/bearing_temp|limit:high', T0 + 100 * S]]);
  });
});
