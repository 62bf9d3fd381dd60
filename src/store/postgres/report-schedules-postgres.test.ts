import { reportScheduleStoreConformance } from '../report-schedule-store.case.js';
import { openPostgresStore } from './postgres-store.js';
import { withTestDatabase } from './test-database.fixture.js';

await withTestDatabase('PostgreSQL report schedule store', (db) => {
  reportScheduleStoreConformance('PostgreSQL', async () => {
    const store = await openPostgresStore(db.url, {
      schema: db.schema(),
      maxConnections: 4,
      secretKey: { key: 'ab'.repeat(32) },
    });
    return store.reportSchedules;
  });
});
