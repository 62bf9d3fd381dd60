/**
 * The candidates the NAB evaluation chooses from by cross-validation. Kept small on purpose: a few
 * structural variants of the detector, a handful of thresholds and holds. Every value printed as
 * the detector's score is chosen among these by `cv.ts`, never fixed by looking at the whole split.
 */
import type { Config } from './cv.js';

export const CONFIGS: readonly Config[] = [{ label: 'default', options: {} }];

/** Alert thresholds on the score (−log10 tail probability / 10): tail 10⁻², 10⁻²·⁵ … 10⁻⁵. */
export const THRESHOLDS: readonly number[] = [0.2, 0.25, 0.3, 0.35, 0.4, 0.5];

/** Rows held after an alert. */
export const SUPPRESS: readonly number[] = [50, 150, 400];
