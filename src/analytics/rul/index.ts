export {
  type ClassificationReport,
  type ClassMetrics,
  classificationReport,
  formatClassificationReport,
} from './classify.js';
export { CMAPSS_COLUMNS, type CmapssEngine, parseCmapss, parseRulFile } from './cmapss.js';
export { type ConditionModel, fitConditions, normaliseEngine } from './conditions.js';
export { buildFeatures, FEATURE_COUNT, featureCount, featureNames } from './features.js';
export { type GbdtModel, type GbdtOptions, type GbdtProgress, predictGbdt, trainGbdt } from './gbdt.js';
export {
  DEMO_BEARING_FEATURES,
  type HealthFeature,
  type HealthIndexEstimator,
  type HealthIndexOptions,
  healthIndexEstimator,
} from './health-index.js';
export { applyConformal, type ConformalModel, fitConformal } from './interval.js';
export { cycleModelEstimator, type RulEstimate, type RulEstimator } from './live.js';
export { mae, nasaScore, rmse } from './metrics.js';
export type { MlpOptions } from './mlp.js';
export { type MlpModel, predictMlp } from './mlp-model.js';
export {
  DEFAULT_GBDT,
  fingerprintEngines,
  predictRul,
  type RulModel,
  type RulPrediction,
  type RulTrainHooks,
  type RulTrainOptions,
  type RulTrainResult,
  type RulValidation,
  trainRulModel,
} from './model.js';
export { INFORMATIVE_SENSORS, PUBLISHED_RMSE, RUL_CAP } from './protocol.js';
export {
  CSV_CAP_SHARE,
  CYCLE_COLUMN_NAMES,
  constantColumns,
  MAX_RUN_CSV_COLUMNS,
  parseRunCsv,
  type RunCsv,
  type RunCsvOptions,
  runCsvTrainOptions,
  selectColumns,
  UNIT_COLUMN_NAMES,
} from './run-csv.js';
export { splitByEngine, truncationRows } from './split.js';
export { trainInWorker } from './train-in-worker.js';
export {
  type TrainTextOptions,
  type TrainTextProgress,
  type TrainTextResult,
  trainFromText,
} from './train-text.js';
