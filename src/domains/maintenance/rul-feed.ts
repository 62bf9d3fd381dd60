/**
 * The maintenance service: remaining useful life on the live feed of a running server. Machines
 * whose telemetry is mapped to a model (a mapping per asset in the collection
 * `maintenance.rul-mappings`, managed through `PUT /api/v1/rul/mappings/{asset}`) get a
 * `createRulMonitor`; every point the server stores is
 * pushed to the monitors whose series it feeds, so RUL, band and latest safe stop move as data
 * arrives and `rul.alarm` / `rul.clear` events are appended to the store.
 *
 * When a monitor starts (server start, or a mapping put) it first replays the stored history of its
 * series over `warmupMs`, so a restart neither forgets the trend nor learns a "healthy" baseline
 * from a machine that is already wearing. Alarm events the replay would raise again are not
 * appended twice (an event of the same kind, asset and time already in the store is kept).
 *
 * In a cluster every node runs the monitors (each sees every point, and answers status and SSE
 * itself), but only the holder of the lease `rul` appends the events (`writesEvents`).
 */

import {
  cycleModelEstimator,
  DEMO_BEARING_FEATURES,
  healthIndexEstimator,
  type RulEstimator,
  type RulModel,
} from '../../analytics/rul/index.js';
import { productionModel } from '../../analytics/runs/index.js';
import { type Logger, XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, defineCollection, type PointWrite, type Store } from '../../store/index.js';
import { type RulMapping, RulMappingSchema, type RulModelRef } from './rul-mapping-schema.js';
import { createRulMonitor, type RulMonitor, type RulStatus } from './rul-monitor.js';

/** Where the feed hears of stored points: the server's live bus. */
export interface PointFeed {
  onPoints(listener: (points: readonly PointWrite[]) => void): () => void;
}

export const RUL_MAPPINGS_NS = DOC_NAMESPACES.maintenanceRulMappings;

export type { RulMapping, RulModelRef } from './rul-mapping-schema.js';

/** Which model watches which asset, by asset id. */
export const rulMappingCollection = defineCollection(RUL_MAPPINGS_NS, RulMappingSchema);

/** One update, JSON-safe (an unbounded RUL is `null`). */
export interface RulPoint {
  readonly ts: number;
  readonly rulMs: number | null;
  readonly lowMs: number | null;
  readonly highMs: number | null;
  readonly healthIndex: number | null;
  readonly latestSafeStop: number | null;
  readonly alarm: boolean;
}

export type RulState = 'waiting' | 'healthy' | 'degrading' | 'alarm' | 'error';

export interface RulAssetStatus {
  readonly assetId: string;
  readonly model: string;
  readonly state: RulState;
  readonly current: RulPoint | null;
  readonly alarmBelowMs: number;
  /** Time of the latest kept update in alarm (a past episode, e.g. a bearing since replaced), or null. */
  readonly lastAlarmAt: number | null;
  readonly error?: string;
}

export interface RulFeed {
  /** Loads every stored mapping and starts its monitor (called once at start). */
  start(): Promise<void>;
  mappings(): Promise<RulMapping[]>;
  /** Stores the mapping and (re)starts the asset's monitor, with a replay of the stored history. */
  putMapping(mapping: RulMapping): Promise<RulAssetStatus>;
  deleteMapping(assetId: string): Promise<boolean>;
  /** Restarts the monitors that use this registered model (its production version changed). */
  reloadModel(name: string): Promise<void>;
  status(): RulAssetStatus[];
  status(assetId: string): RulAssetStatus | undefined;
  /** The updates kept for the asset (oldest first), for the trend chart. */
  history(assetId: string): readonly RulPoint[];
  /** Resolves when every point handed over so far has been processed (tests, shutdown). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface RulFeedOptions {
  /** The observed store (events appended here reach the live stream). */
  readonly store: Store;
  readonly bus: PointFeed;
  readonly logger: Logger;
  /** History replayed when a monitor starts; default 24 h. */
  readonly warmupMs?: number;
  /** Updates kept per asset for the trend; default 2000. */
  readonly keep?: number;
  /** Whether this node appends the `rul.*` events now (a cluster lease); default always. */
  readonly writesEvents?: () => boolean;
  /**
   * Replay the history up to this time (inclusive) instead of up to the latest stored point: the
   * status as of a past moment (a report's period end, {@link rulStatusAt}).
   */
  readonly asOf?: number;
}

const DEFAULT_BUCKET = 5 * 60_000;
const DEFAULT_ALARM = 2 * 3_600_000;

const finite = (x: number | null | undefined): number | null =>
  x === null || x === undefined || !Number.isFinite(x) ? null : x;

const toPoint = (s: RulStatus): RulPoint => ({
  ts: s.ts,
  rulMs: finite(s.rulMs),
  lowMs: finite(s.lowMs),
  highMs: finite(s.highMs),
  healthIndex: finite(s.healthIndex),
  latestSafeStop: s.latestSafeStop,
  alarm: s.alarm,
});

const modelLabel = (m: RulModelRef): string =>
  m.kind === 'registry' ? `registry:${m.name}` : 'health-index';

interface Entry {
  readonly mapping: RulMapping;
  readonly monitor: RulMonitor | null;
  readonly error?: string;
  readonly history: RulPoint[];
  /** Serialises pushes: the monitor's state is updated in time order. */
  chain: Promise<void>;
  /** Points that arrived while the history was replayed; pushed after it, newer than `replayedTo`. */
  pending: PointWrite[] | null;
  replayedTo: number;
  closed: boolean;
}

export function createRulFeed(options: RulFeedOptions): RulFeed {
  const { store, bus, logger } = options;
  const warmupMs = options.warmupMs ?? 24 * 3_600_000;
  const keep = options.keep ?? 2000;
  const entries = new Map<string, Entry>();
  /** series id → assets whose monitor reads it */
  const bySeries = new Map<string, Set<string>>();

  const index = (): void => {
    bySeries.clear();
    for (const [asset, e] of entries) {
      const ids = [...Object.keys(e.mapping.series), ...(e.mapping.gate ? [e.mapping.gate.seriesId] : [])];
      for (const id of ids) {
        const set = bySeries.get(id) ?? new Set<string>();
        set.add(asset);
        bySeries.set(id, set);
      }
    }
  };

  const estimatorFor = async (m: RulMapping): Promise<RulEstimator> => {
    if (m.model.kind === 'health-index')
      return healthIndexEstimator({
        features: m.model.features ?? DEMO_BEARING_FEATURES,
        ...(m.model.baselineSamples === undefined ? {} : { baselineSamples: m.model.baselineSamples }),
      });
    const prod = await productionModel<RulModel>(store, m.model.name);
    return cycleModelEstimator(prod.model);
  };

  const push = async (e: Entry, points: readonly PointWrite[]): Promise<void> => {
    if (!e.monitor) return;
    const sorted = [...points].sort((a, b) => a.ts - b.ts);
    for (const p of sorted) {
      const s = await e.monitor.push(p.seriesId, p.ts, p.value);
      if (s) {
        e.history.push(toPoint(s));
        if (e.history.length > keep) e.history.splice(0, e.history.length - keep);
      }
    }
  };

  const run = (e: Entry, fn: () => Promise<void>): void => {
    e.chain = e.chain.then(async () => {
      if (e.closed) return;
      try {
        await fn();
      } catch (err) {
        logger.error({ err, asset: e.mapping.assetId }, 'rul monitor update failed');
      }
    });
  };

  const startEntry = async (m: RulMapping): Promise<Entry> => {
    let monitor: RulMonitor | null = null;
    let error: string | undefined;
    let replaying = true;
    try {
      const estimator = await estimatorFor(m);
      const bucketMs = m.bucketMs ?? DEFAULT_BUCKET;
      const gate = m.gate;
      monitor = createRulMonitor({
        // During the replay an event already stored (same kind, asset and time) is not appended again.
        store: {
          appendEvent: async (input) => {
            // Another node writes the events: this monitor only keeps its own status.
            if (options.writesEvents && !options.writesEvents())
              return {
                id: 0,
                ts: input.ts,
                kind: input.kind,
                severity: input.severity ?? 'info',
                assetId: input.assetId ?? null,
                seriesId: input.seriesId ?? null,
                message: input.message,
                data: input.data ?? {},
              };
            if (replaying) {
              const same = await store.listEvents({
                kind: input.kind,
                ...(input.assetId == null ? {} : { assetId: input.assetId }),
                from: input.ts,
                to: input.ts + 1,
                limit: 1,
              });
              if (same[0]) return same[0];
            }
            return store.appendEvent(input);
          },
        },
        assetId: m.assetId,
        estimator,
        mapping: m.series,
        ...(gate
          ? { gate: { seriesId: gate.seriesId, accept: (v: number) => gate.values.includes(v) } }
          : {}),
        bucketMs,
        cycleMs: m.cycleMs ?? bucketMs,
        alarmBelowMs: m.alarmBelowMs ?? DEFAULT_ALARM,
        ...(m.safetyMarginMs === undefined ? {} : { safetyMarginMs: m.safetyMarginMs }),
      });
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      logger.warn({ asset: m.assetId, error }, 'rul mapping not started');
    }
    const e: Entry = {
      mapping: m,
      monitor,
      ...(error === undefined ? {} : { error }),
      history: [],
      chain: Promise.resolve(),
      pending: [],
      replayedTo: Number.NEGATIVE_INFINITY,
      closed: false,
    };
    run(e, async () => {
      try {
        if (!monitor) return;
        const ids = [...Object.keys(m.series), ...(m.gate ? [m.gate.seriesId] : [])];
        const latest = await store.latest(ids);
        let to = Number.NEGATIVE_INFINITY;
        for (const p of latest.values()) to = Math.max(to, p.ts);
        if (options.asOf !== undefined) to = Math.min(to, options.asOf);
        if (!Number.isFinite(to)) return;
        const points: PointWrite[] = [];
        for (const id of ids)
          for (const p of await store.queryPoints(id, { from: to - warmupMs, to: to + 1 }))
            points.push({ seriesId: id, ts: p.ts, value: p.value });
        await push(e, points);
        e.replayedTo = to;
      } finally {
        replaying = false;
        const queued = (e.pending ?? []).filter((p) => p.ts > e.replayedTo);
        e.pending = null;
        await push(e, queued);
      }
    });
    return e;
  };

  const replace = async (m: RulMapping): Promise<Entry> => {
    const old = entries.get(m.assetId);
    if (old) old.closed = true;
    const e = await startEntry(m);
    entries.set(m.assetId, e);
    index();
    return e;
  };

  const statusOf = (e: Entry): RulAssetStatus => {
    const alarmBelowMs = e.mapping.alarmBelowMs ?? DEFAULT_ALARM;
    const current = e.history.at(-1) ?? null;
    const state: RulState = e.error
      ? 'error'
      : current === null
        ? 'waiting'
        : current.alarm
          ? 'alarm'
          : current.rulMs === null
            ? 'healthy'
            : 'degrading';
    let lastAlarmAt: number | null = null;
    for (let i = e.history.length - 1; i >= 0 && lastAlarmAt === null; i--)
      if (e.history[i]?.alarm) lastAlarmAt = e.history[i]?.ts ?? null;
    return {
      assetId: e.mapping.assetId,
      model: modelLabel(e.mapping.model),
      state,
      current,
      alarmBelowMs,
      lastAlarmAt,
      ...(e.error === undefined ? {} : { error: e.error }),
    };
  };

  const off = bus.onPoints((points) => {
    if (entries.size === 0) return;
    const per = new Map<string, PointWrite[]>();
    for (const p of points) {
      const assets = bySeries.get(p.seriesId);
      if (!assets) continue;
      for (const a of assets) {
        const list = per.get(a) ?? [];
        list.push(p);
        per.set(a, list);
      }
    }
    for (const [asset, list] of per) {
      const e = entries.get(asset);
      if (!e) continue;
      if (e.pending) e.pending.push(...list);
      else run(e, () => push(e, list));
    }
  });

  function status(): RulAssetStatus[];
  function status(assetId: string): RulAssetStatus | undefined;
  function status(assetId?: string): RulAssetStatus[] | RulAssetStatus | undefined {
    if (assetId !== undefined) {
      const e = entries.get(assetId);
      return e ? statusOf(e) : undefined;
    }
    return [...entries.values()].map(statusOf).sort((a, b) => a.assetId.localeCompare(b.assetId));
  }

  return {
    async start() {
      // A mapping that no longer reads is logged and left out: the other machines keep their feed.
      const docs = await rulMappingCollection.listValid(store, (err, key) =>
        logger.error({ asset: key, err: err.message }, 'RUL mapping unreadable: not started'),
      );
      for (const { doc } of docs) await replace(doc);
    },
    async mappings() {
      return (await rulMappingCollection.list(store)).map((d) => d.doc);
    },
    async putMapping(mapping) {
      if (Object.keys(mapping.series).length === 0)
        throw new XinzhiError('BAD_INPUT', 'map at least one series to a model feature', { field: 'series' });
      await rulMappingCollection.put(store, mapping.assetId, mapping);
      const e = await replace(mapping);
      return statusOf(e);
    },
    async deleteMapping(assetId) {
      const had = (await rulMappingCollection.has(store, assetId)) || entries.has(assetId);
      await rulMappingCollection.delete(store, assetId);
      const e = entries.get(assetId);
      if (e) e.closed = true;
      entries.delete(assetId);
      index();
      return had;
    },
    async reloadModel(name) {
      for (const e of [...entries.values()])
        if (e.mapping.model.kind === 'registry' && e.mapping.model.name === name) await replace(e.mapping);
    },
    status,
    history: (assetId) => entries.get(assetId)?.history ?? [],
    async idle() {
      await Promise.all([...entries.values()].map((e) => e.chain));
    },
    async close() {
      off();
      await Promise.all([...entries.values()].map((e) => e.chain));
      for (const e of entries.values()) e.closed = true;
    },
  };
}

/** Creates the feed and starts the monitors of every stored mapping (the server's hook). */
export async function startRulFeed(options: RulFeedOptions): Promise<RulFeed> {
  const feed = createRulFeed(options);
  await feed.start();
  return feed;
}
