/**
 * A small cross-organisation supply chain on a test ledger: two farms' wheat lots, a mill that
 * makes flour from them, two bakeries and a shop, with pallets between them, an unrelated lot,
 * and a shipment recorded in error and then retracted.
 */
import type { EpcisEvent } from '../events/schema.js';
import type { Ledger } from '../ledger.js';

export const lot = (name: string): string => `urn:epc:class:lgtin:4012345.012345.${name}`;
export const sscc = (n: number): string => `urn:epc:id:sscc:4012345.${String(n).padStart(10, '0')}`;
export const item = (n: number): string => `urn:epc:id:sgtin:4012345.011111.${n}`;
export const party = (n: number): string => `urn:epc:id:pgln:4012345.0000${n}`;
export const place = (n: number): string => `urn:epc:id:sgln:4012345.0000${n}.0`;

const time = (day: number) => ({
  eventTime: new Date(Date.UTC(2024, 2, day, 8)).toISOString(),
  eventTimeZoneOffset: '+00:00',
});
const q = (l: string, quantity: number) => ({ epcClass: lot(l), quantity, uom: 'KGM' });

const produce = (day: number, l: string, kg: number, at: number): EpcisEvent =>
  ({
    type: 'ObjectEvent',
    action: 'ADD',
    ...time(day),
    quantityList: [q(l, kg)],
    bizStep: 'commissioning',
    bizLocation: { id: place(at) },
  }) as EpcisEvent;

const pack = (
  day: number,
  pallet: number,
  contents: { epcClass: string; quantity: number; uom: string }[],
  at: number,
) =>
  ({
    type: 'AggregationEvent',
    action: 'ADD',
    ...time(day),
    parentID: sscc(pallet),
    childQuantityList: contents,
    bizStep: 'packing',
    bizLocation: { id: place(at) },
  }) as EpcisEvent;

const ship = (day: number, epcs: string[], from: number, to: number, at: number, eventID?: string) =>
  ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...time(day),
    ...(eventID ? { eventID } : {}),
    epcList: epcs,
    bizStep: 'shipping',
    bizLocation: { id: place(at) },
    sourceList: [{ type: 'owning_party', source: party(from) }],
    destinationList: [{ type: 'owning_party', destination: party(to) }],
    bizTransactionList: [{ type: 'po', bizTransaction: `urn:xinzhi:po:${from}-${to}-${day}` }],
  }) as EpcisEvent;

const receive = (day: number, epcs: string[], at: number) =>
  ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    ...time(day),
    epcList: epcs,
    bizStep: 'receiving',
    bizLocation: { id: place(at) },
  }) as EpcisEvent;

const unpack = (day: number, pallet: number, at: number) =>
  ({
    type: 'AggregationEvent',
    action: 'DELETE',
    ...time(day),
    parentID: sscc(pallet),
    bizStep: 'unpacking',
    bizLocation: { id: place(at) },
  }) as EpcisEvent;

/** Organisations: farm1, farm2, mill, bakery1, bakery2, shop. Parties 1–6 are theirs, in that order. */
export async function recordSupplyChain(ledger: Ledger): Promise<void> {
  for (const o of ['farm1', 'farm2', 'mill', 'bakery1', 'bakery2', 'shop']) await ledger.createOrg(o);
  await ledger.append('farm1', [
    produce(1, 'W1', 1000, 1),
    pack(2, 1, [q('W1', 1000)], 1),
    ship(2, [sscc(1)], 1, 3, 1),
  ]);
  await ledger.append('farm2', [
    produce(1, 'W2', 500, 2),
    pack(2, 2, [q('W2', 500)], 2),
    ship(2, [sscc(2)], 2, 3, 2),
    // A lot that goes elsewhere: never part of W1's trace.
    produce(1, 'W3', 300, 2),
    pack(3, 9, [q('W3', 300)], 2),
    ship(3, [sscc(9)], 2, 5, 2),
  ]);
  await ledger.append('mill', [
    receive(3, [sscc(1), sscc(2)], 3),
    unpack(3, 1, 3),
    unpack(3, 2, 3),
    {
      type: 'TransformationEvent',
      ...time(4),
      inputQuantityList: [q('W1', 800), q('W2', 400)],
      outputQuantityList: [q('F1', 1000)],
      bizStep: 'commissioning',
      bizLocation: { id: place(3) },
    } as EpcisEvent,
    pack(5, 3, [q('F1', 300)], 3),
    ship(5, [sscc(3)], 3, 4, 3),
    pack(5, 4, [q('F1', 400)], 3),
    ship(5, [sscc(4)], 3, 5, 3),
    ship(6, [sscc(4)], 3, 6, 3, 'urn:uuid:00000000-0000-4000-8000-000000000001'),
  ]);
  await ledger.append('bakery1', [
    receive(6, [sscc(3)], 4),
    {
      type: 'TransformationEvent',
      ...time(7),
      inputQuantityList: [q('F1', 300)],
      outputEPCList: [item(1), item(2)],
      bizStep: 'commissioning',
      bizLocation: { id: place(4) },
    } as EpcisEvent,
    ship(8, [item(1), item(2)], 4, 6, 4),
  ]);
  await ledger.append('bakery2', [receive(6, [sscc(4)], 5), receive(4, [sscc(9)], 5)]);
  // The mill's second shipment of pallet 4 (to the shop) never happened; the mill retracts it by
  // re-stating it with an error declaration.
  await ledger.append('mill', [
    {
      ...ship(6, [sscc(4)], 3, 6, 3, 'urn:uuid:00000000-0000-4000-8000-000000000001'),
      errorDeclaration: {
        declarationTime: new Date(Date.UTC(2024, 2, 9)).toISOString(),
        reason: 'incorrect_data',
      },
    } as EpcisEvent,
  ]);
}
