/**
 * The data-quality report of a series or an import: completeness, validity, duplicates, outliers,
 * gaps, stuck runs, freshness, and a 0–100 score. Every input is a store read (point statistics,
 * running counters, gap events), so the report costs a few queries, not a scan of the points.
 *
 * Series score = 100 × (0.35·completeness + 0.30·validity + 0.10·(1 − duplicate rate)
 *                       + 0.10·(1 − min(1, 10·outlier rate)) + 0.05·(1 − stuck-point rate) + 0.10·freshness)
 * Import score = 100 × (0.60·validity + 0.20·(1 − duplicate rate) + 0.20·(1 − min(1, 10·outlier rate)))
 * (an outlier rate of 10 % or more scores 0 on that term: a sensor that is "outlying" that often is broken).
 */
import { QUALITY, type Series, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export interface SeriesQuality {
  readonly series: string;
  readonly unit: string;
  readonly points: number;
  readonly first: number | null;
  readonly last: number | null;
  /** Expected sampling interval (the series' setting, else the median of its first intervals). */
  readonly intervalMs: number | null;
  readonly intervalSource: 'configured' | 'learned' | 'unknown';
  /** Points observed / points expected over [first, last] at the interval (≤ 1). */
  readonly completeness: number;
  /** accepted / (accepted + quarantined), over everything ever ingested. */
  readonly validity: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly gaps: { readonly count: number; readonly totalMs: number };
  readonly stuck: { readonly runs: number; readonly points: number };
  /** Age of the latest point at report time, and a 0–1 freshness (1 up to 3 intervals old, 0 at 30). */
  readonly ageMs: number | null;
  readonly freshness: number;
  readonly score: number;
}

export interface ImportQuality {
  readonly import: number;
  readonly file: string;
  readonly status: string;
  readonly rows: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly validity: number;
  readonly score: number;
  readonly series: SeriesQuality[];
}

export const SERIES_SCORE_WEIGHTS = {
  completeness: 0.35,
  validity: 0.3,
  duplicates: 0.1,
  outliers: 0.1,
  stuck: 0.05,
  freshness: 0.1,
} as const;

const clamp01 = (x: number): number => (Number.isFinite(x) ? Math.min(1, Math.max(0, x)) : 0);
const ratio = (a: number, b: number): number => (b > 0 ? a / b : 1);
const round = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;

async function learnedInterval(store: Store, s: Series, first: number, last: number): Promise<number | null> {
  const pts = await store.queryPoints(s.id, { from: first, to: last + 1, limit: 2001 });
  if (pts.length < 3) return null;
  const d = new Float64Array(pts.length - 1);
  for (let i = 1; i < pts.length; i++) d[i - 1] = pts[i]!.ts - pts[i - 1]!.ts;
  d.sort();
  const m = d.length >> 1;
  return d.length % 2 ? d[m]! : (d[m - 1]! + d[m]!) / 2;
}

/** Quality of one series at time `now`. */
export async function seriesQuality(store: Store, seriesId: string, now: number): Promise<SeriesQuality> {
  const s = await store.getSeries(seriesId);
  if (!s) throw new XinzhiError('NOT_FOUND', `no series "${seriesId}"`, { field: 'series' });
  const [stats, c] = await Promise.all([store.pointStats(seriesId), store.getSeriesCounters(seriesId)]);
  const first = stats.firstTs;
  const last = stats.lastTs;
  let intervalMs = s.expectedIntervalMs;
  let intervalSource: SeriesQuality['intervalSource'] = intervalMs === null ? 'unknown' : 'configured';
  if (intervalMs === null && first !== null && last !== null) {
    intervalMs = await learnedInterval(store, s, first, last);
    if (intervalMs !== null) intervalSource = 'learned';
  }
  const expected =
    intervalMs && intervalMs > 0 && first !== null && last !== null
      ? Math.floor((last - first) / intervalMs) + 1
      : 0;
  const completeness = expected > 0 ? clamp01(stats.count / expected) : stats.count > 0 ? 1 : 0;
  const validity = ratio(c.accepted, c.accepted + c.quarantined);
  const outliers = stats.flagged[QUALITY.OUTLIER] ?? 0;
  const stuckPoints = stats.flagged[QUALITY.STUCK] ?? 0;
  const gapEvents = await store.listEvents({ seriesId, kind: 'gap', limit: 100_000 });
  const gapMs = gapEvents.reduce(
    (n, e) => n + (typeof e.data['durationMs'] === 'number' ? e.data['durationMs'] : 0),
    0,
  );
  const ageMs = last === null ? null : Math.max(0, now - last);
  const freshness =
    ageMs === null
      ? 0
      : intervalMs
        ? clamp01(1 - (ageMs - 3 * intervalMs) / (27 * intervalMs))
        : ageMs < 86_400_000
          ? 1
          : 0;
  const dupRate = c.duplicates / Math.max(1, c.accepted + c.duplicates);
  const outlierRate = stats.count > 0 ? outliers / stats.count : 0;
  const stuckRate = stats.count > 0 ? stuckPoints / stats.count : 0;
  const w = SERIES_SCORE_WEIGHTS;
  const score =
    100 *
    (w.completeness * completeness +
      w.validity * validity +
      w.duplicates * (1 - dupRate) +
      w.outliers * (1 - Math.min(1, 10 * outlierRate)) +
      w.stuck * (1 - stuckRate) +
      w.freshness * freshness);
  return {
    series: seriesId,
    unit: s.unit,
    points: stats.count,
    first,
    last,
    intervalMs,
    intervalSource,
    completeness: round(completeness),
    validity: round(validity),
    accepted: c.accepted,
    quarantined: c.quarantined,
    duplicates: c.duplicates,
    outliers,
    gaps: { count: gapEvents.length, totalMs: gapMs },
    stuck: { runs: c.stuck, points: stuckPoints },
    ageMs,
    freshness: round(freshness),
    score: Math.round(score * 10) / 10,
  };
}

/** Quality of every series (or those under `assetId`). */
export async function allSeriesQuality(
  store: Store,
  now: number,
  assetId?: string,
): Promise<SeriesQuality[]> {
  const list = await store.listSeries(assetId === undefined ? {} : { assetId });
  const out: SeriesQuality[] = [];
  for (const s of list) out.push(await seriesQuality(store, s.id, now));
  return out;
}

/** Quality of one import: its own counts, and the current quality of the series it touched. */
export async function importQuality(store: Store, importId: number, now: number): Promise<ImportQuality> {
  const imp = await store.getImport(importId);
  if (!imp) throw new XinzhiError('NOT_FOUND', `no import ${importId}`, { field: 'import' });
  const accepted = imp.accepted ?? 0;
  const quarantined = imp.quarantined ?? 0;
  const duplicates = imp.duplicates ?? 0;
  const outliers = imp.outliers ?? 0;
  const validity = ratio(accepted, accepted + quarantined);
  const dupRate = duplicates / Math.max(1, accepted + duplicates);
  const outlierRate = outliers / Math.max(1, accepted);
  const score = 100 * (0.6 * validity + 0.2 * (1 - dupRate) + 0.2 * (1 - Math.min(1, 10 * outlierRate)));
  const series: SeriesQuality[] = [];
  for (const id of imp.series ?? [])
    if (await store.getSeries(id)) series.push(await seriesQuality(store, id, now));
  return {
    import: importId,
    file: imp.source,
    status: imp.status ?? 'running',
    rows: imp.rows ?? 0,
    accepted,
    quarantined,
    duplicates,
    outliers,
    validity: round(validity),
    score: Math.round(score * 10) / 10,
    series,
  };
}
