/**
 * The anomaly scores of a stored series over a time range, as the anomalies page draws them: the
 * streaming detector replayed from a warm-up before `from` (so the first scores are not those of
 * a detector that has seen nothing), and at most `limit` points kept, each the highest score of
 * its slice with the slice's alert, so a peak is never thinned away.
 */
import { DEFAULT_DETECTOR_OPTIONS, StreamingDetector } from '../../analytics/index.js';
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

export interface ScoredPoint {
  readonly ts: number;
  readonly value: number;
  readonly score: number;
  readonly alert: boolean;
}

export interface AnomalyHistory {
  readonly seriesId: string;
  /** The detector's alert threshold on `score`. */
  readonly threshold: number;
  readonly points: ScoredPoint[];
}

/** NOT_FOUND for an unknown series; BAD_INPUT naming `from` unless `from < to`. */
export async function anomalyHistory(
  store: Pick<Store, 'getSeries' | 'queryPoints'>,
  seriesId: string,
  range: { readonly from: number; readonly to: number; readonly limit: number },
): Promise<AnomalyHistory> {
  const series = await store.getSeries(seriesId);
  if (!series) throw new XinzhiError('NOT_FOUND', `no series '${seriesId}'`, { field: 'id' });
  const { from, to, limit } = range;
  if (!(from < to)) throw new XinzhiError('BAD_INPUT', '`from` must be before `to`', { field: 'from' });
  const warm = series.expectedIntervalMs ? 8000 * series.expectedIntervalMs : 2 * (to - from);
  const pts = await store.queryPoints(seriesId, { from: from - warm, to, limit: 500_000 });
  const detector = new StreamingDetector();
  const scored: ScoredPoint[] = [];
  let lastTs = Number.NEGATIVE_INFINITY;
  for (const p of pts) {
    if (!(p.ts > lastTs)) continue;
    lastTs = p.ts;
    const d = detector.update(p.ts, p.value);
    if (p.ts >= from) scored.push({ ts: p.ts, value: p.value, score: d.score, alert: d.alert });
  }
  let out = scored;
  if (scored.length > limit) {
    out = [];
    const per = scored.length / limit;
    for (let k = 0; k < limit; k++) {
      const slice = scored.slice(Math.floor(k * per), Math.floor((k + 1) * per));
      let best = slice[0];
      let alert = false;
      for (const s of slice) {
        if (best === undefined || s.score > best.score) best = s;
        alert ||= s.alert;
      }
      if (best) out.push({ ...best, alert });
    }
  }
  return { seriesId, threshold: DEFAULT_DETECTOR_OPTIONS.threshold, points: out };
}
