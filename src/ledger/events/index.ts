export { canonicalJson } from './canonical-json.js';
export { constrainDigitalLink, epcToDigitalLink, gs1CheckDigit } from './epc-to-dl.js';
export {
  contextPrefixes,
  type EventHashResult,
  eventHashId,
  eventPreHash,
  STANDARD_PREFIXES,
} from './event-hash.js';
export { type ParsedEpcis, parseEpcis, parseEpcisText } from './parse-epcis.js';
export {
  aggregationEventSchema,
  associationEventSchema,
  EPCIS_EVENT_TYPES,
  type EpcisEvent,
  epcisDocumentSchema,
  epcisEventSchema,
  objectEventSchema,
  transactionEventSchema,
  transformationEventSchema,
} from './schema.js';
