import { runStoreConformance } from '../conformance.case.js';
import { ledgerStoreConformance } from '../ledger-store.case.js';
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
});
