export {
  getRegisteredModel,
  listRegisteredModels,
  type ModelVersion,
  productionModel,
  promoteModel,
  REGISTRY_NS,
  type RegisteredModel,
  registerModel,
  rollbackModel,
} from './registry.js';
export {
  ModelVersionSchema,
  RegisteredModelSchema,
  RunArtefactSchema,
  RunComparisonSchema,
  RunRecordSchema,
  RunStatusSchema,
  type RunSummary,
  RunSummarySchema,
} from './run-schemas.js';
export {
  compareRuns,
  getRun,
  getRunModel,
  listRuns,
  RUN_MODELS_NS,
  RUNS_NS,
  type RunArtefact,
  type RunHandle,
  type RunRecord,
  type RunStatus,
  type StartRunInput,
  startRun,
} from './runs.js';
export {
  modelArtefact,
  type TrackedTraining,
  type TrainingOutcome,
  trainTracked,
} from './tracked-training.js';
