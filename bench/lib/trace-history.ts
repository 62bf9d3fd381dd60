/**
 * A generated multi-tier supply network for the trace benchmark: farms produce lots and ship them
 * on pallets to processors, which unpack them and turn lots (each farm lot split over two
 * processing runs) into product lots, pack those onto pallets for distributors, which repack for
 * retailers. 12 organisations, about 30 events per processing run, deterministic from a seed.
 */

import { createRng } from '../../src/core/random.js';
import type { EpcisEvent } from '../../src/ledger/index.js';

export const FARMS = ['farm-a', 'farm-b', 'farm-c', 'farm-d'];
export const PROCESSORS = ['mill-a', 'mill-b', 'mill-c'];
export const DISTRIBUTORS = ['dist-a', 'dist-b', 'dist-c'];
export const RETAILERS = ['shop-a', 'shop-b'];
export const ORGS = [...FARMS, ...PROCESSORS, ...DISTRIBUTORS, ...RETAILERS];

const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;
const lotUrn = (ref: string, name: string) => `urn:epc:class:lgtin:4012345.${ref}.${name}`;
const ssccUrn = (n: number) => `urn:epc:id:sscc:4012345.${String(n).padStart(10, '0')}`;
const party = (org: string) => `urn:xinzhi:party:${org}`;
const place = (org: string) => `urn:xinzhi:place:${org}`;

export interface GeneratedHistory {
  /** Events per organisation in append order, handed over in chunks by `onChunk`. */
  readonly events: number;
  /** Farm lots (forward trace starts) and retail product lots (backward trace starts). */
  readonly farmLots: string[];
  readonly productLots: string[];
}

/**
 * Calls `onChunk(org, events)` with events of one organisation at a time (at most `chunk` each),
 * until about `total` events were produced.
 */
export async function generateHistory(
  total: number,
  onChunk: (org: string, events: EpcisEvent[]) => Promise<void>,
  chunk = 5000,
  seed = 20,
): Promise<GeneratedHistory> {
  const rng = createRng(seed);
  const buffers = new Map<string, EpcisEvent[]>(ORGS.map((o) => [o, []]));
  let produced = 0;
  let pallet = 0;
  const farmLots: string[] = [];
  const productLots: string[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)]!;
  const emit = async (org: string, e: Record<string, unknown>, t: number) => {
    const buf = buffers.get(org)!;
    buf.push({
      ...e,
      eventTime: new Date(t).toISOString(),
      eventTimeZoneOffset: '+00:00',
      bizLocation: { id: place(org) },
    } as EpcisEvent);
    produced++;
    if (buf.length >= chunk) {
      buffers.set(org, []);
      await onChunk(org, buf);
    }
  };
  const ship = (org: string, to: string, sscc: string) => ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    epcList: [sscc],
    bizStep: 'shipping',
    sourceList: [{ type: 'owning_party', source: party(org) }],
    destinationList: [{ type: 'owning_party', destination: party(to) }],
  });
  const receive = (sscc: string) => ({
    type: 'ObjectEvent',
    action: 'OBSERVE',
    epcList: [sscc],
    bizStep: 'receiving',
  });
  const pack = (sscc: string, lot: string, qty: number) => ({
    type: 'AggregationEvent',
    action: 'ADD',
    parentID: sscc,
    childQuantityList: [{ epcClass: lot, quantity: qty, uom: 'KGM' }],
    bizStep: 'packing',
  });
  const unpack = (sscc: string) => ({
    type: 'AggregationEvent',
    action: 'DELETE',
    parentID: sscc,
    bizStep: 'unpacking',
  });

  /** Farm lots waiting for their second processing run (each lot is split over two). */
  let pending: { lot: string; farm: string }[] = [];
  let run = 0;
  while (produced < total) {
    const t = T0 + run * HOUR;
    const proc = PROCESSORS[run % PROCESSORS.length]!;
    const inputs: { lot: string }[] = [];
    // Two fresh farm lots, and one left from an earlier run.
    for (let i = 0; i < 2; i++) {
      const farm = pick(FARMS);
      const lot = lotUrn('012345', `F${run}x${i}`);
      farmLots.push(lot);
      await emit(
        farm,
        {
          type: 'ObjectEvent',
          action: 'ADD',
          quantityList: [{ epcClass: lot, quantity: 1000, uom: 'KGM' }],
          bizStep: 'commissioning',
        },
        t,
      );
      const p = ssccUrn(++pallet);
      await emit(farm, pack(p, lot, 500), t + 1000);
      await emit(farm, ship(farm, proc, p), t + 2000);
      await emit(proc, receive(p), t + 4 * HOUR);
      await emit(proc, unpack(p), t + 4 * HOUR + 1000);
      inputs.push({ lot });
      pending.push({ lot, farm });
    }
    if (pending.length > 4) {
      const older = pending.splice(rng.int(0, pending.length - 3), 1)[0]!;
      inputs.push({ lot: older.lot });
    }
    if (pending.length > 50) pending = pending.slice(-50);
    const product = lotUrn('054321', `P${run}`);
    productLots.push(product);
    await emit(
      proc,
      {
        type: 'TransformationEvent',
        inputQuantityList: inputs.map((x) => ({ epcClass: x.lot, quantity: 400, uom: 'KGM' })),
        outputQuantityList: [{ epcClass: product, quantity: 1000, uom: 'KGM' }],
        bizStep: 'commissioning',
      },
      t + 6 * HOUR,
    );
    for (let d = 0; d < 2; d++) {
      const dist = DISTRIBUTORS[(run + d) % DISTRIBUTORS.length]!;
      const p = ssccUrn(++pallet);
      await emit(proc, pack(p, product, 500), t + 7 * HOUR);
      await emit(proc, ship(proc, dist, p), t + 7 * HOUR + 1000);
      await emit(dist, receive(p), t + 10 * HOUR);
      await emit(dist, unpack(p), t + 10 * HOUR + 1000);
      const shop = pick(RETAILERS);
      const q = ssccUrn(++pallet);
      await emit(dist, pack(q, product, 500), t + 11 * HOUR);
      await emit(dist, ship(dist, shop, q), t + 11 * HOUR + 1000);
      await emit(shop, receive(q), t + 14 * HOUR);
    }
    run++;
  }
  for (const [org, buf] of buffers) if (buf.length > 0) await onChunk(org, buf);
  return { events: produced, farmLots, productLots };
}
