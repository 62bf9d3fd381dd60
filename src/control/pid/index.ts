export {
  type IdealGains,
  idealToParallel,
  type ParallelGains,
  type PidForm,
  parallelToIdeal,
  seriesToIdeal,
} from './forms.js';
export { Pid, type PidLimits, type PidState } from './pid.js';
export {
  ANTI_WINDUPS,
  type AntiWindup,
  type ControllerAction,
  PID_DEFAULTS,
  type PidMode,
  type PidOptions,
  type PidTuning,
} from './pid-options.js';
