import { describe, expect, it } from 'vitest';
import { leafHash } from '../merkle/hash.js';
import { verifyInclusion } from '../merkle/verify.js';
import { openLedger } from '../test-support.fixture.js';
import { recallCsv, recallRows } from './recall-report.js';
import { traceKey } from './roles.js';
import { item, lot, party, recordSupplyChain, sscc } from './supply-chain.fixture.js';
import { traceLot, traceStarts } from './trace.js';
import { catchUpTraceIndex } from './trace-index.js';

async function chain() {
  const t = await openLedger();
  await recordSupplyChain(t.ledger);
  await t.ledger.checkpoint();
  return t;
}

const ids = (r: { nodes: readonly { id: string; role: string }[] }, role?: string) =>
  r.nodes
    .filter((n) => role === undefined || n.role === role)
    .map((n) => n.id)
    .sort();
const k = (...xs: string[]) => xs.map(traceKey).sort();

describe('trace', () => {
  it('forward: a wheat lot reaches the flour, the bread and every pallet that carried them, not other lots', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('W1')], { direction: 'forward' });
    expect(ids(r, 'derived')).toEqual(k(lot('F1'), item(1), item(2)));
    expect(ids(r, 'carrier')).toEqual(k(sscc(1), sscc(3), sscc(4)));
    expect(ids(r)).not.toContain(traceKey(lot('W2')));
    expect(ids(r)).not.toContain(traceKey(lot('W3')));
    // The retracted shipment of pallet 4 to the shop is left out and reported.
    expect(r.retracted).toHaveLength(1);
    expect(r.hops.some((h) => h.index === r.retracted[0])).toBe(false);
    // Last holders: the bread went to the shop's owner, recorded by bakery1.
    const bread = r.nodes.find((n) => n.id === traceKey(item(1)))!;
    expect(bread.holder?.org).toBe('bakery1');
    expect(bread.orgs).toEqual(['bakery1']);
    expect(r.edges.filter((e) => e.kind === 'transformed').map((e) => [e.from, e.to])).toEqual([
      [traceKey(lot('W1')), traceKey(lot('F1'))],
      [traceKey(lot('F1')), traceKey(item(1))],
      [traceKey(lot('F1')), traceKey(item(2))],
    ]);
    // Hops are in time order, each with its place and signer.
    const times = r.hops.map((h) => Date.parse(h.time));
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(new Set(r.hops.map((h) => h.org))).toEqual(new Set(['farm1', 'mill', 'bakery1', 'bakery2']));
  });

  it('every hop carries an inclusion proof that verifies against the signed checkpoint', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('W1')], { direction: 'forward' });
    expect(r.checkpoint?.size).toBe(ledger.size);
    const root = await ledger.rootAt(r.checkpoint!.size);
    for (const h of r.hops) {
      const { text } = await ledger.entry(h.index);
      expect(leafHash(Buffer.from(text)).toString('hex')).toBe(h.leaf_hash);
      expect(
        verifyInclusion({
          leafHash: Buffer.from(h.leaf_hash, 'hex'),
          index: h.index,
          size: h.proof!.tree_size,
          proof: h.proof!.proof.map((x) => Buffer.from(x, 'hex')),
          root,
        }),
      ).toBe(true);
    }
  });

  it('backward: a loaf comes from the flour, both wheat lots and the pallets they travelled on', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [item(1)], { direction: 'backward' });
    expect(ids(r, 'source')).toEqual(k(lot('F1'), lot('W1'), lot('W2')));
    expect(ids(r, 'carrier')).toEqual(k(sscc(1), sscc(2), sscc(3)));
    expect(ids(r)).not.toContain(traceKey(lot('W3')));
    expect(ids(r)).not.toContain(traceKey(sscc(4)));
    // The farms appear as the first holders of their lots.
    expect(r.nodes.find((n) => n.id === traceKey(lot('W2')))?.orgs[0]).toBe('farm2');
  });

  it('--at: the trace as it stood before the mill made flour', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('W1')], { direction: 'forward', at: Date.UTC(2024, 2, 3, 12) });
    expect(ids(r)).toEqual(k(lot('W1'), sscc(1)));
    expect(r.at).toBe('2024-03-03T12:00:00.000Z');
  });

  it('the same lot named as a URN or a Digital Link gives the same trace', async () => {
    const { ledger } = await chain();
    const a = await traceLot(ledger, [lot('W1')], { direction: 'forward', proofs: false });
    const b = await traceLot(ledger, [traceKey(lot('W1'))], { direction: 'forward', proofs: false });
    expect(b.hops.map((h) => h.index)).toEqual(a.hops.map((h) => h.index));
  });

  it('recall report: customers and quantities affected by an input lot', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('W1')], { direction: 'forward', proofs: false });
    const rows = recallRows(r).map((x) => [x.customer, x.id, x.via, x.quantity, x.uom]);
    expect(rows).toEqual([
      [party(3), traceKey(lot('W1')), traceKey(sscc(1)), 1000, 'KGM'],
      [party(4), traceKey(lot('F1')), traceKey(sscc(3)), 300, 'KGM'],
      [party(5), traceKey(lot('F1')), traceKey(sscc(4)), 400, 'KGM'],
      [party(6), traceKey(item(1)), null, 1, null],
      [party(6), traceKey(item(2)), null, 1, null],
    ]);
    const csv = recallCsv(r).split('\r\n');
    expect(csv[0]).toBe(
      'customer,customer_type,shipped_by,shipped_at,location,id,via,quantity,uom,event_index,event_id,biz_transactions',
    );
    expect(csv).toHaveLength(7);
  });

  it('an unknown lot traces to nothing; bad identifiers are refused naming which', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('nope')], { direction: 'backward' });
    expect(r.hops).toEqual([]);
    expect(() => traceStarts([])).toThrow(/name an EPC/);
    expect(() => traceStarts(['ok', ' '])).toThrow(expect.objectContaining({ field: 'id.1' }));
    expect(() => traceStarts(['a'.repeat(600)])).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => traceStarts(['a\nb'])).toThrow(expect.objectContaining({ field: 'id.0' }));
    expect(() => traceStarts(Array.from({ length: 101 }, () => 'x'))).toThrow(/at most 100/);
  });

  it('stops at maxEvents and says so', async () => {
    const { ledger } = await chain();
    const r = await traceLot(ledger, [lot('W1')], { direction: 'forward', maxEvents: 3 });
    expect(r.truncated).toBe(true);
    expect(r.hops).toHaveLength(3);
  });

  it('the index catches up incrementally with appends', async () => {
    const { ledger, store } = await chain();
    expect(await catchUpTraceIndex(store)).toBe(ledger.size);
    await ledger.append('shop', [
      {
        type: 'ObjectEvent',
        action: 'OBSERVE',
        eventTime: '2024-03-10T08:00:00.000Z',
        eventTimeZoneOffset: '+00:00',
        epcList: [item(1)],
        bizStep: 'retail_selling',
      } as never,
    ]);
    const r = await traceLot(ledger, [item(1)], { direction: 'forward', proofs: false });
    expect(r.nodes.find((n) => n.id === traceKey(item(1)))?.holder?.org).toBe('shop');
    expect(await store.traceIndexed()).toBe(ledger.size);
  });
});
