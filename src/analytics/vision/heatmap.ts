import { featuresOf, type PreparedImage } from './features.js';
import type { GrayImage } from './gray.js';
import type { VisionModel } from './model.js';
import { softmaxProba } from './softmax.js';

/**
 * Occlusion sensitivity (Zeiler & Fergus 2014): cover one cell of a grid with the image's mean
 * grey, classify again, and record how much the probability of the predicted class drops. Cells
 * whose covering costs the most are the regions that drove the prediction. Model-agnostic, so it
 * works with texture features, which have no gradients to a pixel.
 */
export interface HeatMap {
  /** Cells per side. */
  readonly grid: number;
  /** The class explained. */
  readonly class: string;
  /** Probability drop per cell (row-major, grid × grid), clamped at 0; larger means more important. */
  readonly values: number[];
}

export function occlusionHeatmap(
  model: VisionModel,
  p: PreparedImage,
  classIndex: number,
  grid = 6,
): HeatMap {
  const { side, px } = p.gray;
  let mean = 0;
  for (let i = 0; i < px.length; i++) mean += px[i]!;
  mean /= px.length;
  const base = softmaxProba(model.classifier, featuresOf(p.gray, p.colour, model.features))[classIndex]!;
  const values: number[] = [];
  const cell = side / grid;
  for (let gy = 0; gy < grid; gy++)
    for (let gx = 0; gx < grid; gx++) {
      const occluded = Float32Array.from(px);
      for (let y = Math.floor(gy * cell); y < Math.floor((gy + 1) * cell); y++)
        for (let x = Math.floor(gx * cell); x < Math.floor((gx + 1) * cell); x++)
          occluded[y * side + x] = mean;
      const g: GrayImage = { side, px: occluded };
      const prob = softmaxProba(model.classifier, featuresOf(g, p.colour, model.features))[classIndex]!;
      values.push(Math.max(0, base - prob));
    }
  return { grid, class: model.classes[classIndex]!, values };
}
