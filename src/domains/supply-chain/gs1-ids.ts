/**
 * GS1 identifiers from the plain numbers people type (GTIN, GLN, SSCC, lot) to the GS1 Digital
 * Link URIs EPCIS 2.0 prefers, as zod schemas so bad input names its field and says which check
 * failed (length, digits, check digit per GS1 General Specifications §7.9).
 */
import { z } from 'zod';
import { gs1CheckDigit } from '../../ledger/index.js';

const DL = 'https://id.gs1.org';

const withCheckDigit = (label: string, lengths: readonly number[]) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, `a ${label} is digits only`)
    .refine((s) => lengths.includes(s.length), `a ${label} has ${lengths.join(' or ')} digits`)
    .superRefine((s, ctx) => {
      if (!lengths.includes(s.length) || !/^\d+$/.test(s)) return;
      const want = gs1CheckDigit(s.slice(0, -1));
      if (want !== s.slice(-1))
        ctx.addIssue({ code: 'custom', message: `check digit of ${label} ${s} should be ${want}` });
    });

/** GTIN-8/12/13/14, padded to 14 digits in URIs. */
export const GtinSchema = withCheckDigit('GTIN', [8, 12, 13, 14]).transform((s) => s.padStart(14, '0'));
/** A 13-digit Global Location Number (a site, a dock, a partner). */
export const GlnSchema = withCheckDigit('GLN', [13]);
/** An 18-digit Serial Shipping Container Code (a pallet or parcel). */
export const SsccSchema = withCheckDigit('SSCC', [18]);
/** A batch/lot number (AI 10): up to 20 characters of GS1 AI encodable set 82; URI-escaped in links. */
export const LotSchema = z
  .string()
  .min(1, 'a lot number is not empty')
  .max(20, 'a lot number has at most 20 characters')
  .regex(/^[!"%&'()*+,\-./0-9:;<=>?A-Z_a-z]+$/, 'a lot number uses GS1 AI encodable set 82 characters');

export const lgtinUri = (gtin: string, lot: string): string =>
  `${DL}/01/${gtin}/10/${encodeURIComponent(lot)}`;
export const gtinClassUri = (gtin: string): string => `${DL}/01/${gtin}`;
export const locationUri = (gln: string): string => `${DL}/414/${gln}`;
export const partyUri = (gln: string): string => `${DL}/417/${gln}`;
export const ssccUri = (sscc: string): string => `${DL}/00/${sscc}`;

/** `YYYY-MM-DDTHH:mm:ss.sssZ` and its zone offset, from an ISO string or epoch ms. */
export const EventTimeSchema = z.union([
  z.number().int().nonnegative(),
  z.iso.datetime({ offset: true, message: 'expected an ISO 8601 date-time with a zone' }),
]);

export function eventTimeFields(
  t: number | string,
  zone: string,
): { eventTime: string; eventTimeZoneOffset: string } {
  return { eventTime: new Date(t).toISOString(), eventTimeZoneOffset: zone };
}

export const ZoneSchema = z
  .string()
  .regex(/^[+-]\d{2}:\d{2}$/, 'expected a zone offset like +08:00')
  .default('+00:00');

export const QuantitySchema = z.object({
  gtin: GtinSchema,
  lot: LotSchema,
  quantity: z.number().positive('a quantity is positive'),
  /** UN/ECE Rec 20 unit code (KGM, LTR…); omit for a count of trade items. */
  uom: z
    .string()
    .regex(/^[A-Z0-9]{2,3}$/, 'expected a UN/ECE Rec 20 unit code such as KGM')
    .optional(),
});
export type QuantityInput = z.input<typeof QuantitySchema>;

export const quantityElement = (q: z.output<typeof QuantitySchema>) => ({
  epcClass: lgtinUri(q.gtin, q.lot),
  quantity: q.quantity,
  ...(q.uom === undefined ? {} : { uom: q.uom }),
});
