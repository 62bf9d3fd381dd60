/** Visual inspection: image decoding, texture features, trainable classifiers, occlusion heat maps. */
export {
  folderFeatures,
  type ImageFolder,
  listImageFolder,
  MAX_IMAGE_FILE_BYTES,
  readImageFile,
} from './dataset.js';
export { decodeImage, type ImageFormat, MAX_PIXELS, type RgbaImage, sniffImage } from './decode.js';
export {
  createFeaturePool,
  extractFeaturesPooled,
  type FeatureJob,
  type FeaturePool,
  type FeaturePoolOptions,
} from './feature-pool.js';
export {
  DEFAULT_FEATURES,
  extractFeatures,
  type FeatureOptions,
  featureLength,
  prepare,
} from './features.js';
export { stratifiedFolds } from './folds.js';
export { type HeatMap, occlusionHeatmap } from './heatmap.js';
export { type ClassificationReport, classificationReport, formatReport, reportOf } from './metrics.js';
export {
  asVisionModel,
  DEFAULT_L2_GRID,
  type LabelledFeatures,
  trainVisionModel,
  type VisionModel,
  type VisionStage,
  type VisionTrainOptions,
  type VisionTrainResult,
} from './model.js';
export {
  classOfFeatures,
  predictFeatures,
  predictImage,
  predictPrepared,
  type VisionPrediction,
} from './predict.js';
export { parseModelRef, type RegistrySource, registeredVisionModel } from './registry-model.js';
export {
  encodeJpeg,
  encodePng,
  SYNTHETIC_CLASSES,
  type SyntheticClass,
  type SyntheticOptions,
  syntheticSurface,
} from './synthetic.js';
