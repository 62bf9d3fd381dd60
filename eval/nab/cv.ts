/**
 * Honest parameter selection for the NAB evaluation: every detector option, the alert threshold and
 * the hold after an alert are chosen by leave-one-category-out cross-validation over the files, so
 * the score printed as "CV" comes only from files whose category took no part in the choice.
 *
 * The detector runs once per detector configuration and file; its per-row `evidence` (the score of
 * the strongest channel whose gate passed) is cached, and alerts for every (threshold, hold) pair
 * are replayed from it exactly as the streaming detector raises them (`replayAlerts`), so a sweep
 * over thresholds and holds costs one pass over the rows each, not one detector run.
 */
import type { DetectorOptions } from '../../src/analytics/detect/index.js';
import { createRng } from '../../src/core/index.js';
import { PROFILES, type ProfileName } from './corpus.js';
import {
  type CostMatrix,
  normalise,
  OUTSIDE,
  PROBATION,
  type Sweep,
  sweep,
  type WindowRows,
} from './sweeper.js';

/** One candidate: a detector configuration (by index) with an alert threshold and hold. */
export interface Candidate {
  readonly config: number;
  readonly threshold: number;
  readonly suppress: number;
}

export interface Config {
  readonly label: string;
  readonly options: Partial<DetectorOptions>;
}

/**
 * Rows that alert when `evidence ≥ threshold` outside a hold of `suppress` rows after the previous
 * alert — the streaming detector's own rule (its `alert` output equals this at its options).
 */
export function replayAlerts(evidence: ArrayLike<number>, threshold: number, suppress: number): number[] {
  const out: number[] = [];
  let last = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < evidence.length; i++) {
    const e = evidence[i] ?? 0;
    if (e > 0 && e >= threshold && i - last > suppress) {
      out.push(i);
      last = i;
    }
  }
  return out;
}

/** Raw NAB score of a file whose detections are `alertRows` (ascending), with a precomputed sweep. */
export function scoreAlertRows(
  alertRows: readonly number[],
  s: Sweep,
  cost: CostMatrix,
): { score: number; detected: number; fp: number; windows: number } {
  // Windows that lie wholly in probation are not scored (the reference drops them).
  const scored = new Set<number>();
  for (let i = 0; i < s.window.length; i++) {
    const w = s.window[i] ?? PROBATION;
    if (w >= 0) scored.add(w);
  }
  const best = new Map<number, number>();
  let fpScore = 0;
  let fp = 0;
  for (const i of alertRows) {
    const w = s.window[i] ?? PROBATION;
    if (w === PROBATION) continue;
    if (w === OUTSIDE) {
      fp++;
      fpScore += s.weight[i] ?? 0;
    } else {
      const wt = s.weight[i] ?? 0;
      if (!best.has(w) || wt > (best.get(w) ?? 0)) best.set(w, wt);
    }
  }
  let windowScore = -cost.fnWeight * (scored.size - best.size);
  for (const v of best.values()) windowScore += v;
  return { score: windowScore + fpScore, detected: best.size, fp, windows: scored.size };
}

export interface CvFile {
  readonly name: string;
  readonly category: string;
  readonly rows: number;
  readonly windows: readonly WindowRows[];
}

/** Per candidate and file: raw score, detections and false positives under each profile. */
export interface CandidateTable {
  readonly candidates: readonly Candidate[];
  readonly files: readonly CvFile[];
  /** raw[profile][candidate * files + file] */
  readonly raw: Record<ProfileName, Float64Array>;
  readonly detected: Record<ProfileName, Int32Array>;
  readonly fp: Record<ProfileName, Int32Array>;
  /** Windows per file that are scored (past probation). */
  readonly windows: Int32Array;
}

/**
 * Scores every candidate on every file. `evidence[c][f]` is the cached evidence of configuration
 * `c` on file `f`.
 */
export function buildTable(
  files: readonly CvFile[],
  evidence: readonly (readonly Float32Array[])[],
  thresholds: readonly number[],
  suppress: readonly number[],
  profiles: Record<ProfileName, CostMatrix>,
): CandidateTable {
  const candidates: Candidate[] = [];
  for (let c = 0; c < evidence.length; c++)
    for (const threshold of thresholds)
      for (const s of suppress) candidates.push({ config: c, threshold, suppress: s });
  const sweeps = files.map((f) => {
    const o = {} as Record<ProfileName, Sweep>;
    for (const p of PROFILES) o[p] = sweep(f.rows, f.windows, profiles[p]);
    return o;
  });
  const size = candidates.length * files.length;
  const mk = <T>(f: () => T): Record<ProfileName, T> => ({
    standard: f(),
    reward_low_FP_rate: f(),
    reward_low_FN_rate: f(),
  });
  const raw = mk(() => new Float64Array(size));
  const detected = mk(() => new Int32Array(size));
  const fp = mk(() => new Int32Array(size));
  const windows = new Int32Array(files.length);
  candidates.forEach((cand, ci) => {
    files.forEach((f, fi) => {
      const ev = evidence[cand.config]?.[fi] ?? new Float32Array(f.rows);
      const rows = replayAlerts(ev, cand.threshold, cand.suppress);
      for (const p of PROFILES) {
        const sw = sweeps[fi]?.[p];
        if (!sw) continue;
        const r = scoreAlertRows(rows, sw, profiles[p]);
        const k = ci * files.length + fi;
        raw[p][k] = r.score;
        detected[p][k] = r.detected;
        fp[p][k] = r.fp;
        windows[fi] = r.windows;
      }
    });
  });
  return { candidates, files, raw, detected, fp, windows };
}

/** The candidate with the highest summed raw score over the files in `train` (first one on ties). */
export function select(table: CandidateTable, profile: ProfileName, train: readonly number[]): number {
  const n = table.files.length;
  const raw = table.raw[profile];
  let best = 0;
  let bestScore = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < table.candidates.length; c++) {
    let s = 0;
    for (const f of train) s += raw[c * n + f] ?? 0;
    if (s > bestScore + 1e-12) {
      bestScore = s;
      best = c;
    }
  }
  return best;
}

export interface GroupScore {
  readonly group: string;
  readonly windows: number;
  /** Normalised score of the held-out group with the candidate chosen without it. */
  readonly cv: number;
  /** Normalised score of the group with the candidate chosen on all files. */
  readonly inSample: number;
  readonly cvDetected: number;
  readonly cvFalseAlerts: number;
  /** The candidate chosen without this group. */
  readonly chosen: number;
}

export interface CvResult {
  readonly profile: ProfileName;
  /** Candidate chosen on all files (what ships), and its in-sample score. */
  readonly chosen: number;
  readonly inSample: number;
  /** Pooled score of every file scored by the candidate chosen without its group. */
  readonly cv: number;
  readonly groups: readonly GroupScore[];
}

/**
 * Leave-one-group-out cross-validation: for each group (NAB category) the candidate is chosen on
 * the other groups' files and scored on the group's; the held-out raw scores are pooled and
 * normalised as NAB normalises a corpus (null = 0, perfect = 100).
 */
export function crossValidate(
  table: CandidateTable,
  profile: ProfileName,
  cost: CostMatrix,
  groupOf: (f: CvFile) => string,
): CvResult {
  const n = table.files.length;
  const all = table.files.map((_, i) => i);
  const chosen = select(table, profile, all);
  const raw = table.raw[profile];
  const groups = [...new Set(table.files.map(groupOf))];
  const norm = (idx: readonly number[], c: number): number => {
    let r = 0;
    let w = 0;
    for (const f of idx) {
      r += raw[c * n + f] ?? 0;
      w += table.windows[f] ?? 0;
    }
    return w === 0 ? Number.NaN : normalise(r, -w * cost.fnWeight, w, cost);
  };
  let cvRaw = 0;
  let windows = 0;
  const out: GroupScore[] = groups.map((g) => {
    const held = all.filter((i) => groupOf(table.files[i] as CvFile) === g);
    const train = all.filter((i) => groupOf(table.files[i] as CvFile) !== g);
    const c = select(table, profile, train);
    let det = 0;
    let fps = 0;
    let w = 0;
    for (const f of held) {
      cvRaw += raw[c * n + f] ?? 0;
      det += table.detected[profile][c * n + f] ?? 0;
      fps += table.fp[profile][c * n + f] ?? 0;
      w += table.windows[f] ?? 0;
    }
    windows += w;
    return {
      group: g,
      windows: w,
      cv: norm(held, c),
      inSample: norm(held, chosen),
      cvDetected: det,
      cvFalseAlerts: fps,
      chosen: c,
    };
  });
  return {
    profile,
    chosen,
    inSample: norm(all, chosen),
    cv: normalise(cvRaw, -windows * cost.fnWeight, windows, cost),
    groups: out,
  };
}

/**
 * A second estimate: k-fold cross-validation by file, repeated over `shuffles` deterministic
 * shuffles of the files (folds of mixed categories, so easier than leaving a category out).
 * Returns the CV score of each shuffle.
 */
export function kFoldByFile(
  table: CandidateTable,
  profile: ProfileName,
  cost: CostMatrix,
  k: number,
  shuffles: number,
): number[] {
  const out: number[] = [];
  for (let seed = 1; seed <= shuffles; seed++) {
    const rand = createRng(seed * 0x9e3779b1).next;
    const order = table.files.map((_, i) => i);
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
    }
    const fold = new Map<string, string>();
    for (let rank = 0; rank < order.length; rank++)
      fold.set(table.files[order[rank] ?? 0]?.name ?? '', String(rank % k));
    out.push(crossValidate(table, profile, cost, (f) => fold.get(f.name) ?? '').cv);
  }
  return out;
}
