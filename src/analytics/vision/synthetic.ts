import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import type { RgbaImage } from './decode.js';
import { mulberry32 } from './folds.js';

/**
 * Generated surface images for the demo camera and for tests (nothing downloaded): a noisy
 * brushed-metal background, and defects drawn on it — `scratch` (a thin bright line at a random
 * angle), `spots` (dark pits), `patch` (a blotch of different brightness). Seeded, so a test or a
 * demo run gives the same images every time.
 */
export const SYNTHETIC_CLASSES = ['ok', 'patch', 'scratch', 'spots'] as const;
export type SyntheticClass = (typeof SYNTHETIC_CLASSES)[number];

export interface SyntheticOptions {
  readonly width?: number;
  readonly height?: number;
  /** Tint the surface (a colour camera); default grayscale. */
  readonly colour?: boolean;
}

function gauss(rand: () => number): number {
  const u = Math.max(1e-12, rand());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
}

export function syntheticSurface(kind: SyntheticClass, seed: number, o: SyntheticOptions = {}): RgbaImage {
  const w = o.width ?? 96;
  const h = o.height ?? 96;
  const rand = mulberry32(seed * 7919 + 13);
  const base = 110 + rand() * 40;
  const g = new Float32Array(w * h);
  // Brushed texture: noise smoothed along rows.
  for (let y = 0; y < h; y++) {
    let acc = 0;
    for (let x = 0; x < w; x++) {
      acc = 0.7 * acc + 0.3 * gauss(rand) * 14;
      g[y * w + x] = base + acc + gauss(rand) * 4;
    }
  }
  if (kind === 'scratch') {
    const a = rand() * Math.PI;
    const cx = w * (0.3 + 0.4 * rand());
    const cy = h * (0.3 + 0.4 * rand());
    const len = Math.max(w, h) * (0.5 + 0.4 * rand());
    for (let t = -len / 2; t < len / 2; t += 0.5) {
      const x = Math.round(cx + t * Math.cos(a));
      const y = Math.round(cy + t * Math.sin(a));
      for (const [dx, dy] of [
        [0, 0],
        [1, 0],
        [0, 1],
      ] as const)
        if (x + dx >= 0 && x + dx < w && y + dy >= 0 && y + dy < h) g[(y + dy) * w + x + dx] = base + 90;
    }
  } else if (kind === 'spots') {
    const n = 6 + Math.floor(rand() * 8);
    for (let k = 0; k < n; k++) {
      const cx = rand() * w;
      const cy = rand() * h;
      const r = 1.5 + rand() * 2.5;
      for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(h, Math.ceil(cy + r)); y++)
        for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, Math.ceil(cx + r)); x++)
          if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) g[y * w + x] = base - 80;
    }
  } else if (kind === 'patch') {
    const cx = w * (0.25 + 0.5 * rand());
    const cy = h * (0.25 + 0.5 * rand());
    const rx = w * (0.15 + 0.15 * rand());
    const ry = h * (0.15 + 0.15 * rand());
    const shift = (rand() < 0.5 ? -1 : 1) * (45 + rand() * 25);
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const d = ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2;
        if (d < 1) g[y * w + x]! += shift * (1 - d * d);
      }
  }
  const tint = o.colour ? [1.1, 0.95, 0.8] : [1, 1, 1];
  const data = new Uint8Array(w * h * 4);
  for (let i = 0; i < w * h; i++) {
    for (let c = 0; c < 3; c++) data[4 * i + c] = Math.max(0, Math.min(255, Math.round(g[i]! * tint[c]!)));
    data[4 * i + 3] = 255;
  }
  return { width: w, height: h, data };
}

/** JPEG bytes of an image (jpeg-js). */
export function encodeJpeg(img: RgbaImage, quality = 90): Uint8Array {
  return new Uint8Array(
    jpeg.encode({ width: img.width, height: img.height, data: Buffer.from(img.data) }, quality).data,
  );
}

/** PNG bytes of an image (pngjs). */
export function encodePng(img: RgbaImage): Uint8Array {
  const png = new PNG({ width: img.width, height: img.height });
  Buffer.from(img.data).copy(png.data);
  return new Uint8Array(PNG.sync.write(png));
}
