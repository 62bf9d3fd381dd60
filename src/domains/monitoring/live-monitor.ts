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
}

export interface LiveMonitor {
  /** Queues a committed batch; returns at once. */
  push(points: readonly { seriesId: string; ts: number; value: number }[]): void;
  /** Queues a clock tick at the stream clock. */
  tick(): Promise<void>;
  /** Re-reads a series' rules (after an operator changed them). */
  reload(seriesId: string): Promise<void>;
  /** Resolves when everything queued so far is done. */
  idle(): Promise<void>;
  /** The stream clock (see the module comment). */
  streamNow(): number;
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
  const configure = async (seriesId: string): Promise<void> => {
    const cfg = await loadMonitorConfig(o.store, seriesId);
    await o.monitor.configure(seriesId, cfg?.rules ?? [], streamNow());
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
        for (const [id, pts] of bySeries) {
          if (!o.monitor.has(id)) await configure(id);
          // Within one batch points are in arrival order; the monitor skips late ones.
          pts.sort((a, b) => a.ts - b.ts);
          await o.monitor.onPoints(id, pts);
        }
      });
    },
    tick: () => enqueue(() => o.monitor.tick(streamNow())),
    reload: (seriesId) => enqueue(() => configure(seriesId)),
    idle: () => queue,
    streamNow,
  };
}
