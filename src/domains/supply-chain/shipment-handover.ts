/**
 * "A shipment was handed over" as GS1 EPCIS 2.0 events, in the order a partner would capture them:
 * 1. AggregationEvent ADD (packing): the lots packed onto the pallet/parcel SSCC;
 * 2. ObjectEvent OBSERVE (shipping, in_transit) of the SSCC at the handover location, with the
 *    owning and possessing parties before (sourceList) and after (destinationList);
 * 3. TransactionEvent ADD linking the SSCC to the purchase order / despatch advice, when given.
 */
import { z } from 'zod';
import type { AppendResult, EpcisEvent, Ledger } from '../../ledger/index.js';
import {
  EventTimeSchema,
  eventTimeFields,
  GlnSchema,
  locationUri,
  partyUri,
  QuantitySchema,
  quantityElement,
  SsccSchema,
  ssccUri,
  ZoneSchema,
} from './gs1-ids.js';
import { parseOrThrow } from './parse-or-throw.js';

export const ShipmentHandoverSchema = z.object({
  sscc: SsccSchema,
  /** GLN (party) handing the shipment over. */
  from: GlnSchema,
  /** GLN (party) taking it: a carrier or the customer. */
  to: GlnSchema,
  /** GLN of the place where it changed hands (a dock, a depot). */
  location: GlnSchema,
  handedOverAt: EventTimeSchema,
  zone: ZoneSchema,
  /** What is on the pallet; when given, a packing AggregationEvent precedes the handover. */
  contents: z.array(QuantitySchema).optional(),
  purchaseOrder: z.string().min(1).optional(),
  despatchAdvice: z.string().min(1).optional(),
});
export type ShipmentHandoverInput = z.input<typeof ShipmentHandoverSchema>;

const bizTx = (type: string, id: string) => ({
  type,
  bizTransaction: `urn:xinzhi:${type}:${encodeURIComponent(id)}`,
});

/** The EPCIS events of a handover, in capture order (pure; throws BAD_INPUT naming the field). */
export function shipmentHandoverEvents(input: unknown): EpcisEvent[] {
  const s = parseOrThrow(ShipmentHandoverSchema, input);
  const time = eventTimeFields(s.handedOverAt, s.zone);
  const where = { readPoint: { id: locationUri(s.location) }, bizLocation: { id: locationUri(s.location) } };
  const pallet = ssccUri(s.sscc);
  const tx = [
    ...(s.purchaseOrder ? [bizTx('po', s.purchaseOrder)] : []),
    ...(s.despatchAdvice ? [bizTx('desadv', s.despatchAdvice)] : []),
  ];
  const events: EpcisEvent[] = [];
  if (s.contents && s.contents.length > 0) {
    events.push({
      type: 'AggregationEvent',
      action: 'ADD',
      ...time,
      parentID: pallet,
      childQuantityList: s.contents.map(quantityElement),
      bizStep: 'packing',
      disposition: 'in_progress',
      ...where,
    } as EpcisEvent);
  }
  events.push({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...time,
    epcList: [pallet],
    bizStep: 'shipping',
    disposition: 'in_transit',
    ...where,
    ...(tx.length > 0 ? { bizTransactionList: tx } : {}),
    sourceList: [
      { type: 'owning_party', source: partyUri(s.from) },
      { type: 'possessing_party', source: partyUri(s.from) },
    ],
    destinationList: [{ type: 'possessing_party', destination: partyUri(s.to) }],
  } as EpcisEvent);
  if (tx.length > 0) {
    events.push({
      type: 'TransactionEvent',
      action: 'ADD',
      ...time,
      bizTransactionList: tx,
      epcList: [pallet],
      bizStep: 'shipping',
      disposition: 'in_transit',
      ...where,
    } as EpcisEvent);
  }
  return events;
}

/** Records a handover on the ledger, all events signed by `org` and appended in order. */
export async function recordShipmentHandedOver(
  ledger: Ledger,
  org: string,
  input: unknown,
): Promise<{ events: EpcisEvent[]; results: AppendResult[] }> {
  const events = shipmentHandoverEvents(input);
  return { events, results: await ledger.append(org, events) };
}
