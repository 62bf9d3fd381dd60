import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll } from 'vitest';
import { runCollectionConformance, runNamespaceMigrationCase } from '../collections/collections.case.js';
import { runStoreConformance } from '../conformance.case.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

runStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-store-'));
let n = 0;
let last = '';
runStoreConformance(
  'sqlite file',
  () => {
    last = join(dir, `t${n++}.db`);
    return openSqliteStore(last);
  },
  { reopen: () => openSqliteStore(last) },
);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

runCollectionConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
runNamespaceMigrationCase('sqlite file', async () => {
  const file = join(dir, `v6-${n++}.db`);
  const db = new Database(file);
  migrate(
    db,
    0,
    MIGRATIONS.filter((m) => m.version <= 6),
  );
  const put = db.prepare('INSERT INTO docs (ns, key, doc, updated_at) VALUES (?, ?, ?, 0)');
  return {
    putRaw: async (ns, key, doc) => void put.run(ns, key, JSON.stringify(doc)),
    open: async () => {
      db.close();
      return openSqliteStore(file);
    },
  };
});
