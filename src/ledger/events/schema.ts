/**
 * GS1 EPCIS 2.0 events in their JSON-LD form, as zod schemas. They check what the EPCIS 2.0
 * JSON schema requires of each event type (type, eventTime, eventTimeZoneOffset, action where the
 * type has one, list shapes, quantity elements, error declarations) and keep every other field,
 * including user extensions (`example:myField`), untouched so events round-trip.
 */
import { z } from 'zod';

const dateTime = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/,
    'expected an ISO 8601 date-time with a zone, e.g. 2024-05-01T10:00:00.000+02:00',
  );
const offset = z.string().regex(/^[+-]\d{2}:\d{2}$/, 'expected a zone offset like +01:00');
const uri = z.string().min(1, 'expected a non-empty URI');
const uriList = z.array(uri);

const quantityElement = z.looseObject({
  epcClass: uri,
  quantity: z.number().nonnegative().optional(),
  uom: z.string().min(1).optional(),
});
const idObject = z.looseObject({ id: uri });
const bizTransaction = z.looseObject({ type: z.string().optional(), bizTransaction: uri });
const source = z.looseObject({ type: z.string(), source: uri });
const destination = z.looseObject({ type: z.string(), destination: uri });
const sensorElement = z.looseObject({
  sensorMetadata: z.looseObject({}).optional(),
  sensorReport: z.array(z.looseObject({})).min(1, 'a sensorElement has at least one sensorReport'),
});
const errorDeclaration = z.looseObject({
  declarationTime: dateTime,
  reason: z.string().optional(),
  correctiveEventIDs: uriList.optional(),
});
const action = z.enum(['ADD', 'OBSERVE', 'DELETE']);

const common = {
  eventTime: dateTime,
  eventTimeZoneOffset: offset,
  recordTime: dateTime.optional(),
  eventID: uri.optional(),
  certificationInfo: z.union([uri, uriList]).optional(),
  errorDeclaration: errorDeclaration.optional(),
  bizStep: z.string().min(1).optional(),
  disposition: z.string().min(1).optional(),
  persistentDisposition: z.looseObject({ set: uriList.optional(), unset: uriList.optional() }).optional(),
  readPoint: idObject.optional(),
  bizLocation: idObject.optional(),
  bizTransactionList: z.array(bizTransaction).optional(),
  sourceList: z.array(source).optional(),
  destinationList: z.array(destination).optional(),
  sensorElementList: z.array(sensorElement).optional(),
};

export const objectEventSchema = z.looseObject({
  type: z.literal('ObjectEvent'),
  ...common,
  action,
  epcList: uriList.optional(),
  quantityList: z.array(quantityElement).optional(),
  ilmd: z.looseObject({}).optional(),
});

export const aggregationEventSchema = z.looseObject({
  type: z.literal('AggregationEvent'),
  ...common,
  action,
  parentID: uri.optional(),
  childEPCs: uriList.optional(),
  childQuantityList: z.array(quantityElement).optional(),
});

export const transactionEventSchema = z.looseObject({
  type: z.literal('TransactionEvent'),
  ...common,
  action,
  bizTransactionList: z
    .array(bizTransaction)
    .min(1, 'a TransactionEvent names at least one business transaction'),
  parentID: uri.optional(),
  epcList: uriList.optional(),
  quantityList: z.array(quantityElement).optional(),
});

export const transformationEventSchema = z.looseObject({
  type: z.literal('TransformationEvent'),
  ...common,
  inputEPCList: uriList.optional(),
  inputQuantityList: z.array(quantityElement).optional(),
  outputEPCList: uriList.optional(),
  outputQuantityList: z.array(quantityElement).optional(),
  transformationID: uri.optional(),
  ilmd: z.looseObject({}).optional(),
});

export const associationEventSchema = z.looseObject({
  type: z.literal('AssociationEvent'),
  ...common,
  action,
  parentID: uri,
  childEPCs: uriList.optional(),
  childQuantityList: z.array(quantityElement).optional(),
});

export const epcisEventSchema = z.discriminatedUnion('type', [
  objectEventSchema,
  aggregationEventSchema,
  transactionEventSchema,
  transformationEventSchema,
  associationEventSchema,
]);

export type EpcisEvent = z.infer<typeof epcisEventSchema>;
export const EPCIS_EVENT_TYPES = [
  'ObjectEvent',
  'AggregationEvent',
  'TransactionEvent',
  'TransformationEvent',
  'AssociationEvent',
] as const;

export const epcisDocumentSchema = z.looseObject({
  '@context': z.unknown().optional(),
  type: z.literal('EPCISDocument'),
  schemaVersion: z.union([z.string(), z.number()]),
  creationDate: dateTime,
  epcisBody: z.looseObject({ eventList: z.array(z.unknown()) }),
});
