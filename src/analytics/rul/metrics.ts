/** Root mean squared error. */
export function rmse(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  if (truth.length !== pred.length || truth.length === 0)
    throw new RangeError('rmse: arrays must be non-empty and equal in length');
  let s = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = pred[i]! - truth[i]!;
    s += d * d;
  }
  return Math.sqrt(s / truth.length);
}

/**
 * The PHM08 / NASA scoring function (Saxena et al. 2008): late predictions (d = pred − true > 0)
 * cost more than early ones, exp(d/10) − 1 versus exp(−d/13) − 1, summed over engines.
 */
export function nasaScore(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  if (truth.length !== pred.length) throw new RangeError('nasaScore: arrays must be equal in length');
  let s = 0;
  for (let i = 0; i < truth.length; i++) {
    const d = pred[i]! - truth[i]!;
    s += d < 0 ? Math.expm1(-d / 13) : Math.expm1(d / 10);
  }
  return s;
}

/** Mean absolute error. */
export function mae(truth: ArrayLike<number>, pred: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < truth.length; i++) s += Math.abs(pred[i]! - truth[i]!);
  return s / truth.length;
}
