/**
 * The identifiers one EPCIS event names and what each is in it: the edges of the lot/item graph.
 * Instance identifiers (`epcList`, `childEPCs`, `inputEPCList`, …) count one each; quantity
 * elements name a class or lot (`epcClass`, e.g. an LGTIN) with a quantity and unit.
 */
import { MAX_KEY_LENGTH, ROLE, type Role, traceKey } from './roles.js';

export interface EventLink {
  readonly key: string;
  readonly role: Role;
  /** For quantity elements: the amount and unit; instance identifiers are one piece each. */
  readonly quantity?: number;
  readonly uom?: string;
}

type Obj = Record<string, unknown>;

const strings = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string' && x.length > 0) : [];

function push(out: EventLink[], id: string, role: Role, quantity?: number, uom?: string): void {
  if (id.length > MAX_KEY_LENGTH) return;
  const link: { key: string; role: Role; quantity?: number; uom?: string } = { key: traceKey(id), role };
  if (quantity !== undefined) link.quantity = quantity;
  if (uom !== undefined) link.uom = uom;
  out.push(link);
}

function epcs(out: EventLink[], v: unknown, role: Role): void {
  for (const id of strings(v)) push(out, id, role);
}

function quantities(out: EventLink[], v: unknown, role: Role): void {
  if (!Array.isArray(v)) return;
  for (const q of v) {
    if (typeof q !== 'object' || q === null) continue;
    const e = q as Obj;
    if (typeof e['epcClass'] !== 'string' || e['epcClass'].length === 0) continue;
    const n = typeof e['quantity'] === 'number' && Number.isFinite(e['quantity']) ? e['quantity'] : undefined;
    const uom = typeof e['uom'] === 'string' ? e['uom'] : undefined;
    push(out, e['epcClass'], role, n, uom);
  }
}

/** The links of one event (any JSON value is accepted; what is not an EPCIS list is skipped). */
export function eventLinks(event: unknown): EventLink[] {
  if (typeof event !== 'object' || event === null) return [];
  const e = event as Obj;
  const out: EventLink[] = [];
  switch (e['type']) {
    case 'ObjectEvent':
      epcs(out, e['epcList'], ROLE.object);
      quantities(out, e['quantityList'], ROLE.object);
      break;
    case 'TransactionEvent':
      if (typeof e['parentID'] === 'string') push(out, e['parentID'], ROLE.object);
      epcs(out, e['epcList'], ROLE.object);
      quantities(out, e['quantityList'], ROLE.object);
      break;
    case 'AggregationEvent':
    case 'AssociationEvent':
      if (typeof e['parentID'] === 'string') push(out, e['parentID'], ROLE.parent);
      epcs(out, e['childEPCs'], ROLE.child);
      quantities(out, e['childQuantityList'], ROLE.child);
      break;
    case 'TransformationEvent':
      epcs(out, e['inputEPCList'], ROLE.input);
      quantities(out, e['inputQuantityList'], ROLE.input);
      epcs(out, e['outputEPCList'], ROLE.output);
      quantities(out, e['outputQuantityList'], ROLE.output);
      break;
    default:
      break;
  }
  const declared = e['errorDeclaration'];
  if (typeof declared === 'object' && declared !== null && typeof e['eventID'] === 'string')
    out.push({ key: e['eventID'], role: ROLE.retracts });
  return out;
}

/** eventTime in UTC ms, or NaN when missing or not a date. */
export function eventTimeMs(event: unknown): number {
  if (typeof event !== 'object' || event === null) return Number.NaN;
  const t = (event as Obj)['eventTime'];
  return typeof t === 'string' ? Date.parse(t) : Number.NaN;
}
