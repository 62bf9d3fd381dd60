/** The ledger engine: RFC 9162 Merkle log, C2SP checkpoints and witnesses, signed EPCIS 2.0 events. */
export { type AuditProblem, type AuditReport, auditLog, type TamperKind } from './audit/audit.js';
export {
  type BundleVerification,
  checkEntry,
  type ProofBundle,
  proofBundleSchema,
  type VerifyBundleOptions,
  verifyBundle,
} from './bundle.js';
export * from './events/index.js';
export {
  type AppendResult,
  type CheckpointInfo,
  Ledger,
  type OrgInfo,
  type PreSignedEvent,
} from './ledger.js';
export { LEDGER_DEFAULTS, type LedgerOptions } from './ledger-options.js';
export {
  ENTRY_TYPE,
  EVENT_SIGNATURE_PREFIX,
  entryBytes,
  eventSignedMessage,
  type LedgerEntry,
  type SignedEvent,
  signEvent,
  verifyEventSignature,
} from './log/entry.js';
export * from './log/index.js';
export * from './merkle/index.js';
export * as trace from './trace/index.js';
export * from './witness/index.js';
