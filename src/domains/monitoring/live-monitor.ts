/**
 * The series monitor over a running platform: every committed batch (MQTT, HTTP or file ingest)
 * goes in, grouped per series; each series gets its rules from its metadata and stored overrides
 * the first time it is seen; a clock tick drives missing-data rules and shelving expiry.
 *
 * Batches are processed one at a time in arrival order (a queue), so the monitor never scores a
 * series concurrently and the caller (a synchronous bus listener) never waits.
 *
 * Missing data is judged on the **stream clock**: the newest timestamp seen, advanced by the wall
 * time elapsed since it arrived. Live, it equals the wall clock; while a replay or the demo fills
 * in yesterday at 60×, it follows the data, so series are not all "silent" just because their
 * timestamps are in the past.
 *
 * In a cluster every node sees every point, but each series is evaluated by one node: series fall
 * into `shards` by a stable hash of their id (`shardOf`), and a node scores, ticks and expires the
 * shelving of only the series of the shards it has acquired (under a lease, held by the server).
 * Acquiring a shard needs no hand-over: a series is set up when its next point arrives, its rule
 * states from the alarms in the store (series-monitor.ts), so an alarm the previous holder raised
 * is not raised again. Releasing one drops the state of its series at once.
 */
import type { Clock, Logger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { loadMonitorConfig } from './monitor-config.js';
import type { SeriesMonitor } from './series-monitor.js';

export interface LiveMonitorOptions {
  readonly monitor: SeriesMonitor;
  readonly store: Pick<Store, 'getSeries' | 'getDoc'>;
  readonly clock: Clock;
  readonly logger?: Logger;
  /**
   * Split the series into this many shards and evaluate only those acquired (`acquire`); default
   * unset: every series is evaluated and there is nothing to acquire.
   */
  readonly shards?: number;
}

export interface LiveMonitor {
  /** Queues a committed batch; returns at once. */
  push(points: readonly { seriesId: string; ts: number; value: number }[]): void;
  /** Queues a clock tick at the stream clock. */
  tick(): Promise<void>;
  /**
   * Re-reads a series' rules (after an operator changed them), when evaluated here. With `shards`,
   * each tick also re-reads the rules of the series evaluated here (changed on another node).
   */
  reload(seriesId: string): Promise<void>;
  /** Resolves when everything queued so far is done. */
  idle(): Promise<void>;
  /** The stream clock (see the module comment). */
  streamNow(): number;
  /** Starts evaluating the series of shard `k` (with `shards` set). */
  acquire(k: number): void;
  /** Stops evaluating the series of shard `k` at once; resolves when their state is dropped. */
  release(k: number): Promise<void>;
  /** Whether this monitor evaluates `seriesId` now. */
  owns(seriesId: string): boolean;
}

/**
 * The shard of a series among `count`: FNV-1a of its id, so every node, of any version, agrees.
 * Hand-written: eight lines, and a hash library would be a dependency for it.
 */
export function shardOf(seriesId: string, count: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < seriesId.length; i++) {
    h ^= seriesId.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % count;
}

export function createLiveMonitor(o: LiveMonitorOptions): LiveMonitor {
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (fn: () => Promise<unknown>): Promise<void> => {
    queue = queue.then(fn).then(
      () => undefined,
      (e: unknown) => o.logger?.warn({ err: e }, 'alarm monitoring failed'),
    );
    return queue;
  };
  let newestTs = Number.NEGATIVE_INFINITY;
  let newestAt = 0;
  const streamNow = (): number => {
    const wall = o.clock.now();
    if (!Number.isFinite(newestTs)) return wall;
    return Math.min(wall, newestTs + (wall - newestAt));
  };
  const shards = o.shards;
  if (shards !== undefined && !(Number.isInteger(shards) && shards >= 1))
    throw new RangeError(`shards must be a positive integer, got ${shards}`);
  const held = new Set<number>();
  const owns = (seriesId: string): boolean => shards === undefined || held.has(shardOf(seriesId, shards));
  const configure = async (seriesId: string): Promise<void> => {
    const cfg = await loadMonitorConfig(o.store, seriesId);
    await o.monitor.configure(seriesId, cfg?.rules ?? [], streamNow(), cfg?.effective.suppressWhile ?? null);
  };

  return {
    push(points) {
      if (points.length === 0) return;
      const bySeries = new Map<string, Array<{ ts: number; value: number }>>();
      let maxTs = Number.NEGATIVE_INFINITY;
      for (const p of points) {
        let list = bySeries.get(p.seriesId);
        if (!list) {
          list = [];
          bySeries.set(p.seriesId, list);
        }
        list.push({ ts: p.ts, value: p.value });
        if (p.ts > maxTs) maxTs = p.ts;
      }
      if (maxTs > newestTs) {
        newestTs = maxTs;
        newestAt = o.clock.now();
      }
      void enqueue(async () => {
        // Ownership is read when the batch is scored, so a shard released meanwhile is skipped.
        const mine = [...bySeries].filter(([id]) => owns(id));
        for (const [id] of mine) if (!o.monitor.has(id)) await configure(id);
        // Within one batch points are in arrival order; the monitor skips late ones.
        for (const pts of bySeries.values()) pts.sort((a, b) => a.ts - b.ts);
        // State series that suppress others first (owned here or not): they decide the suppression.
        for (const [id, pts] of bySeries) if (o.monitor.isSuppressor(id)) o.monitor.observeState(id, pts);
        for (const [id, pts] of mine) await o.monitor.onPoints(id, pts);
      });
    },
    tick: () =>
      enqueue(async () => {
        if (shards === undefined) return o.monitor.tick(streamNow());
        // Rules changed through another node's API reach the node evaluating the series here.
        for (const id of o.monitor.ids()) {
          const cfg = owns(id) ? await loadMonitorConfig(o.store, id) : undefined;
          if (cfg) await o.monitor.configure(id, cfg.rules, streamNow(), cfg.effective.suppressWhile);
        }
        return o.monitor.tick(streamNow(), owns);
      }),
    // A series not evaluated here is set up from the stored rules by its holder on its next point.
    reload: (seriesId) =>
      enqueue(async () => {
        if (owns(seriesId)) await configure(seriesId);
      }),
    idle: () => queue,
    streamNow,
    acquire(k) {
      if (shards !== undefined) held.add(k);
    },
    release(k) {
      if (shards === undefined) return queue;
      held.delete(k);
      return enqueue(async () => {
        if (held.has(k)) return;
        for (const id of o.monitor.ids()) if (shardOf(id, shards) === k) o.monitor.forget(id);
      });
    },
    owns,
  };
}
