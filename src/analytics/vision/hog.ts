import type { GrayImage } from './gray.js';

/**
 * Histograms of oriented gradients (Dalal & Triggs 2005), pooled: each cell's unsigned-orientation
 * histogram is L2-normalised as in HOG, then the cells' mean and standard deviation per bin are
 * kept instead of their positions. A defect may lie anywhere in the frame, so where a cell is
 * matters less than which edge directions the surface has and how unevenly they are spread.
 */
const BINS = 9;

export const hogLength = (cells: readonly number[]): number => cells.length * BINS * 2;

export function hog(img: GrayImage, cells: readonly number[]): Float32Array {
  const { side, px } = img;
  const mag = new Float32Array(side * side);
  const ang = new Float32Array(side * side);
  for (let y = 1; y < side - 1; y++)
    for (let x = 1; x < side - 1; x++) {
      const i = y * side + x;
      const gx = px[i + 1]! - px[i - 1]!;
      const gy = px[i + side]! - px[i - side]!;
      mag[i] = Math.hypot(gx, gy);
      let a = Math.atan2(gy, gx);
      if (a < 0) a += Math.PI;
      ang[i] = a;
    }
  const out = new Float32Array(hogLength(cells));
  cells.forEach((cell, ci) => {
    const nc = Math.floor(side / cell);
    if (nc < 1) return;
    const sum = new Float64Array(BINS);
    const sq = new Float64Array(BINS);
    const h = new Float64Array(BINS);
    for (let cy = 0; cy < nc; cy++)
      for (let cx = 0; cx < nc; cx++) {
        h.fill(0);
        for (let y = cy * cell; y < (cy + 1) * cell; y++)
          for (let x = cx * cell; x < (cx + 1) * cell; x++) {
            const i = y * side + x;
            const pos = (ang[i]! / Math.PI) * BINS - 0.5;
            const b0 = Math.floor(pos);
            const t = pos - b0;
            h[(b0 + BINS) % BINS]! += mag[i]! * (1 - t);
            h[(b0 + 1) % BINS]! += mag[i]! * t;
          }
        let norm = 1e-6;
        for (let b = 0; b < BINS; b++) norm += h[b]! * h[b]!;
        norm = Math.sqrt(norm);
        for (let b = 0; b < BINS; b++) {
          const v = h[b]! / norm;
          sum[b]! += v;
          sq[b]! += v * v;
        }
      }
    const n = nc * nc;
    for (let b = 0; b < BINS; b++) {
      const m = sum[b]! / n;
      out[ci * BINS * 2 + b] = m;
      out[ci * BINS * 2 + BINS + b] = Math.sqrt(Math.max(0, sq[b]! / n - m * m));
    }
  });
  return out;
}
