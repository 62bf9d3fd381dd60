/**
 * The cleaning pipeline (see `IngestPipeline`): validate → normalise time → resolve or create the
 * series → convert units → range limits → de-duplicate → stuck / gap / outlier flags → durable
 * write → quarantine, events and counters. Calls are serialised so the per-series streaming state
 * sees points in the order they were written.
 */
import { type Clock, type Issue, type Logger, QUALITY, XinzhiError } from '../../core/index.js';
import type { QuarantineInput, SeriesCounters, Store } from '../../store/index.js';
import { type IngestOptions, resolveIngestOptions } from '../options.js';
import { localIsoToUtcIn } from '../time/zoned-time.js';
import {
  type IngestBatchResult,
  type IngestContext,
  type IngestPipeline,
  quarantineKey,
  type RawReading,
} from '../types.js';
import { createUnitConverter, type UnitConverter } from '../units/index.js';
import { type ParsedReading, parseReading } from './reading-schema.js';
import { type SeriesEvent, SeriesState } from './series-state.js';

export interface IngestPipelineDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly options?: Partial<IngestOptions>;
  /** Shared unit converter (its caches); one is created when omitted. */
  readonly units?: UnitConverter;
}

export interface Rejection {
  readonly index: number;
  readonly location: string;
  readonly issues: readonly Issue[];
}

/** Validation without writing, for strict file imports: pass 1 checks the whole file. */
export interface DryRun {
  /** Rejections of these readings, remembering series that earlier readings would have created. */
  check(readings: readonly RawReading[], ctx: IngestContext): Promise<Rejection[]>;
}

/**
 * Readings already through the pure parse step (shape, time, value), e.g. by a parsing worker
 * thread: the valid ones as `parsed` (their `index` numbers the batch), the invalid ones as
 * `rejections`, and accessors for the location, verbatim text and series id by index.
 */
export interface ParsedBatch {
  readonly parsed: ParsedReading[];
  readonly rejections: readonly Rejection[];
  location(index: number): string;
  raw(index: number): string;
  seriesId(index: number): string | undefined;
}

export interface CleaningPipeline extends IngestPipeline {
  /** Like `ingest`, for readings parsed elsewhere (see `ParsedBatch`). */
  ingestParsed(batch: ParsedBatch, ctx: IngestContext): Promise<IngestBatchResult>;
  readonly options: IngestOptions;
  readonly units: UnitConverter;
  dryRun(): DryRun;
  /** Drops cached settings of a series (after `series set`), or of all series. */
  invalidate(seriesId?: string): void;
}

type Accepted = ParsedReading;

/**
 * Units a misconfigured device commonly sends unlabelled instead of the series unit (controller
 * defaults, imperial transmitters, SI prefixes): a jump they explain is flagged as a mix-up.
 */
const MIXUP_UNITS = [
  'Cel',
  '[degF]',
  'K',
  'bar',
  'kPa',
  'Pa',
  'MPa',
  '[psi]',
  'm',
  'mm',
  'cm',
  '[in_i]',
  '[ft_i]',
  'A',
  'mA',
  'kW',
  'W',
  'L/min',
  '[gal_us]/min',
  'm3/h',
];

/** Splits a series id into asset and metric: the last segment is the metric. */
export function splitSeriesId(id: string): { assetId: string; metric: string } {
  const i = id.lastIndexOf('/');
  return { assetId: id.slice(0, i), metric: id.slice(i + 1) };
}

/**
 * @example
 * const pipeline = createIngestPipeline({ store, clock: systemClock, logger });
 * await pipeline.ingest([{ seriesId: 'p1/m1/temp', ts: '2024-01-01T00:00:00Z', value: 71.6, unit: '[degF]',
 *   location: 'body[0]', raw: '…' }], { source: 'http', importId: null });
 */
export function createIngestPipeline(deps: IngestPipelineDeps): CleaningPipeline {
  const { store, clock, logger } = deps;
  const opts = resolveIngestOptions(deps.options);
  const units = deps.units ?? createUnitConverter();
  const states = new Map<string, SeriesState>();
  const zones = new Map<string, (iso: string) => number>();
  // Series ids already known to be well-formed: the id regex runs once per id, not per reading.
  const validIds = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const mixupCache = new Map<string, Array<(v: number) => number>>();

  /** Conversions from units a device might send by mistake into `unit` (see `MIXUP_UNITS`). */
  const mixupsFor = (unit: string): Array<(v: number) => number> => {
    let m = mixupCache.get(unit);
    if (!m) {
      m = [];
      for (const u of MIXUP_UNITS) {
        try {
          const c = units.conversion(u, unit);
          if (!c.identity) m.push(c.convert);
        } catch {
          // Not of the same kind: not a candidate.
        }
      }
      mixupCache.set(unit, m);
    }
    return m;
  };

  const zoneFn = (zone: string | undefined): ((iso: string) => number) | undefined => {
    if (!zone || zone === 'UTC') return undefined;
    let f = zones.get(zone);
    if (!f) {
      f = localIsoToUtcIn(zone);
      zones.set(zone, f);
    }
    return f;
  };

  /** Loads (and warms) the states of these series from the store, refreshing stale settings. */
  async function loadStates(ids: Iterable<string>, now: number): Promise<void> {
    for (const id of ids) {
      const st = states.get(id);
      if (st && now - st.loadedAt < opts.seriesRefreshMs) continue;
      const series = await store.getSeries(id);
      if (!series) {
        if (st) states.delete(id);
        continue;
      }
      if (st) {
        st.series = series;
        st.loadedAt = now;
        continue;
      }
      const fresh = new SeriesState(series, now, opts, mixupsFor(series.unit));
      await warm(fresh);
      states.set(id, fresh);
    }
  }

  /** Replays the latest stored points so stuck runs, intervals and the outlier detector survive restarts. */
  async function warm(st: SeriesState): Promise<void> {
    const last = (await store.latest([st.series.id])).get(st.series.id);
    if (!last) return;
    const want = Math.max(opts.outlierWindow + opts.outlierPredictPoints, opts.stuckRunPoints, 256) + 1;
    for (let span = 60_000; ; span *= 10) {
      const pts = await store.queryPoints(st.series.id, {
        from: last.ts - span,
        to: last.ts + 1,
        limit: 200_000,
      });
      if (pts.length >= want || span > 400 * 86_400_000) {
        st.warm(pts.slice(-want));
        return;
      }
    }
  }

  /** Shape, time and value of each reading (pure: no store access). */
  function parse(readings: readonly RawReading[], ctx: IngestContext): ParsedBatch {
    const rules = {
      now: clock.now(),
      futureToleranceMs: opts.futureToleranceMs,
      earliestTs: opts.earliestTs,
      localToUtc: zoneFn(ctx.timeZone),
    };
    if (validIds.size > 100_000) validIds.clear();
    const parsed: ParsedReading[] = [];
    const rejections: Rejection[] = [];
    for (let i = 0; i < readings.length; i++) {
      const r = readings[i]!;
      const p = parseReading(r, i, rules, validIds);
      if (Array.isArray(p)) rejections.push({ index: i, location: r.location, issues: p });
      else parsed.push(p);
    }
    return {
      parsed,
      rejections,
      location: (i) => readings[i]!.location,
      raw: (i) => {
        const raw = readings[i]!.raw;
        return typeof raw === 'string' ? raw : String(raw);
      },
      seriesId: (i) => {
        const id = readings[i]!.seriesId;
        return typeof id === 'string' ? id : undefined;
      },
    };
  }

  /** Series resolution (and creation), unit conversion and range limits of parsed readings. */
  async function prepare(
    batch: ParsedBatch,
    ctx: IngestContext,
    pending: Map<string, string> | null,
  ): Promise<{ accepted: Accepted[]; rejections: Rejection[]; created: Map<string, string> }> {
    const now = clock.now();
    const { parsed } = batch;
    const rejections = [...batch.rejections];
    const ids = new Set<string>();
    let prev = '';
    for (const p of parsed) {
      if (p.seriesId !== prev) {
        prev = p.seriesId;
        ids.add(prev);
      }
    }
    await loadStates(ids, now);

    // Series to create, in the unit of their first valid reading.
    const create = new Map<string, string>();
    const autoCreate = ctx.autoCreateSeries ?? true;
    const accepted: Accepted[] = [];
    for (const p of parsed) {
      const st = states.get(p.seriesId);
      let target = st?.series.unit ?? create.get(p.seriesId) ?? pending?.get(p.seriesId);
      try {
        if (target === undefined) {
          if (!autoCreate) {
            throw new XinzhiError(
              'INGEST_BAD_ROW',
              `unknown series "${p.seriesId}" (create it first, or allow auto-creation)`,
            );
          }
          const budget = ctx.newSeries;
          if (budget !== undefined && create.size + (pending?.size ?? 0) >= budget.left)
            throw new XinzhiError(
              'INGEST_LIMIT_EXCEEDED',
              `series "${p.seriesId}" would be more than ${budget.limit} new series at once (${budget.setting}); create series first with \`xinzhi series create\` or raise the limit`,
            );
          target = units.normalize(p.unit ?? '1', p.seriesId);
          create.set(p.seriesId, target);
        }
        if (p.unit !== undefined) {
          const c = units.conversion(p.unit, target, p.seriesId);
          if (!c.identity) {
            p.value = c.convert(p.value);
            p.quality |= QUALITY.CONVERTED;
          }
        }
        const value = p.value;
        const s = st?.series;
        if (
          s &&
          ((s.minValue !== null && value < s.minValue) || (s.maxValue !== null && value > s.maxValue))
        ) {
          const location = batch.location(p.index);
          rejections.push({
            index: p.index,
            location,
            issues: [
              {
                code: 'INGEST_OUT_OF_RANGE',
                message: `value ${value} ${s.unit} of ${s.id} is outside its physical range [${s.minValue ?? '-∞'}, ${s.maxValue ?? '∞'}]`,
                where: `${location} value`,
              },
            ],
          });
          continue;
        }
        accepted.push(p);
      } catch (e) {
        // Whatever one reading makes a unit parser or converter do, it is that reading's problem.
        const code = e instanceof XinzhiError ? e.code : 'INGEST_BAD_ROW';
        const field = code === 'INGEST_BAD_UNIT' ? 'unit' : 'seriesId';
        const location = batch.location(p.index);
        rejections.push({
          index: p.index,
          location,
          issues: [
            { code, message: e instanceof Error ? e.message : String(e), where: `${location} ${field}` },
          ],
        });
      }
    }
    rejections.sort((a, b) => a.index - b.index);
    return { accepted, rejections, created: create };
  }

  function strictAbort(rejections: readonly Rejection[]): never {
    const first = rejections[0]!;
    const issue = first.issues[0];
    throw new XinzhiError(
      'INGEST_STRICT_ABORT',
      `strict mode: rejected ${first.location}: ${issue?.message ?? 'invalid'}; nothing was written` +
        (rejections.length > 1 ? ` (${rejections.length} readings rejected in this batch)` : ''),
      { field: first.location, context: { rejections: rejections.slice(0, 20) } },
    );
  }

  async function run(batch: ParsedBatch, ctx: IngestContext): Promise<IngestBatchResult> {
    const prepared = await prepare(batch, ctx, null);
    const { rejections, created } = prepared;
    let { accepted } = prepared;
    if (ctx.strict && rejections.length > 0) strictAbort(rejections);
    const now = clock.now();
    // A series the store refuses to create rejects its own readings, not the whole batch.
    const refused = new Map<string, XinzhiError>();
    for (const [id, unit] of created) {
      const { assetId, metric } = splitSeriesId(id);
      try {
        const series = await store.upsertSeries({ assetId, metric, unit });
        states.set(id, new SeriesState(series, now, opts, mixupsFor(series.unit)));
      } catch (e) {
        if (!(e instanceof XinzhiError) || e.code !== 'BAD_INPUT') throw e;
        refused.set(id, e);
      }
    }
    if (ctx.newSeries) ctx.newSeries.left -= created.size - refused.size;
    if (refused.size > 0) {
      const kept: Accepted[] = [];
      for (const a of accepted) {
        const e = refused.get(a.seriesId);
        if (e === undefined) kept.push(a);
        else {
          const location = batch.location(a.index);
          rejections.push({
            index: a.index,
            location,
            issues: [{ code: 'INGEST_BAD_ROW', message: e.message, where: `${location} seriesId` }],
          });
        }
      }
      accepted = kept;
      rejections.sort((a, b) => a.index - b.index);
      if (ctx.strict) strictAbort(rejections);
    }

    // Group by series in time order (usually already ordered: then no sort). Within-batch
    // duplicates: identical repeats are dropped, a different value at the same time supersedes
    // the earlier one (as the store does).
    const groups = new Map<string, Accepted[]>();
    for (const a of accepted) {
      const g = groups.get(a.seriesId);
      if (g) g.push(a);
      else groups.set(a.seriesId, [a]);
    }
    const counters = new Map<
      string,
      {
        duplicates: number;
        outliers: number;
        gaps: number;
        stuck: number;
        quarantined: number;
      }
    >();
    const counter = (id: string) => {
      let c = counters.get(id);
      if (!c) {
        c = { duplicates: 0, outliers: 0, gaps: 0, stuck: 0, quarantined: 0 };
        counters.set(id, c);
      }
      return c;
    };
    const points: Accepted[] = [];
    const events: Array<SeriesEvent & { seriesId: string; assetId: string }> = [];
    let duplicates = 0;
    let outliers = 0;
    const evs: SeriesEvent[] = [];
    for (const [id, g] of groups) {
      let sorted = true;
      for (let i = 1; i < g.length && sorted; i++) if (g[i]!.ts < g[i - 1]!.ts) sorted = false;
      if (!sorted) g.sort((a, b) => a.ts - b.ts || a.index - b.index);
      const st = states.get(id)!;
      const c = counter(id);
      for (let i = 0; i < g.length; i++) {
        const a = g[i]!;
        const next = g[i + 1];
        if (next && next.ts === a.ts) {
          duplicates++;
          if (ctx.reimport !== true) c.duplicates++;
          continue;
        }
        evs.length = 0;
        a.quality |= st.observe(a.ts, a.value, evs);
        if (a.quality & QUALITY.OUTLIER) {
          outliers++;
          c.outliers++;
        }
        for (const e of evs) {
          if (e.kind === 'gap') c.gaps++;
          else c.stuck++;
          events.push({ ...e, seriesId: id, assetId: st.series.assetId });
        }
        points.push(a);
      }
    }

    // One store call, so one transaction and one commit for the whole batch: points, rollups,
    // quarantine rows, events and counters. The store adds each series' accepted points and the
    // duplicates it found against stored points to the counters given here.
    const quarantine: QuarantineInput[] = ctx.quarantine ? [...ctx.quarantine] : [];
    for (const rj of rejections) {
      const raw = batch.raw(rj.index);
      if (ctx.knownRejects?.has(quarantineKey(rj.location, raw))) continue;
      const sid = batch.seriesId(rj.index) ?? null;
      const known = sid !== null && states.has(sid);
      if (known) counter(sid).quarantined++;
      quarantine.push({
        importId: ctx.importId,
        source: ctx.source,
        location: rj.location,
        raw,
        reasons: rj.issues.map((i) =>
          i.where === undefined
            ? { code: i.code, message: i.message }
            : { code: i.code, message: i.message, where: i.where },
        ),
        seriesId: known ? sid : null,
        ts: now,
      });
    }
    const deltas = new Map<string, Partial<SeriesCounters>>();
    for (const [id, k] of counters) {
      if (id === '') continue;
      const delta: Partial<SeriesCounters> = Object.fromEntries(Object.entries(k).filter(([, v]) => v !== 0));
      if (Object.keys(delta).length > 0) deltas.set(id, delta);
    }
    const w = await store.commitIngest({
      points,
      counters: deltas,
      at: now,
      countStoredDuplicates: ctx.reimport !== true,
      quarantine,
      events: events.map((e) => ({
        ts: e.ts,
        kind: e.kind,
        severity: 'warning' as const,
        assetId: e.assetId,
        seriesId: e.seriesId,
        message: e.message,
        data: e.data,
      })),
    });
    duplicates += w.duplicates;
    const series: string[] = [];
    for (const [id, r] of w.bySeries) {
      if (r.written + r.replaced > 0) series.push(id);
      outliers -= r.duplicateOutliers;
    }
    if (rejections.length > 0) {
      logger.debug({ source: ctx.source, rejected: rejections.length }, 'ingest: readings quarantined');
    }
    return {
      accepted: w.written + w.replaced,
      quarantined: rejections.length,
      duplicates,
      outliers,
      series: series.sort(),
      rejections: rejections.map((r) => ({ location: r.location, issues: r.issues })),
    };
  }

  return {
    options: opts,
    units,
    ingest(readings, ctx) {
      const p = queue.then(() => run(parse(readings, ctx), ctx));
      queue = p.catch(() => undefined);
      return p;
    },
    ingestParsed(batch, ctx) {
      const p = queue.then(() => run(batch, ctx));
      queue = p.catch(() => undefined);
      return p;
    },
    dryRun() {
      const pending = new Map<string, string>();
      return {
        async check(readings, ctx) {
          const p = queue.then(() => prepare(parse(readings, ctx), ctx, pending));
          queue = p.catch(() => undefined);
          const { rejections, created } = await p;
          for (const [id, unit] of created) pending.set(id, unit);
          return rejections;
        },
      };
    },
    invalidate(seriesId) {
      if (seriesId === undefined) {
        for (const st of states.values()) st.loadedAt = Number.NEGATIVE_INFINITY;
      } else {
        const st = states.get(seriesId);
        if (st) st.loadedAt = Number.NEGATIVE_INFINITY;
      }
    },
  };
}
