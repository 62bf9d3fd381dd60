/**
 * What an identifier is in an EPCIS event, as stored in the trace index (a small integer keeps
 * the index rows short), and the one normal form identifiers are compared in.
 */
import { constrainDigitalLink, epcToDigitalLink } from '../events/epc-to-dl.js';

export const ROLE = {
  /** Named by an ObjectEvent or TransactionEvent (`epcList`, `quantityList`, a transaction's `parentID`). */
  object: 0,
  /** `parentID` of an AggregationEvent or AssociationEvent: the container. */
  parent: 1,
  /** `childEPCs` / `childQuantityList`: what goes into or comes out of the container. */
  child: 2,
  /** `inputEPCList` / `inputQuantityList` of a TransformationEvent. */
  input: 3,
  /** `outputEPCList` / `outputQuantityList` of a TransformationEvent. */
  output: 4,
  /** The declared `eventID` an error declaration retracts (the key is that event id). */
  retracts: 5,
} as const;
export type Role = (typeof ROLE)[keyof typeof ROLE];

/** Longest identifier indexed or asked for; longer ones are not GS1 keys and are refused. */
export const MAX_KEY_LENGTH = 512;

/**
 * The form identifiers are indexed and looked up in: EPC URNs the CBV hash rules cover become
 * their id.gs1.org Digital Link (so `urn:epc:class:lgtin:4012345.012345.L1` and
 * `https://id.gs1.org/01/04012345123456/10/L1` are one lot), Digital Links on other domains move to
 * id.gs1.org, anything else is kept as written.
 */
export function traceKey(id: string): string {
  const s = id.trim();
  if (s.startsWith('urn:epc:')) return epcToDigitalLink(s) ?? s;
  if (s.startsWith('http://') || s.startsWith('https://')) return constrainDigitalLink(s);
  return s;
}
