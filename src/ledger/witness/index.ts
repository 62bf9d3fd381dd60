export { checkWitnessPolicy, type WitnessPolicy } from './policy.js';
export { detectSplitView, type SplitViewEvidence } from './split-view.js';
export {
  type AddCheckpointRequest,
  type AddCheckpointResponse,
  formatAddCheckpointBody,
  parseAddCheckpointBody,
  Witness,
  type WitnessDeps,
} from './witness.js';
