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
const SHARDS = 16;

/** Eight temperature series with a 60 °C limit, and which shard each falls in. */
async function plant(): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < 8; i++) {
    const s = await store.upsertSeries({
      assetId: `p/oven${i}`,
      metric: 'temp',
      unit: 'Cel',
      description: 'oven temperature',
      expectedIntervalMs: S,
    });
    await store.putDoc(MONITOR_CONFIG_NS, s.id, { threshold: { high: 60, severity: 'major' } });
    ids.push(s.id);
  }
  return ids;
}

function node(o: { shards?: number } = {}) {
  const clock = manualClock(T0);
  const alarms = createAlarmService({ store });
  const live = createLiveMonitor({ monitor: createSeriesMonitor({ alarms }), store, clock, ...o });
  return { clock, alarms, live };
}

const raised = async () => (await store.listEvents({ kind: 'alarm.raised' })).map((e) => e.message);
const batch = (ids: readonly string[], ts: number, value: number) =>
  ids.map((seriesId) => ({ seriesId, ts, value }));

describe('live monitor shards', () => {
  it('shardOf is stable and spreads series over the shards', () => {
    expect(shardOf('p/oven0/temp', SHARDS)).toBe(shardOf('p/oven0/temp', SHARDS));
    const used = new Set(Array.from({ length: 200 }, (_, i) => shardOf(`site/m${i}/temp`, SHARDS)));
    expect(used.size).toBe(SHARDS);
    for (const k of used) expect(k >= 0 && k < SHARDS).toBe(true);
    expect(() => createLiveMonitor({ ...node(), shards: 0 } as never)).toThrow(RangeError);
  });

  it('evaluates nothing until a shard is acquired, and only the series of shards held', async () => {
    const ids = await plant();
    const { live, alarms } = node({ shards: SHARDS });
    live.push(batch(ids, T0, 70));
    await live.idle();
    expect(await alarms.list({ open: true })).toEqual([]);
    const k = shardOf(ids[0]!, SHARDS);
    live.acquire(k);
    live.push(batch(ids, T0 + S, 70));
    await live.idle();
    const inShard = ids.filter((id) => shardOf(id, SHARDS) === k);
    expect((await alarms.list({ open: true })).map((a) => a.source).sort()).toEqual(inShard.sort());
    expect(live.owns(ids[0]!)).toBe(true);
  });

  it('a lost shard stops alarms of its series; regained, an active alarm is not raised again and still clears', async () => {
    const ids = await plant();
    const id = ids[0]!;
    const k = shardOf(id, SHARDS);
    const { live, alarms } = node({ shards: SHARDS });
    live.acquire(k);
    live.push(batch([id], T0, 70));
    await live.idle();
    expect(await raised()).toHaveLength(1);

    await live.release(k);
    expect(live.owns(id)).toBe(false);
    // Back to normal and over the limit again while not held: nothing is evaluated here.
    live.push(batch([id], T0 + S, 50));
    live.push(batch([id], T0 + 2 * S, 75));
    await live.idle();
    expect(await raised()).toHaveLength(1);
    expect((await alarms.get(`${id}|limit:high`))?.state).toBe('unacknowledged');

    live.acquire(k);
    live.push(batch([id], T0 + 3 * S, 72));
    await live.idle();
    const events = await store.listEvents({});
    expect(events.filter((e) => e.kind === 'alarm.raised')).toHaveLength(1);
    expect(events.filter((e) => e.kind === 'alarm.repeated')).toHaveLength(0);
    // The regained state knows the alarm is active, so the condition ending clears it.
    live.push(batch([id], T0 + 4 * S, 50));
    await live.idle();
    expect((await alarms.get(`${id}|limit:high`))?.state).toBe('returned-unacknowledged');
  });

  it('two monitors with disjoint shards over the same points raise each alarm exactly once', async () => {
    const ids = await plant();
    const a = node({ shards: SHARDS });
    const b = node({ shards: SHARDS });
    for (let k = 0; k < SHARDS; k++) (k % 2 === 0 ? a : b).live.acquire(k);
    for (let i = 0; i < 20; i++) {
      // Over the limit for ten seconds, back for five, over again: two alarms per series.
      const v = i < 10 ? 70 : i < 15 ? 50 : 80;
      for (const n of [a, b]) n.live.push(batch(ids, T0 + i * S, v));
    }
    await Promise.all([a.live.idle(), b.live.idle()]);
    const msgs = await raised();
    expect(msgs).toHaveLength(2 * ids.length);
    expect(new Set(msgs).size).toBe(msgs.length);
    for (const id of ids) expect(msgs.filter((m) => m.startsWith(`${id} `))).toHaveLength(2);
  });

  it('a node taking a shard over continues the alarms of the previous holder without raising them again', async () => {
    const ids = await plant();
    const a = node({ shards: SHARDS });
    const b = node({ shards: SHARDS });
    for (let k = 0; k < SHARDS; k++) a.live.acquire(k);
    for (const n of [a, b]) n.live.push(batch(ids, T0, 70));
    await Promise.all([a.live.idle(), b.live.idle()]);
    expect(await raised()).toHaveLength(ids.length);
    // a dies (its leases lapse); b takes every shard.
    for (let k = 0; k < SHARDS; k++) b.live.acquire(k);
    b.live.push(batch(ids, T0 + S, 71));
    b.live.push(batch(ids, T0 + 2 * S, 50));
    await b.live.idle();
    expect(await raised()).toHaveLength(ids.length);
    expect((await b.alarms.list({ open: true })).every((x) => x.state === 'returned-unacknowledged')).toBe(
      true,
    );
  });

  it('ticks (missing data, shelving expiry) only the series of shards held', async () => {
    const ids = await plant();
    const id = ids[0]!;
    const other = ids.find((x) => shardOf(x, SHARDS) !== shardOf(id, SHARDS))!;
    const { live, alarms, clock } = node({ shards: SHARDS });
    for (let k = 0; k < SHARDS; k++) live.acquire(k);
    live.push([...batch([id], T0, 70), ...batch([other], T0, 70)]);
    await live.idle();
    for (const s of [id, other])
      await alarms.apply({ type: 'shelve', key: `${s}|limit:high`, user: 'op', until: T0 + 60_000, ts: T0 });
    await live.release(shardOf(other, SHARDS));
    clock.set(T0 + 10 * 60_000);
    await live.tick();
    const open = await alarms.list({ open: true });
    const bySource = Object.fromEntries(open.map((x) => [x.source, x.condition]));
    // Silent for 10 min and shelving over for the held series; the released one is left alone.
    expect((await alarms.get(`${id}|limit:high`))?.shelvedUntil).toBeNull();
    expect((await alarms.get(`${other}|limit:high`))?.shelvedUntil).toBe(T0 + 60_000);
    expect(open.some((x) => x.source === id && x.condition === 'missing')).toBe(true);
    expect(bySource[other]).toBe('limit:high');
    expect(open.filter((x) => x.source === other)).toHaveLength(1);
  });

  it('without shards every series is evaluated and acquire/release change nothing', async () => {
    const ids = await plant();
    const { live, alarms } = node();
    live.release(3);
    live.push(batch(ids, T0, 70));
    await live.idle();
    expect(await alarms.list({ open: true })).toHaveLength(ids.length);
    expect(ids.every((id) => live.owns(id))).toBe(true);
  });
});
