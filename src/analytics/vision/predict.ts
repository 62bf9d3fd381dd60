import type { RgbaImage } from './decode.js';
import { featureLength, featuresOf, type PreparedImage, prepare } from './features.js';
import type { VisionModel } from './model.js';
import { softmaxProba } from './softmax.js';

export interface VisionPrediction {
  readonly class: string;
  readonly probability: number;
  /** The three most probable classes (fewer if the model has fewer), most probable first. */
  readonly top: Array<[string, number]>;
  /** Every class's probability, in model class order. */
  readonly probabilities: number[];
}

export function predictPrepared(model: VisionModel, p: PreparedImage): VisionPrediction {
  return predictFeatures(model, featuresOf(p.gray, p.colour, model.features));
}

/** The prediction from an extracted feature vector (e.g. from the feature pool). */
export function predictFeatures(model: VisionModel, features: ArrayLike<number>): VisionPrediction {
  const probs = softmaxProba(model.classifier, features);
  const order = probs.map((_, i) => i).sort((a, b) => probs[b]! - probs[a]!);
  const first = order[0]!;
  return {
    class: model.classes[first]!,
    probability: probs[first]!,
    top: order.slice(0, 3).map((i) => [model.classes[i]!, probs[i]!]),
    probabilities: probs,
  };
}

export function predictImage(model: VisionModel, img: RgbaImage): VisionPrediction {
  if (model.classifier.mean.length !== featureLength(model.features))
    throw new RangeError('model features and classifier disagree in length');
  return predictPrepared(model, prepare(img, model.features));
}

/** Index of the most probable class of an extracted feature vector. */
export function classOfFeatures(model: VisionModel, features: ArrayLike<number>): number {
  const p = softmaxProba(model.classifier, features);
  return p.reduce((b, v, i) => (v > p[b]! ? i : b), 0);
}
