import type { RgbaImage } from './decode.js';

/**
 * The canonical input of the feature extractors: a square grayscale plane of fixed side (area
 * resampling, so any source size maps to the same texture scale relative to the frame) plus the
 * colour statistics that a grayscale plane loses. Written by hand: it is a box filter, and
 * jpeg-js/pngjs decode but do not resample.
 */
export interface GrayImage {
  readonly side: number;
  /** Luma in 0…255, row-major, side × side. */
  readonly px: Float32Array;
}

/** Rec. 601 luma of every pixel. */
export function toLuma(img: RgbaImage): Float32Array {
  const n = img.width * img.height;
  const out = new Float32Array(n);
  const d = img.data;
  for (let i = 0; i < n; i++) out[i] = 0.299 * d[4 * i]! + 0.587 * d[4 * i + 1]! + 0.114 * d[4 * i + 2]!;
  return out;
}

/** Area-average resampling of a plane to side × side (each output pixel averages its source box). */
export function resamplePlane(src: Float32Array, w: number, h: number, side: number): Float32Array {
  const out = new Float32Array(side * side);
  const sx = w / side;
  const sy = h / side;
  for (let oy = 0; oy < side; oy++) {
    const y0 = oy * sy;
    const y1 = y0 + sy;
    for (let ox = 0; ox < side; ox++) {
      const x0 = ox * sx;
      const x1 = x0 + sx;
      let acc = 0;
      let wsum = 0;
      for (let y = Math.floor(y0); y < Math.min(h, Math.ceil(y1)); y++) {
        const wy = Math.min(y + 1, y1) - Math.max(y, y0);
        if (wy <= 0) continue;
        const row = y * w;
        for (let x = Math.floor(x0); x < Math.min(w, Math.ceil(x1)); x++) {
          const wx = Math.min(x + 1, x1) - Math.max(x, x0);
          if (wx <= 0) continue;
          acc += src[row + x]! * wx * wy;
          wsum += wx * wy;
        }
      }
      out[oy * side + ox] = wsum > 0 ? acc / wsum : 0;
    }
  }
  return out;
}

export function toGray(img: RgbaImage, side: number): GrayImage {
  return { side, px: resamplePlane(toLuma(img), img.width, img.height, side) };
}

/**
 * Colour summary: per channel mean and standard deviation, and the mean saturation. Zero spread
 * between channels for gray images, so a grayscale data set loses nothing and a colour one (crop
 * leaves, rust) gains the cue.
 */
export function colourStats(img: RgbaImage): number[] {
  const n = img.width * img.height;
  const d = img.data;
  const step = Math.max(1, Math.floor(n / 65536));
  const sum = [0, 0, 0];
  const sq = [0, 0, 0];
  let sat = 0;
  let count = 0;
  for (let i = 0; i < n; i += step) {
    const r = d[4 * i]!;
    const g = d[4 * i + 1]!;
    const b = d[4 * i + 2]!;
    sum[0]! += r;
    sum[1]! += g;
    sum[2]! += b;
    sq[0]! += r * r;
    sq[1]! += g * g;
    sq[2]! += b * b;
    const mx = Math.max(r, g, b);
    sat += mx === 0 ? 0 : (mx - Math.min(r, g, b)) / mx;
    count++;
  }
  const out: number[] = [];
  for (let c = 0; c < 3; c++) {
    const m = sum[c]! / count;
    out.push(m / 255, Math.sqrt(Math.max(0, sq[c]! / count - m * m)) / 255);
  }
  // Chromatic differences, which a brightness change leaves alone.
  out.push((out[0]! - out[2]!) * 2, (out[2]! - out[4]!) * 2, sat / count);
  return out;
}
