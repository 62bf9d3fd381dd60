import { runCollectionConformance, runNamespaceMigrationCase } from '../collections/collections.case.js';
import { runStoreConformance } from '../conformance.case.js';
import { ledgerStoreConformance } from '../ledger-store.case.js';
import { createPool } from './db.js';
import { migratePg, PG_MIGRATIONS } from './migrations.js';
import { openPostgresStore } from './postgres-store.js';
import { withTestDatabase } from './test-database.fixture.js';

const SECRET = 'ab'.repeat(32);

await withTestDatabase('PostgreSQL store', (db) => {
  let last = '';
  runStoreConformance(
    'postgres',
    () => {
      last = db.schema();
      return openPostgresStore(db.url, { schema: last, maxConnections: 3, secretKey: { key: SECRET } });
    },
    {
      reopen: () =>
        openPostgresStore(db.url, { schema: last, maxConnections: 3, secretKey: { key: SECRET } }),
    },
  );
  ledgerStoreConformance('PostgreSQL', async () => {
    const store = await openPostgresStore(db.url, {
      schema: db.schema(),
      maxConnections: 2,
      secretKey: { key: SECRET },
    });
    return store.ledger;
  });
  runCollectionConformance('postgres', () =>
    openPostgresStore(db.url, { schema: db.schema(), maxConnections: 2, secretKey: { key: SECRET } }),
  );
  runNamespaceMigrationCase('postgres', async () => {
    const schema = db.schema();
    const pool = createPool(db.url, { schema, max: 1 });
    await migratePg(
      pool,
      schema,
      0,
      PG_MIGRATIONS.filter((m) => m.version <= 6),
    );
    return {
      putRaw: async (ns, key, doc) => {
        await pool.query('INSERT INTO docs (ns, key, doc, updated_at) VALUES ($1, $2, $3, 0)', [
          ns,
          key,
          JSON.stringify(doc),
        ]);
      },
      open: async () => {
        await pool.end();
        return openPostgresStore(db.url, { schema, maxConnections: 2, secretKey: { key: SECRET } });
      },
    };
  });
});
