import { clbp, clbpLength } from './clbp.js';
import type { RgbaImage } from './decode.js';
import { glcm, glcmLength } from './glcm.js';
import { colourStats, type GrayImage, toGray } from './gray.js';
import { hog, hogLength } from './hog.js';

/** What the feature vector is made of; stored in the model so prediction extracts the same. */
export interface FeatureOptions {
  /** Side of the square plane every image is resampled to. Default 128. */
  readonly side: number;
  /** CLBP radii in pixels of that plane. Default [1, 2, 3]. */
  readonly radii: readonly number[];
  /** GLCM distances. Default [1, 2, 4]. */
  readonly distances: readonly number[];
  /** HOG cell sides. Default [8, 16]. */
  readonly cells: readonly number[];
}

export const DEFAULT_FEATURES: FeatureOptions = {
  side: 128,
  radii: [1, 2, 3],
  distances: [1, 2, 4],
  cells: [8, 16],
};

const INTENSITY_BINS = 16;
const COLOUR = 9;

export const featureLength = (o: FeatureOptions): number =>
  clbpLength(o.radii) + glcmLength(o.distances) + hogLength(o.cells) + 4 + INTENSITY_BINS + COLOUR;

/** Mean, spread, skewness and kurtosis, and a histogram of standardised intensities. */
function intensity(img: GrayImage): number[] {
  const { px } = img;
  const n = px.length;
  let m = 0;
  for (let i = 0; i < n; i++) m += px[i]!;
  m /= n;
  let m2 = 0;
  let m3 = 0;
  let m4 = 0;
  for (let i = 0; i < n; i++) {
    const d = px[i]! - m;
    m2 += d * d;
    m3 += d * d * d;
    m4 += d * d * d * d;
  }
  m2 /= n;
  const sd = Math.sqrt(m2) || 1;
  const h = new Array<number>(INTENSITY_BINS).fill(0);
  for (let i = 0; i < n; i++) {
    const z = (px[i]! - m) / sd;
    const b = Math.min(INTENSITY_BINS - 1, Math.max(0, Math.floor(((z + 3) / 6) * INTENSITY_BINS)));
    h[b]! += 1;
  }
  return [
    m / 255,
    Math.sqrt(m2) / 64,
    m3 / n / sd ** 3 / 3,
    // A flat image has no spread: kurtosis is undefined there, 0 keeps the vector finite.
    m2 > 0 ? Math.log(m4 / n / sd ** 4) : 0,
    ...h.map((c) => Math.sqrt(c / n)),
  ];
}

/** The feature vector of a prepared plane; `colour` from `colourStats` of the source image. */
export function featuresOf(gray: GrayImage, colour: readonly number[], o: FeatureOptions): Float32Array {
  const parts = [clbp(gray, o.radii), glcm(gray, o.distances), hog(gray, o.cells)];
  const out = new Float32Array(featureLength(o));
  let k = 0;
  for (const p of parts) {
    out.set(p, k);
    k += p.length;
  }
  for (const v of intensity(gray)) out[k++] = v;
  for (const v of colour) out[k++] = v;
  return out;
}

export interface PreparedImage {
  readonly gray: GrayImage;
  readonly colour: number[];
}

export function prepare(img: RgbaImage, o: FeatureOptions): PreparedImage {
  return { gray: toGray(img, o.side), colour: colourStats(img) };
}

export function extractFeatures(img: RgbaImage, o: FeatureOptions = DEFAULT_FEATURES): Float32Array {
  const p = prepare(img, o);
  return featuresOf(p.gray, p.colour, o);
}
