export {
  type BulkFilter,
  type BulkResult,
  discardAll,
  discardQuarantine,
  listQuarantine,
  type QuarantineDeps,
  type QuarantineFix,
  resubmitAll,
  resubmitQuarantine,
} from './resubmit-quarantine.js';
