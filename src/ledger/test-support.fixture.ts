/** Fixtures shared by the ledger tests and the benchmark: sample events and an in-memory SQLite ledger. */
import Database from 'better-sqlite3';
import { manualClock } from '../core/index.js';
import { SqliteLedgerStore } from '../store/sqlite/ledger-sqlite.js';
import type { EpcisEvent } from './events/schema.js';
import { Ledger } from './ledger.js';

export function sampleEvent(i: number): EpcisEvent {
  return {
    type: 'ObjectEvent',
    eventTime: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    eventTimeZoneOffset: '+00:00',
    epcList: [`urn:epc:id:sgtin:4012345.011111.${i}`],
    action: 'OBSERVE',
    bizStep: 'shipping',
    readPoint: { id: 'urn:epc:id:sgln:4012345.00001.0' },
  } as EpcisEvent;
}

export interface TestLedger {
  readonly db: Database.Database;
  readonly store: SqliteLedgerStore;
  readonly ledger: Ledger;
  readonly clock: ReturnType<typeof manualClock>;
}

export async function openLedger(
  db: Database.Database = new Database(':memory:'),
  clock = manualClock(Date.UTC(2024, 5, 1)),
): Promise<TestLedger> {
  const store = new SqliteLedgerStore(db);
  const ledger = await Ledger.open({ store, clock }, { origin: 'test.example/ledger' });
  return { db, store, ledger, clock };
}
