export {
  discardQuarantine,
  listQuarantine,
  type QuarantineDeps,
  type QuarantineFix,
  resubmitQuarantine,
} from './resubmit-quarantine.js';
