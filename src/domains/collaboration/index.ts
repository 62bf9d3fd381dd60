/** Supply-chain collaboration: agreements on the ledger (docs/collaboration.md). */

export {
  AGREEMENT_METHODS,
  AGREEMENT_SIGNATURE_PREFIX,
  AGREEMENT_TYPE,
  type AgreementBundle,
  type AgreementMethod,
  type AgreementRecord,
  type AgreementSignature,
  type AgreementVerification,
  agree,
  agreementBundleSchema,
  agreementEvent,
  agreementHash,
  agreementMessage,
  agreementRecord,
  gameDocument,
  verifyAgreement,
} from './agreement.js';
export {
  AllocationMethodSchema,
  CaseAllocationSchema,
  CaseResultSchema,
  CoalitionRowSchema,
} from './case-result-schema.js';
export {
  type AllocationMethod,
  type CaseAllocation,
  type CaseResult,
  type CoalitionRow,
  explainAllocation,
} from './explain-allocation.js';
export {
  MAX_POOL_PARTNERS,
  type PooledCapacityInput,
  pooledCapacity,
  pooledCapacitySchema,
} from './pooled-capacity.js';
export {
  MAX_EXACT_SHIPPERS,
  MAX_SHIPPERS,
  type SharedDeliveryInput,
  type SharedDeliveryOptions,
  sharedDelivery,
  sharedDeliverySchema,
} from './shared-delivery.js';
