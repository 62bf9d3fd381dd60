export {
  type AssistantRequest,
  type AssistantResult,
  type ComparisonSide,
  type Curve,
  runAssistant,
} from './assistant.js';
export {
  AssistantCurveSchema,
  type AssistantResultJson,
  AssistantResultSchema,
  SetpointMetricsSchema,
} from './assistant-schema.js';
export {
  type AuditEntry,
  type AuditTrail,
  type AuditWhat,
  loopAuditCollection,
  MemoryAuditTrail,
  StoreAuditTrail,
} from './audit.js';
export {
  ControlLoop,
  type LoopDeps,
  type LoopSample,
  type LoopSnapshot,
  type LoopStatus,
} from './control-loop.js';
export {
  LOOP_BOUNDS,
  LOOP_DEFAULTS,
  type LoopConfig,
  type LoopLimits,
  type LoopTuning,
  loadLoopConfigs,
  loopCollection,
  loopConfig,
  OP_NODE_CONNECTOR_PATTERN,
  OP_NODE_ID_MAX,
  OP_TOPIC_PATTERN,
  type OpNode,
  opNodeProblem,
  opTopicProblem,
  saveLoopConfig,
} from './loop-config.js';
export {
  type LoopConfigInput,
  LoopInputSchema,
  LoopPlantSchema,
  NoneAsNull,
  OpNodeSchema,
  OpTopicSchema,
} from './loop-input-schema.js';
export { LoopManager, type LoopManagerDeps, type LoopWiring, type LoopWork } from './loop-manager.js';
export {
  atOperatingPoint,
  buildPlant,
  type PlantSpec,
  PlantSpecSchema,
  ProcessSpecSchema,
} from './plant-spec.js';
export { type AttachTwinOptions, attachTwin, PlantTwin, type TwinOptions } from './plant-twin.js';
export { Channel, type OpSink, type PvSource, type Reading, realTimer, type Timer } from './ports.js';
export { VirtualScheduler } from './virtual-scheduler.js';
