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
