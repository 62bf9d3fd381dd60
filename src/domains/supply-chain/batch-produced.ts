/**
 * "A batch was produced" as a GS1 EPCIS 2.0 event: an ObjectEvent (ADD, commissioning) creating
 * the lot's quantity at the site, or — when the inputs consumed are named — a TransformationEvent
 * from those input lots to the output lot, so a recall can trace ingredients forward and back.
 */
import { z } from 'zod';
import type { AppendResult, EpcisEvent, Ledger } from '../../ledger/index.js';
import {
  EventTimeSchema,
  eventTimeFields,
  GlnSchema,
  GtinSchema,
  LotSchema,
  locationUri,
  QuantitySchema,
  quantityElement,
  ZoneSchema,
} from './gs1-ids.js';
import { parseOrThrow } from './parse-or-throw.js';

export const BatchProducedSchema = z.object({
  gtin: GtinSchema,
  lot: LotSchema,
  quantity: z.number().positive('a quantity is positive'),
  uom: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/, 'expected a UN/ECE Rec 20 unit code such as KGM')
    .optional(),
  /** GLN of the plant (bizLocation). */
  site: GlnSchema,
  /** Extension of the site GLN naming the line (readPoint `…/414/<gln>/254/<line>`). */
  line: z.string().min(1).max(20).optional(),
  producedAt: EventTimeSchema,
  zone: ZoneSchema,
  /** Best-before / expiry date (YYYY-MM-DD), kept as lot master data (ILMD). */
  expiry: z.iso.date({ message: 'expected a date YYYY-MM-DD' }).optional(),
  /** Lots consumed; when given, the event is a TransformationEvent. */
  inputs: z.array(QuantitySchema).min(1, 'inputs, when given, name at least one lot').optional(),
  /** Production or work order, recorded as a business transaction. */
  workOrder: z.string().min(1).optional(),
});
export type BatchProducedInput = z.input<typeof BatchProducedSchema>;

/** The EPCIS event for a produced batch (pure; validates and throws BAD_INPUT naming the field). */
export function batchProducedEvent(input: unknown): EpcisEvent {
  const b = parseOrThrow(BatchProducedSchema, input);
  const output = quantityElement({ gtin: b.gtin, lot: b.lot, quantity: b.quantity, uom: b.uom });
  const site = locationUri(b.site);
  const common = {
    ...eventTimeFields(b.producedAt, b.zone),
    bizStep: 'commissioning',
    disposition: 'active',
    readPoint: { id: b.line ? `${site}/254/${encodeURIComponent(b.line)}` : site },
    bizLocation: { id: site },
    ...(b.workOrder
      ? {
          bizTransactionList: [
            { type: 'prodorder', bizTransaction: `urn:xinzhi:wo:${encodeURIComponent(b.workOrder)}` },
          ],
        }
      : {}),
    ...(b.expiry ? { ilmd: { 'cbvmda:itemExpirationDate': b.expiry } } : {}),
  };
  if (b.inputs) {
    return {
      type: 'TransformationEvent',
      ...common,
      inputQuantityList: b.inputs.map(quantityElement),
      outputQuantityList: [output],
    } as EpcisEvent;
  }
  return { type: 'ObjectEvent', action: 'ADD', ...common, quantityList: [output] } as EpcisEvent;
}

/** Records a produced batch on the ledger, signed by `org`. */
export async function recordBatchProduced(
  ledger: Ledger,
  org: string,
  input: unknown,
): Promise<{ event: EpcisEvent; result: AppendResult }> {
  const event = batchProducedEvent(input);
  const [result] = await ledger.append(org, [event]);
  return { event, result: result! };
}
