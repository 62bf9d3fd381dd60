/**
 * The result object of `xinzhi ask` (shared/contracts/ask-output.md), one schema per kind, written
 * once: the parser builds values of the inferred types, the HTTP API documents and answers with
 * the schemas, and tests can check any output against them.
 */
import { z } from 'zod';

export const AddressSchema = z
  .object({
    text: z.string().meta({ description: 'The address copied exactly from the text' }),
    prov: z.string().optional(),
    city: z.string().optional(),
    district: z.string().optional(),
    town: z.string().optional(),
    road: z.string().optional(),
    roadno: z.string().optional(),
    poi: z.string().optional(),
    building: z.string().optional(),
    floor: z.string().optional(),
    room: z.string().optional(),
    state: z.string().optional(),
    postcode: z.string().optional(),
  })
  .meta({ id: 'AskAddress', description: 'Only the parts that appear in the text, as written (NFKC)' });

export const WindowSchema = z
  .object({
    start: z.string().nullable().meta({ description: 'Local time with the offset of `now`; null: open' }),
    end: z.string().nullable().meta({ description: 'Exclusive end; null: open' }),
  })
  .meta({ id: 'AskWindow' });

export const ItemSchema = z.object({
  goods: z.string().nullable(),
  quantity: z.number().nullable(),
  unit: z.string().nullable(),
});
export type Item = z.infer<typeof ItemSchema>;

export const ContactSchema = z.object({ name: z.string().nullable(), phone: z.string().nullable() });
export type Contact = z.infer<typeof ContactSchema>;

export const DeliverySchema = z.object({
  kind: z.literal('delivery'),
  items: z.array(ItemSchema).nullable(),
  address: z.union([AddressSchema, z.null()]),
  window: z.union([WindowSchema, z.null()]),
  contact: ContactSchema.nullable(),
  action: z.enum(['create', 'modify', 'cancel']),
  target: z.string().optional(),
});

/** A quantity with its unit: amounts (20 mm, 3 h, 50 亩) and rates (60 mL/亩). */
export const MeasureSchema = z.object({ value: z.number(), unit: z.string() });
export type Measure = z.infer<typeof MeasureSchema>;

export const OperationSchema = z.enum(['irrigate', 'spray', 'fertilise', 'harvest', 'sow', 'till', 'scout']);
export type Operation = z.infer<typeof OperationSchema>;

export const FieldOpSchema = z.object({
  kind: z.literal('field_op'),
  operation: OperationSchema,
  field: z.string(),
  crop: z.string().nullable(),
  amount: MeasureSchema.nullable(),
  product: z.string().nullable(),
  rate: MeasureSchema.nullable(),
  machine: z.string().nullable(),
  window: WindowSchema,
  conditions: z.array(z.string()),
});

export const MissingFieldSchema = z.enum([
  'address',
  'quantity',
  'time',
  'field',
  'product',
  'operation',
  'target',
]);
export type MissingField = z.infer<typeof MissingFieldSchema>;

export const InvalidSchema = z.object({
  kind: z.literal('invalid'),
  missing: z.array(MissingFieldSchema),
  issue: z.enum(['missing_field', 'contradictory_time', 'ambiguous', 'not_instruction']),
  reason: z.string(),
});

export const AskResultSchema = z
  .discriminatedUnion('kind', [DeliverySchema, FieldOpSchema, InvalidSchema])
  .meta({ id: 'AskResult', description: 'The contract result (shared/contracts/ask-output.md)' });

export type Delivery = z.infer<typeof DeliverySchema>;
export type FieldOp = z.infer<typeof FieldOpSchema>;
export type Invalid = z.infer<typeof InvalidSchema>;
export type AskResult = z.infer<typeof AskResultSchema>;

/** Where each parsed field came from in the input text (UTF-16 offsets), for highlighting. */
export const HighlightSchema = z.object({ field: z.string(), from: z.number(), to: z.number() });
export type Highlight = z.infer<typeof HighlightSchema>;
