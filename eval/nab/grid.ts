/**
 * The candidates the NAB evaluation chooses from by cross-validation. Kept small on purpose (every
 * extra candidate is one more chance to fit noise): two structural options of the detector, three
 * values each at most, a handful of thresholds and holds. Every figure printed as the detector's
 * score comes from a choice among these made by `cv.ts`, never fixed by looking at the whole split.
 */
import type { Config } from './cv.js';

/**
 * noveltyWindow: how far back the novelty gate remembers the largest residual (a longer memory
 * keeps bursts the series has shown before from re-alerting); warmup: rows before any alert (NAB's
 * shortest probationary period is 150 rows, so a longer warm-up can leave scored rows blind).
 */
export const CONFIGS: readonly Config[] = [4000, 8000, 12000].flatMap((noveltyWindow) =>
  [300, 150].map((warmup) => ({
    label: `novelty ${noveltyWindow / 1000}k, warm-up ${warmup}`,
    options: { noveltyWindow, warmup },
  })),
);

/** Alert thresholds on the score (−log10 tail probability / 10): tail 10⁻², 10⁻²·⁵ … 10⁻⁵. */
export const THRESHOLDS: readonly number[] = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/** Rows held after an alert. */
export const SUPPRESS: readonly number[] = [50, 150, 400];
