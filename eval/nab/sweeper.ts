/**
 * NAB scoring, written from the reference implementation's rules (numenta/NAB `nab/sweeper.py`,
 * the scorer behind the published scoreboard) so that scores are comparable with it:
 *
 * - the first `min(floor(0.15·n), 0.15·5000)` rows of a file are probationary and never scored;
 * - a detection inside an anomaly window scores `σs(-(right - i + 1)/width) / σs(-1)` × tpWeight,
 *   where σs(x) = 2/(1 + e^(5x)) - 1 is the scaled sigmoid (earliest detection ≈ 1, right edge ≈ 0);
 *   only the best (earliest) detection of a window counts;
 * - a window with no detection costs -fnWeight;
 * - a detection outside every window costs fpWeight × σs(|prevRight - i|/(prevWidth - 1)) after a
 *   window (close behind a window is cheap, 3 widths behind costs the full -1), and -fpWeight when no
 *   window precedes it.
 *
 * Written by hand: there is no maintained JavaScript package of NAB's scorer, and the rules are
 * short. Checked against the published null-detector files and scoreboard in `score.test.ts`.
 */

export interface CostMatrix {
  readonly tpWeight: number;
  readonly fpWeight: number;
  readonly fnWeight: number;
}

/** An anomaly window as inclusive row indices. */
export interface WindowRows {
  readonly start: number;
  readonly end: number;
}

/** Row classes of `sweep`: a window id ≥ 0, outside every window, or probationary. */
export const OUTSIDE = -1;
export const PROBATION = -2;

export interface Sweep {
  /** Weighted score a detection at this row would earn (positive in a window, negative outside). */
  readonly weight: Float64Array;
  /** Window id (index into the file's windows) of each row, OUTSIDE or PROBATION. */
  readonly window: Int32Array;
}

export interface FileScore {
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  /** Scored rows (probationary rows excluded), as the reference `Total_Count`. */
  readonly total: number;
  /** Windows with at least one scored row, and how many of them got a detection. */
  readonly windows: number;
  readonly detected: number;
}

export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 / (1 + Math.exp(5 * relativePosition)) - 1;
}

export function probationaryLength(rows: number, probationPercent = 0.15): number {
  return Math.min(Math.floor(probationPercent * rows), probationPercent * 5000);
}

/** Per-row weights and window membership of a file with `rows` rows (the reference `calcSweepScore`). */
export function sweep(
  rows: number,
  windows: readonly WindowRows[],
  cost: CostMatrix,
  probationPercent = 0.15,
): Sweep {
  const weight = new Float64Array(rows);
  const window = new Int32Array(rows);
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(rows, probationPercent);
  let next = 0;
  let cur = -1;
  let prevRight = -1;
  let prevWidth = 0;
  for (let i = 0; i < rows; i++) {
    const w = windows[next];
    if (w !== undefined && w.start === i) {
      cur = next;
      next++;
    }
    const cw = cur >= 0 ? windows[cur] : undefined;
    if (cw !== undefined) {
      const width = cw.end - cw.start + 1;
      weight[i] = (scaledSigmoid(-(cw.end - i + 1) / width) * cost.tpWeight) / maxTp;
    } else if (prevRight < 0) {
      weight[i] = -cost.fpWeight;
    } else {
      weight[i] = scaledSigmoid(Math.abs(prevRight - i) / (prevWidth - 1)) * cost.fpWeight;
    }
    window[i] = i >= probation ? (cw !== undefined ? cur : OUTSIDE) : PROBATION;
    if (cw !== undefined && i === cw.end) {
      prevRight = i;
      prevWidth = cw.end - cw.start + 1;
      cur = -1;
    }
  }
  return { weight, window };
}

/**
 * Score of one file when every row with `anomalyScores[i] >= threshold` is a detection
 * (the reference `scoreDataSet` at a given threshold).
 */
export function scoreFile(
  anomalyScores: ArrayLike<number>,
  windows: readonly WindowRows[],
  cost: CostMatrix,
  threshold: number,
  probationPercent = 0.15,
): FileScore {
  const n = anomalyScores.length;
  const s = sweep(n, windows, cost, probationPercent);
  const best = new Map<number, number>();
  let fpScore = 0;
  let tp = 0;
  let tn = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < n; i++) {
    const w = s.window[i] ?? PROBATION;
    if (w === PROBATION) continue;
    if (!best.has(w) && w >= 0) best.set(w, -cost.fnWeight);
    const hit = (anomalyScores[i] ?? 0) >= threshold;
    if (w === OUTSIDE) {
      if (hit) {
        fp++;
        fpScore += s.weight[i] ?? 0;
      } else tn++;
    } else if (hit) {
      tp++;
      best.set(w, Math.max(best.get(w) ?? -cost.fnWeight, s.weight[i] ?? 0));
    } else fn++;
  }
  let windowScore = 0;
  let detected = 0;
  for (const v of best.values()) {
    windowScore += v;
    if (v > -cost.fnWeight) detected++;
  }
  return {
    score: windowScore + fpScore,
    tp,
    tn,
    fp,
    fn,
    total: tp + tn + fp + fn,
    windows: best.size,
    detected,
  };
}

/** NAB's normalisation: 100 · (raw - null) / (perfect - null), perfect = tpWeight · all windows. */
export function normalise(raw: number, nullScore: number, windowCount: number, cost: CostMatrix): number {
  const perfect = windowCount * cost.tpWeight;
  return (100 * (raw - nullScore)) / (perfect - nullScore);
}

/** One scored file prepared for a corpus-wide threshold sweep. */
export interface SweepInput {
  readonly scores: ArrayLike<number>;
  readonly windows: readonly WindowRows[];
}

/**
 * Raw corpus score at every distinct threshold (NAB's optimiser combines all files the same way):
 * returns thresholds in descending order with the summed raw score when rows ≥ threshold detect.
 */
export function thresholdSweep(
  files: readonly SweepInput[],
  cost: CostMatrix,
  probationPercent = 0.15,
): { threshold: number; score: number }[] {
  const scores: number[] = [];
  const weights: number[] = [];
  const ids: number[] = [];
  let base = 0;
  let nullScore = 0;
  for (const f of files) {
    const s = sweep(f.scores.length, f.windows, cost, probationPercent);
    const seen = new Set<number>();
    for (let i = 0; i < f.scores.length; i++) {
      const w = s.window[i] ?? PROBATION;
      if (w === PROBATION) continue;
      if (w >= 0 && !seen.has(w)) {
        seen.add(w);
        nullScore -= cost.fnWeight;
      }
      scores.push(f.scores[i] ?? 0);
      weights.push(s.weight[i] ?? 0);
      ids.push(w >= 0 ? base + w : OUTSIDE);
    }
    base += f.windows.length;
  }
  const order = scores.map((_, i) => i).sort((a, b) => (scores[b] ?? 0) - (scores[a] ?? 0));
  const best = new Map<number, number>();
  let total = nullScore;
  const out: { threshold: number; score: number }[] = [];
  for (let k = 0; k < order.length; k++) {
    const i = order[k] ?? 0;
    const id = ids[i] ?? OUTSIDE;
    const w = weights[i] ?? 0;
    if (id === OUTSIDE) total += w;
    else {
      const prev = best.get(id) ?? -cost.fnWeight;
      if (w > prev) {
        total += w - prev;
        best.set(id, w);
      }
    }
    const here = scores[i] ?? 0;
    const nextScore = scores[order[k + 1] ?? -1];
    if (nextScore !== here) out.push({ threshold: here, score: total });
  }
  return out;
}
