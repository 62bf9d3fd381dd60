/**
 * Split-conformal prediction bands (Vovk et al. 2005; Lei et al. 2018), Mondrian by predicted
 * RUL: residuals (true − predicted) of held-out validation engines are grouped by the size of the
 * prediction (errors grow with the horizon), and each group's band is the pair of empirical
 * quantiles that leaves (1 − level)/2 outside on each side, with the finite-sample correction.
 * Asymmetric on purpose: a capped model under-predicts long lives, so the upper side is wider.
 */
export interface ConformalBand {
  /** Predictions below this bound use this group (the last group has Infinity, stored as null). */
  readonly upTo: number | null;
  readonly low: number;
  readonly high: number;
  readonly n: number;
}

export interface ConformalModel {
  readonly level: number;
  readonly bands: ConformalBand[];
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const k = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * (sorted.length + 1)) - 1));
  return sorted[k]!;
}

export function fitConformal(
  truth: ArrayLike<number>,
  pred: ArrayLike<number>,
  level = 0.9,
  edges: readonly number[] = [50, 100],
): ConformalModel {
  const groups: number[][] = [...edges, Number.POSITIVE_INFINITY].map(() => []);
  const all: number[] = [];
  for (let i = 0; i < truth.length; i++) {
    const p = pred[i]!;
    const g = edges.findIndex((e) => p < e);
    const r = truth[i]! - p;
    groups[g < 0 ? edges.length : g]!.push(r);
    all.push(r);
  }
  all.sort((a, b) => a - b);
  const a = (1 - level) / 2;
  const bands = groups.map((g, i): ConformalBand => {
    // Too few residuals for a group quantile: fall back to all residuals.
    const src = g.length >= 20 ? g.sort((x, y) => x - y) : all;
    return {
      upTo: i < edges.length ? edges[i]! : null,
      low: quantile(src, a),
      high: quantile(src, 1 - a),
      n: g.length,
    };
  });
  return { level, bands };
}

export function applyConformal(model: ConformalModel, pred: number): { low: number; high: number } {
  const band =
    model.bands.find((b) => b.upTo === null || pred < b.upTo) ?? model.bands[model.bands.length - 1]!;
  return { low: Math.max(0, pred + band.low), high: Math.max(0, pred + band.high) };
}
