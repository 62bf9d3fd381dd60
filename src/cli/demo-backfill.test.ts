import { afterEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../core/index.js';
import { createDemo, HOUR, provisionAssets, provisionDemoMonitoring } from '../demo/index.js';
import { monitoring } from '../domains/index.js';
import { createIngestPipeline } from '../ingest/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { backfillDemo } from './demo-backfill.js';

// 06:00 China Standard Time: T0 of the fault script is the start itself.
const START = Date.parse('2026-06-01T06:00:00+08:00');
const UNTIL = START + 6 * HOUR;
const DAY = 24 * HOUR;

const demoOf = () =>
  createDemo({
    brokerUrl: 'mqtt://127.0.0.1:1', // never connected: backfill() does not publish
    start: START,
    history: { until: UNTIL, farmLeadMs: 2 * DAY },
  });

const handleOf = (store: Store) => ({
  pipeline: createIngestPipeline({ store, clock: { now: () => UNTIL }, logger: silentLogger }),
  rul: { idle: async () => {} },
});

describe('backfillDemo', () => {
  let store: Store | undefined;
  afterEach(async () => {
    await store?.close();
  });

  it('writes the history through the pipeline without false gaps, and only once', async () => {
    store = await openSqliteStore(':memory:');
    const first = demoOf();
    await provisionAssets(store, first.model.historyAssets);
    const done: number[] = [];
    const a = await backfillDemo(first, handleOf(store), store, START - 2 * DAY, UNTIL, (f) => done.push(f));
    expect(a.skipped).toBe(0);
    expect(done.at(-1)).toBe(1);
    expect(done).toEqual([...done].sort((x, y) => x - y));
    // two days and six hours of farm weather at 15 min, six hours of the factory at 60 s, each
    // with a last sample one live interval before the end (the live samples follow it)
    const air = await store.queryPoints('farm1/weather-station/air_temp', {
      from: START - 3 * DAY,
      to: UNTIL,
    });
    expect(air).toHaveLength((2 * DAY + 6 * HOUR) / (15 * 60_000) + 1);
    expect(air.at(-1)?.ts).toBe(UNTIL - 60_000);
    const state = await store.queryPoints('factory1/assembly/line1/cnc-01/state', { from: 0, to: UNTIL });
    expect(state).toHaveLength(6 * 60 + 1);
    expect(state.at(-1)?.ts).toBe(UNTIL - 1000);
    // the scripted communication gap of line1/press-01 (T0 + 4 h, 20 min) is the only gap reported
    const gaps = await store.listEvents({ kind: 'gap', limit: 1000 });
    expect(gaps.length).toBeGreaterThan(0);
    expect(new Set(gaps.map((e) => e.seriesId?.split('/').slice(0, 4).join('/')))).toEqual(
      new Set(['factory1/assembly/line1/press-01']),
    );

    // A restart on the same database writes nothing twice.
    const again = await backfillDemo(demoOf(), handleOf(store), store, START - 2 * DAY, UNTIL);
    expect(again.points).toBe(0);
    expect(again.skipped).toBe(a.points);
    expect(await store.queryPoints('farm1/weather-station/air_temp', { from: 0, to: UNTIL })).toHaveLength(
      air.length,
    );
    expect(await store.listEvents({ kind: 'gap', limit: 1000 })).toHaveLength(gaps.length);
  }, 60_000);

  it('picks up after the last stored point when the database holds part of the history', async () => {
    store = await openSqliteStore(':memory:');
    const demo = demoOf();
    await provisionAssets(store, demo.model.historyAssets);
    await store.writePoints([{ seriesId: 'farm1/weather-station/air_temp', ts: START, value: 20 }]);
    const r = await backfillDemo(demo, handleOf(store), store, START - 2 * DAY, UNTIL);
    expect(r.skipped).toBe((2 * DAY) / (15 * 60_000) + 1);
    const air = await store.queryPoints('farm1/weather-station/air_temp', { from: 0, to: UNTIL });
    expect(air[0]).toMatchObject({ ts: START, value: 20 });
  }, 60_000);
});

describe('provisionDemoMonitoring', () => {
  it("alarms on the plant's faults only, and keeps an operator's rules", async () => {
    const store = await openSqliteStore(':memory:');
    try {
      const demo = demoOf();
      await provisionAssets(store, demo.model.assets);
      await store.putDoc(monitoring.MONITOR_CONFIG_NS, 'factory1/assembly/line1/cnc-01/current', {
        threshold: { high: 30, severity: 'major' },
      });
      const written = await provisionDemoMonitoring(store, demo.model.assets);
      expect(written).toBe(184);
      const rules = async (id: string) => (await monitoring.loadMonitorConfig(store, id))?.rules ?? [];
      const kinds = async (id: string) => (await rules(id)).map((r) => `${r.kind}:${r.id}`);
      expect(await kinds('factory1/assembly/line1/cnc-02/bearing_temp')).toEqual(['threshold:limit']);
      expect(await kinds('factory1/assembly/line1/cnc-02/vibration')).toEqual(['threshold:limit']);
      expect(await kinds('factory1/assembly/line1/cnc-02/state')).toEqual(['missing:missing']);
      expect(await kinds('factory1/assembly/line1/cnc-02/current')).toEqual([]);
      expect(await kinds('depot1/van-01/load')).toEqual([]);
      expect(await kinds('depot1/van-01/status')).toEqual(['missing:missing']);
      // the operator's rule stays, with the platform's defaults around it
      expect(await kinds('factory1/assembly/line1/cnc-01/current')).toContain('threshold:limit');
    } finally {
      await store.close();
    }
  });
});
