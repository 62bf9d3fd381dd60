import Database from 'better-sqlite3';
import { ledgerStoreConformance } from '../ledger-store.case.js';
import { SqliteLedgerStore } from './ledger-sqlite.js';

ledgerStoreConformance('SQLite (in memory)', async () => new SqliteLedgerStore(new Database(':memory:')));
