import { describe, expect, it } from 'vitest';
import {
  devFiles,
  loadFiles,
  nabRoot,
  PROFILES,
  publishedDetectors,
  readFinalResults,
  readProfiles,
  readPublished,
  readWindowLabels,
} from './corpus.js';
import { normalise, probationaryLength, scaledSigmoid, scoreFile, thresholdSweep } from './sweeper.js';

const standard = { tpWeight: 1, fpWeight: 0.11, fnWeight: 1 };
const lowFn = { tpWeight: 1, fpWeight: 0.11, fnWeight: 2 };
// 1000 rows, probation = 150; two windows of width 100.
const N = 1000;
const windows = [
  { start: 300, end: 399 },
  { start: 700, end: 799 },
];
const zeros = (): Float64Array => new Float64Array(N);
const norm = (raw: number, cost = standard): number => normalise(raw, -2 * cost.fnWeight, 2, cost);

describe('NAB scaled sigmoid and probation', () => {
  it('matches the reference constants', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });
  it('probation is 15 % of the rows, at most 750', () => {
    expect(probationaryLength(1000)).toBe(150);
    expect(probationaryLength(2495)).toBe(374);
    expect(probationaryLength(15831)).toBe(750);
  });
});

describe('NAB file score on constructed cases', () => {
  it('null detector scores -fnWeight per window, normalised 0', () => {
    const r = scoreFile(zeros(), windows, standard, 0.5);
    expect(r.score).toBe(-2);
    expect(norm(r.score)).toBe(0);
    expect(r).toMatchObject({ tp: 0, fp: 0, fn: 200, tn: 650, total: 850 });
    expect(scoreFile(zeros(), windows, lowFn, 0.5).score).toBe(-4);
  });
  it('a detection on the first row of each window is perfect (100)', () => {
    const s = zeros();
    s[300] = 1;
    s[700] = 1;
    const r = scoreFile(s, windows, standard, 0.5);
    expect(r.score).toBeCloseTo(2, 12);
    expect(norm(r.score)).toBeCloseTo(100, 10);
  });
  it('only the earliest detection in a window counts', () => {
    const s = zeros();
    s[300] = 1;
    s[350] = 1;
    s[700] = 1;
    expect(scoreFile(s, windows, standard, 0.5).score).toBeCloseTo(2, 12);
  });
  it('an early detection beats a late one by the scaled sigmoid', () => {
    const early = zeros();
    early[310] = 1; // position -(399-310+1)/100 = -0.9
    const late = zeros();
    late[390] = 1; // position -0.1
    const e = scoreFile(early, windows, standard, 0.5).score;
    const l = scoreFile(late, windows, standard, 0.5).score;
    expect(e).toBeCloseTo(scaledSigmoid(-0.9) / scaledSigmoid(-1) - 1, 12);
    expect(l).toBeCloseTo(scaledSigmoid(-0.1) / scaledSigmoid(-1) - 1, 12);
    expect(e).toBeGreaterThan(l);
    // The last row of a window is at position -1/width: just above 0.
    const last = zeros();
    last[399] = 1;
    expect(scoreFile(last, windows, standard, 0.5).score).toBeCloseTo(
      scaledSigmoid(-0.01) / scaledSigmoid(-1) - 1,
      12,
    );
  });
  it('a false positive before any window costs the full fpWeight', () => {
    const s = zeros();
    s[200] = 1;
    const r = scoreFile(s, windows, standard, 0.5);
    expect(r.score).toBeCloseTo(-2 - 0.11, 12);
    expect(r).toMatchObject({ fp: 1, tn: 649 });
  });
  it('a false positive just after a window costs little, far after costs all', () => {
    const near = zeros();
    near[400] = 1; // 1 row behind the right edge: position 1/99
    const far = zeros();
    far[699] = 1; // 300 rows behind: position 300/99 > 3
    expect(scoreFile(near, windows, standard, 0.5).score).toBeCloseTo(-2 + 0.11 * scaledSigmoid(1 / 99), 12);
    expect(scoreFile(far, windows, standard, 0.5).score).toBeCloseTo(-2 - 0.11, 12);
  });
  it('detections in the probationary period are ignored', () => {
    const s = zeros();
    for (let i = 0; i < 150; i++) s[i] = 1;
    expect(scoreFile(s, windows, standard, 0.5).score).toBe(-2);
  });
  it('the threshold sweep agrees with scoring at each threshold', () => {
    const s = zeros();
    s[200] = 0.9;
    s[310] = 0.7;
    s[750] = 0.6;
    s[900] = 0.6;
    const sw = thresholdSweep([{ scores: s, windows }], standard);
    for (const { threshold, score } of sw)
      expect(score).toBeCloseTo(scoreFile(s, windows, standard, threshold).score, 12);
    expect(sw.map((r) => r.threshold)).toEqual([0.9, 0.7, 0.6, 0]);
  });
});

const root = nabRoot();
describe.skipIf(!root)('NAB published results (needs ../shared/benchmarks/nab)', () => {
  const r = root ?? '';
  it('reproduces the published null detector per file: score and TN/FN counts, all profiles', () => {
    const files = loadFiles(r, devFiles(r));
    const profiles = readProfiles(r);
    for (const p of PROFILES) {
      const pub = new Map(readPublished(r, 'null', p).map((row) => [row.file, row]));
      for (const f of files) {
        const mine = scoreFile(new Float64Array(f.values.length), f.windows, profiles[p], 0.5);
        const theirs = pub.get(f.name);
        expect(theirs, f.name).toBeDefined();
        expect(mine.score, `${p} ${f.name}`).toBeCloseTo(theirs?.score ?? Number.NaN, 9);
        expect([mine.tn, mine.fn], `${p} ${f.name}`).toEqual([theirs?.tn, theirs?.fn]);
      }
    }
  });
  it('normalising the published per-file scores reproduces the scoreboard (all 58 files)', () => {
    const profiles = readProfiles(r);
    const final = readFinalResults(r);
    // Only the development labels are here; the full corpus has 116 windows (NAB v1.1), all of them
    // past probation, so the null detector's total is -fnWeight · 116.
    const windowCount = 116;
    for (const p of PROFILES) {
      const nullRaw = readPublished(r, 'null', p).reduce((a, x) => a + x.score, 0);
      expect(nullRaw).toBeCloseTo(-windowCount * profiles[p].fnWeight, 9);
      for (const d of publishedDetectors(r)) {
        // random: its per-file CSVs cover 32 of 58 files; bayesChangePt is not on the scoreboard.
        if (d === 'random' || final[d] === undefined) continue;
        const raw = readPublished(r, d, p).reduce((a, x) => a + x.score, 0);
        expect(normalise(raw, nullRaw, windowCount, profiles[p]), `${d} ${p}`).toBeCloseTo(
          final[d]?.[p] ?? Number.NaN,
          6,
        );
      }
    }
  });
  it('the development split scoreboard is ARTime 75.4, HTM 68.2, RCF 53.6, windowed Gaussian 39.4', () => {
    const dev = devFiles(r);
    const windowCount = Object.values(readWindowLabels(r)).reduce((a, w) => a + w.length, 0);
    expect(windowCount).toBe(74);
    const cost = readProfiles(r).standard;
    const devScore = (d: string): number => {
      const rows = readPublished(r, d, 'standard').filter((x) => dev.includes(x.file));
      expect(rows.length).toBe(dev.length);
      const nullRaw = readPublished(r, 'null', 'standard')
        .filter((x) => dev.includes(x.file))
        .reduce((a, x) => a + x.score, 0);
      return normalise(
        rows.reduce((a, x) => a + x.score, 0),
        nullRaw,
        windowCount,
        cost,
      );
    };
    expect(devScore('ARTime')).toBeCloseTo(75.37, 2);
    expect(devScore('numenta')).toBeCloseTo(68.21, 2);
    expect(devScore('randomCutForest')).toBeCloseTo(53.57, 2);
    expect(devScore('windowedGaussian')).toBeCloseTo(39.37, 2);
  });
});
