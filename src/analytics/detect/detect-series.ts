/** Runs one detector over a whole series (on-demand use: CLI, backfills, evaluation). */
import type { DetectorOptions } from './options.js';
import { StreamingDetector } from './streaming-detector.js';

export interface SeriesDetection {
  readonly scores: Float64Array;
  readonly alerts: Uint8Array;
  /** Row indices of the alerts, in order. */
  readonly alertRows: readonly number[];
}

/**
 * @example const { alertRows } = detectSeries(timestamps, values);
 */
export function detectSeries(
  timestamps: ArrayLike<number>,
  values: ArrayLike<number>,
  options: Partial<DetectorOptions> = {},
): SeriesDetection {
  const d = new StreamingDetector(options);
  const n = values.length;
  const scores = new Float64Array(n);
  const alerts = new Uint8Array(n);
  const alertRows: number[] = [];
  for (let i = 0; i < n; i++) {
    const r = d.update(timestamps[i] ?? Number.NaN, values[i] ?? Number.NaN);
    scores[i] = r.score;
    if (r.alert) {
      alerts[i] = 1;
      alertRows.push(i);
    }
  }
  return { scores, alerts, alertRows };
}
