import type { GrayImage } from './gray.js';

/**
 * Grey-level co-occurrence statistics (Haralick 1973): how often grey level i sits next to level j
 * at a given offset. Levels are quantised on the image's own mean ± 2 standard deviations, so a
 * darker exposure of the same surface gives the same matrix. For each distance: contrast,
 * dissimilarity, homogeneity, energy, correlation and entropy averaged over four directions, and
 * their spread over directions (scratches and rolled-in scale are directional).
 */
const LEVELS = 16;
const DIRS: ReadonlyArray<readonly [number, number]> = [
  [1, 0],
  [1, -1],
  [0, -1],
  [-1, -1],
];
const STATS = 6;

export const glcmLength = (distances: readonly number[]): number => distances.length * STATS * 2;

function quantise(img: GrayImage): Uint8Array {
  const { px } = img;
  let mean = 0;
  for (let i = 0; i < px.length; i++) mean += px[i]!;
  mean /= px.length;
  let v = 0;
  for (let i = 0; i < px.length; i++) v += (px[i]! - mean) ** 2;
  const sd = Math.sqrt(v / px.length) || 1;
  const q = new Uint8Array(px.length);
  for (let i = 0; i < px.length; i++) {
    const z = (px[i]! - mean) / (4 * sd) + 0.5;
    q[i] = Math.min(LEVELS - 1, Math.max(0, Math.floor(z * LEVELS)));
  }
  return q;
}

function stats(m: Float64Array): number[] {
  let total = 0;
  for (let i = 0; i < m.length; i++) total += m[i]!;
  if (total === 0) return new Array<number>(STATS).fill(0);
  let mu = 0;
  for (let i = 0; i < LEVELS; i++) for (let j = 0; j < LEVELS; j++) mu += i * m[i * LEVELS + j]!;
  mu /= total;
  let sigma2 = 0;
  let contrast = 0;
  let dissim = 0;
  let homog = 0;
  let energy = 0;
  let entropy = 0;
  let corr = 0;
  for (let i = 0; i < LEVELS; i++)
    for (let j = 0; j < LEVELS; j++) {
      const p = m[i * LEVELS + j]! / total;
      if (p === 0) continue;
      sigma2 += (i - mu) ** 2 * p;
      contrast += (i - j) ** 2 * p;
      dissim += Math.abs(i - j) * p;
      homog += p / (1 + (i - j) ** 2);
      energy += p * p;
      entropy -= p * Math.log(p);
      corr += (i - mu) * (j - mu) * p;
    }
  return [contrast / 25, dissim / 5, homog, Math.sqrt(energy), sigma2 > 0 ? corr / sigma2 : 1, entropy / 5];
}

export function glcm(img: GrayImage, distances: readonly number[]): Float32Array {
  const q = quantise(img);
  const { side } = img;
  const out = new Float32Array(glcmLength(distances));
  const m = new Float64Array(LEVELS * LEVELS);
  distances.forEach((d, di) => {
    const perDir: number[][] = [];
    for (const [ux, uy] of DIRS) {
      m.fill(0);
      const ox = ux * d;
      const oy = uy * d;
      for (let y = Math.max(0, -oy); y < Math.min(side, side - oy); y++)
        for (let x = Math.max(0, -ox); x < Math.min(side, side - ox); x++) {
          const a = q[y * side + x]!;
          const b = q[(y + oy) * side + x + ox]!;
          m[a * LEVELS + b]! += 1;
          m[b * LEVELS + a]! += 1;
        }
      perDir.push(stats(m));
    }
    for (let s = 0; s < STATS; s++) {
      const vals = perDir.map((p) => p[s]!);
      out[di * STATS * 2 + s] = vals.reduce((a, b) => a + b, 0) / vals.length;
      out[di * STATS * 2 + STATS + s] = Math.max(...vals) - Math.min(...vals);
    }
  });
  return out;
}
