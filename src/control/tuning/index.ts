export {
  type Complex,
  type LoopMargins,
  loopMargins,
  pidResponse,
  processResponse,
  type UltimatePoint,
  ultimatePoint,
} from './frequency.js';
export { type HigherOrder, halfRuleFopdt, halfRuleSopdt } from './half-rule.js';
export {
  checkStepData,
  type FopdtFit,
  fitFopdt,
  fitIntegrating,
  fopdtShape,
  type IntegratingFit,
  type StepData,
  twoPointFopdt,
} from './identify.js';
export { type NelderMeadResult, nelderMead } from './nelder-mead.js';
export {
  type RelayOptions,
  type RelayResult,
  relayEstimates,
  relayExperiment,
  relayLimitCycleFopdt,
} from './relay.js';
export {
  amigo,
  type ControllerType,
  cohenCoon,
  type Fopdt,
  type Integrating,
  imcPid,
  lambdaIntegrating,
  lambdaPi,
  type Sopdt,
  simcIntegrating,
  simcPi,
  simcPidSopdt,
  type Tuning,
  zieglerNicholsStep,
  zieglerNicholsUltimate,
} from './rules.js';
export { TUNING_RULES, type TuneOptions, type TuningRule, tune } from './tune.js';
