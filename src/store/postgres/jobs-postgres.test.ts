import { jobStoreConformance } from '../job-store.case.js';
import { openPostgresStore } from './postgres-store.js';
import { withTestDatabase } from './test-database.fixture.js';

await withTestDatabase('PostgreSQL job store', (db) => {
  jobStoreConformance('PostgreSQL', async () => {
    const store = await openPostgresStore(db.url, {
      schema: db.schema(),
      maxConnections: 6,
      secretKey: { key: 'ab'.repeat(32) },
    });
    return store.jobs;
  });
});
