/** Supply chain: what the manufacturing and logistics flows record on the signed ledger (GS1 EPCIS 2.0). */
export {
  type BatchProducedInput,
  BatchProducedSchema,
  batchProducedEvent,
  recordBatchProduced,
} from './batch-produced.js';
export { GlnSchema, GtinSchema, LotSchema, SsccSchema } from './gs1-ids.js';
export { type Appended, createLedgerService, type LedgerService } from './ledger-service.js';
export {
  recordShipmentHandedOver,
  type ShipmentHandoverInput,
  ShipmentHandoverSchema,
  shipmentHandoverEvents,
} from './shipment-handover.js';
