/**
 * Runs the streaming detector over NAB files and scores its alerts with the NAB rules: an alert is
 * a detection, at the options given (the shipped defaults unless told). The cross-validated
 * selection of options is in `cv.ts`.
 */
import { type DetectorOptions, StreamingDetector } from '../../src/analytics/detect/index.js';
import type { NabFile, ProfileName } from './corpus.js';
import { type CostMatrix, type FileScore, normalise, scoreFile } from './sweeper.js';

export interface FileResult {
  readonly file: NabFile;
  readonly alerts: Float64Array;
  readonly scores: Float64Array;
}

export function detectFile(file: NabFile, options: Partial<DetectorOptions> = {}): FileResult {
  const d = new StreamingDetector(options);
  const n = file.values.length;
  const alerts = new Float64Array(n);
  const scores = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const r = d.update(file.timestamps[i] ?? 0, file.values[i] ?? Number.NaN);
    alerts[i] = r.alert ? 1 : 0;
    scores[i] = r.score;
  }
  return { file, alerts, scores };
}

export interface ProfileTotals {
  readonly raw: number;
  readonly nullRaw: number;
  readonly windows: number;
  readonly normalised: number;
  readonly perFile: readonly { name: string; category: string; score: FileScore }[];
}

export function scoreResults(results: readonly FileResult[], cost: CostMatrix): ProfileTotals {
  let raw = 0;
  let nullRaw = 0;
  let windows = 0;
  const perFile = results.map((r) => {
    const score = scoreFile(r.alerts, r.file.windows, cost, 0.5);
    raw += score.score;
    nullRaw -= score.windows * cost.fnWeight;
    windows += r.file.windows.length;
    return { name: r.file.name, category: r.file.category, score };
  });
  return { raw, nullRaw, windows, normalised: normalise(raw, nullRaw, windows, cost), perFile };
}

export function scoreAllProfiles(
  results: readonly FileResult[],
  profiles: Record<ProfileName, CostMatrix>,
): Record<ProfileName, ProfileTotals> {
  return {
    standard: scoreResults(results, profiles.standard),
    reward_low_FP_rate: scoreResults(results, profiles.reward_low_FP_rate),
    reward_low_FN_rate: scoreResults(results, profiles.reward_low_FN_rate),
  };
}
