import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlarmService } from '../../analytics/index.js';
import { manualClock } from '../../core/index.js';
import { createLiveMonitor, createSeriesMonitor, MONITOR_CONFIG_NS } from '../../domains/monitoring/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { fakeLeaseCluster } from './fake-leases.fixture.js';
import { createLocalLeases } from './leases.js';
import { holdMonitorShards, shardLease } from './monitor-shards.js';

const SHARDS = 16;
const T0 = Date.UTC(2024, 0, 1);
const S = 1000;

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(() => store.close());

/** Records acquire/release per shard, as a live monitor would see them. */
const recorder = () => {
  const held = new Set<number>();
  return {
    held,
    work: { acquire: (k: number) => void held.add(k), release: (k: number) => void held.delete(k) },
  };
};

describe('monitor shards under leases', () => {
  it('one process holds every shard', async () => {
    const leases = createLocalLeases();
    const r = recorder();
    const shards = holdMonitorShards(leases, SHARDS, r.work);
    await shards.rebalance();
    expect(shards.held()).toHaveLength(SHARDS);
    expect(r.held.size).toBe(SHARDS);
    await shards.close();
    expect(r.held.size).toBe(0);
    expect(await leases.holders()).toEqual({});
  });

  it('a second node gets its fair half; a third evens out to at most ceil(16/3); the survivors take a dead node’s shards', async () => {
    const cluster = fakeLeaseCluster();
    const [ra, rb, rc] = [recorder(), recorder(), recorder()];
    const a = holdMonitorShards(cluster.node('a'), SHARDS, ra.work);
    await a.rebalance();
    expect(ra.held.size).toBe(SHARDS);
    const b = holdMonitorShards(cluster.node('b'), SHARDS, rb.work);
    expect(rb.held.size).toBe(0);
    await a.rebalance();
    expect([ra.held.size, rb.held.size]).toEqual([8, 8]);
    // A round later a wants the shards it gave up again, but b holds them: nothing moves.
    await a.rebalance();
    await b.rebalance();
    expect([ra.held.size, rb.held.size]).toEqual([8, 8]);

    const c = holdMonitorShards(cluster.node('c'), SHARDS, rc.work);
    for (let i = 0; i < 3; i++) for (const n of [a, b, c]) await n.rebalance();
    const sizes = [ra.held.size, rb.held.size, rc.held.size];
    expect(sizes.reduce((x, y) => x + y)).toBe(SHARDS);
    for (const n of sizes) expect(n).toBeLessThanOrEqual(Math.ceil(SHARDS / 3));
    // Never two holders of one shard.
    for (let k = 0; k < SHARDS; k++) expect([ra, rb, rc].filter((r) => r.held.has(k))).toHaveLength(1);

    await cluster.kill('a');
    expect(rb.held.size + rc.held.size).toBe(SHARDS);
    for (const n of [b, c]) await n.rebalance();
    expect([rb.held.size, rc.held.size]).toEqual([8, 8]);
    await Promise.all([b.close(), c.close(), a.close()]);
  });

  it('two nodes over the same points raise each alarm once, across a takeover', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const s = await store.upsertSeries({
        assetId: `p/m${i}`,
        metric: 'temp',
        unit: 'Cel',
        description: 'temperature',
        expectedIntervalMs: S,
      });
      await store.putDoc(MONITOR_CONFIG_NS, s.id, { threshold: { high: 60, severity: 'major' } });
      ids.push(s.id);
    }
    const cluster = fakeLeaseCluster();
    const node = (id: string) => {
      const live = createLiveMonitor({
        monitor: createSeriesMonitor({ alarms: createAlarmService({ store }) }),
        store,
        clock: manualClock(T0),
        shards: SHARDS,
      });
      const shards = holdMonitorShards(cluster.node(id), SHARDS, live);
      return { live, shards };
    };
    const a = node('a');
    const b = node('b');
    await a.shards.rebalance();
    const push = async (nodes: Array<typeof a>, i: number, v: number) => {
      for (const n of nodes) n.live.push(ids.map((seriesId) => ({ seriesId, ts: T0 + i * S, value: v })));
      await Promise.all(nodes.map((n) => n.live.idle()));
    };
    await push([a, b], 0, 70);
    await push([a, b], 1, 71);
    // a dies while every alarm is active; b takes all shards and the alarms go on, not raised again.
    await cluster.kill('a');
    expect(b.shards.held()).toHaveLength(SHARDS);
    await push([b], 2, 72);
    await push([b], 3, 50);
    await push([b], 4, 80);
    const raised = await store.listEvents({ kind: 'alarm.raised' });
    // Once at the start, once after the return to normal: two per series, no more.
    expect(raised).toHaveLength(2 * ids.length);
    expect(await store.listEvents({ kind: 'alarm.repeated' })).toEqual([]);
    expect(cluster.holder(shardLease(0))).toBe('b');
    await b.shards.close();
  });
});
