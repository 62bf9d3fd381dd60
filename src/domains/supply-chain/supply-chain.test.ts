import { describe, expect, it } from 'vitest';
import { issuesOf, manualClock, XinzhiError } from '../../core/index.js';
import { Ledger, parseEpcis, verifyBundle } from '../../ledger/index.js';
import { openSqliteStore } from '../../store/index.js';
import { batchProducedEvent, recordBatchProduced } from './batch-produced.js';
import { recordShipmentHandedOver, shipmentHandoverEvents } from './shipment-handover.js';

const GTIN = '09521234543213';
const SITE = '9521234000006';
const CARRIER = '9521234000013';
const DOCK = '9521234000020';
const SSCC = '039521234000000014';

const batch = {
  gtin: GTIN,
  lot: 'L2024-17',
  quantity: 480,
  uom: 'KGM',
  site: SITE,
  producedAt: '2024-05-01T06:30:00+08:00',
  zone: '+08:00',
};
const handover = {
  sscc: SSCC,
  from: SITE,
  to: CARRIER,
  location: DOCK,
  handedOverAt: Date.UTC(2024, 4, 2, 1, 0),
  zone: '+08:00',
  contents: [{ gtin: GTIN, lot: 'L2024-17', quantity: 480, uom: 'KGM' }],
  purchaseOrder: 'PO-7781',
};

function problems(fn: () => unknown): { field: string; message: string }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(XinzhiError);
    return issuesOf(e as XinzhiError) ?? [];
  }
  throw new Error('expected BAD_INPUT');
}

describe('supply-chain EPCIS builders', () => {
  it('a produced batch is a valid EPCIS ObjectEvent with a GS1 Digital Link LGTIN', () => {
    const e = batchProducedEvent({ ...batch, line: 'L3', expiry: '2024-11-01' }) as Record<string, unknown>;
    expect(parseEpcis(e).ok).toBe(true);
    expect(e).toMatchObject({
      type: 'ObjectEvent',
      action: 'ADD',
      bizStep: 'commissioning',
      eventTime: '2024-04-30T22:30:00.000Z',
      eventTimeZoneOffset: '+08:00',
      quantityList: [{ epcClass: `https://id.gs1.org/01/${GTIN}/10/L2024-17`, quantity: 480, uom: 'KGM' }],
      readPoint: { id: `https://id.gs1.org/414/${SITE}/254/L3` },
      bizLocation: { id: `https://id.gs1.org/414/${SITE}` },
      ilmd: { 'cbvmda:itemExpirationDate': '2024-11-01' },
    });
  });

  it('a batch with named inputs is a TransformationEvent from input lots to the output lot', () => {
    const e = batchProducedEvent({
      ...batch,
      inputs: [{ gtin: '95212340', lot: 'FLOUR-9', quantity: 500, uom: 'KGM' }],
    });
    expect(parseEpcis(e).ok).toBe(true);
    expect(e).toMatchObject({
      type: 'TransformationEvent',
      inputQuantityList: [{ epcClass: 'https://id.gs1.org/01/00000095212340/10/FLOUR-9' }],
    });
  });

  it('a handover is packing (Aggregation), shipping (Object) and the PO link (Transaction)', () => {
    const events = shipmentHandoverEvents(handover);
    expect(events.map((e) => e.type)).toEqual(['AggregationEvent', 'ObjectEvent', 'TransactionEvent']);
    for (const e of events) expect(parseEpcis(e).ok).toBe(true);
    expect(events[1]).toMatchObject({
      epcList: [`https://id.gs1.org/00/${SSCC}`],
      disposition: 'in_transit',
      destinationList: [{ type: 'possessing_party', destination: `https://id.gs1.org/417/${CARRIER}` }],
    });
    expect(
      shipmentHandoverEvents({ ...handover, contents: undefined, purchaseOrder: undefined }),
    ).toHaveLength(1);
  });

  it('bad input names each field and the failed check', () => {
    const p = problems(() =>
      batchProducedEvent({ ...batch, gtin: '09521234543214', quantity: -1, site: '12' }),
    );
    expect(p.map((x) => x.field).sort()).toEqual(['gtin', 'quantity', 'site']);
    expect(p.find((x) => x.field === 'gtin')?.message).toMatch(/check digit .* should be 3/);
    const q = problems(() =>
      shipmentHandoverEvents({ ...handover, sscc: 'x', contents: [{ gtin: GTIN, lot: '', quantity: 1 }] }),
    );
    expect(q.map((x) => x.field)).toEqual(expect.arrayContaining(['sscc', 'contents.0.lot']));
    expect(problems(() => batchProducedEvent({ ...batch, producedAt: 'yesterday' }))[0]?.field).toBe(
      'producedAt',
    );
  });

  it('records both flows on a ledger in the main store; each entry proves and verifies offline', async () => {
    const store = await openSqliteStore(':memory:');
    const ledger = await Ledger.open({ store: store.ledger, clock: manualClock(Date.UTC(2024, 4, 3)) });
    await ledger.createOrg('acme-foods');
    const made = await recordBatchProduced(ledger, 'acme-foods', batch);
    const shipped = await recordShipmentHandedOver(ledger, 'acme-foods', handover);
    expect(made.result.index).toBe(0);
    expect(shipped.results.map((r) => r.index)).toEqual([1, 2, 3]);
    const entries = await ledger.listEntries();
    expect(entries.map((e) => [e.event_type, e.org])).toEqual([
      ['ObjectEvent', 'acme-foods'],
      ['AggregationEvent', 'acme-foods'],
      ['ObjectEvent', 'acme-foods'],
      ['TransactionEvent', 'acme-foods'],
    ]);
    const bundle = await ledger.prove(2);
    const v = verifyBundle(bundle, { trustedLogKey: ledger.logPublicKey() });
    expect(v.ok && v.value.org).toBe('acme-foods');
    await store.close();
  });
});
