import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createLedgerService } from './ledger-service.js';

const batch = (lot: string) => ({
  gtin: '09521234543213',
  lot,
  quantity: 480,
  uom: 'KGM',
  site: '9521234000006',
  producedAt: '2024-05-01T06:30:00+08:00',
  zone: '+08:00',
});

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

describe('the ledger service', () => {
  it('appends concurrent records in call order, each followed by a checkpoint that covers it', async () => {
    store = await openSqliteStore(':memory:');
    const service = createLedgerService({ store: store.ledger, clock: manualClock(Date.UTC(2024, 4, 3)) });
    await service.serial((l) => l.createOrg('acme'));
    const done = await Promise.all(
      ['A', 'B', 'C'].map((lot) => service.recordBatchProduced('acme', batch(lot))),
    );
    expect(done.map((d) => d.results[0]?.index)).toEqual([0, 1, 2]);
    expect(done.map((d) => d.checkpoint.size)).toEqual([1, 2, 3]);
    expect((await service.ledger()).size).toBe(3);
  });

  it('refuses a bad record before queueing it, naming each field, and a missing organisation', async () => {
    store = await openSqliteStore(':memory:');
    const service = createLedgerService({ store: store.ledger, clock: manualClock(Date.UTC(2024, 4, 3)) });
    await expect(service.recordBatchProduced('acme', { ...batch('A'), quantity: -1 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'quantity',
    });
    await expect(service.recordBatchProduced('nobody', batch('A'))).rejects.toMatchObject({
      code: 'NOT_FOUND',
    });
    expect((await service.ledger()).size).toBe(0);
  });
});
