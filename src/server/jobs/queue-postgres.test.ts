import { openPostgresStore } from '../../store/index.js';
import { withTestDatabase } from '../../store/postgres/test-database.fixture.js';
import { jobQueueConformance } from './queue.case.js';

const secretKey = { key: 'ab'.repeat(32) };
await withTestDatabase('job queue on PostgreSQL', (db) => {
  let last = '';
  jobQueueConformance('PostgreSQL, two nodes on one database', {
    open: () => {
      last = db.schema();
      return openPostgresStore(db.url, { schema: last, maxConnections: 4, secretKey });
    },
    again: () => openPostgresStore(db.url, { schema: last, maxConnections: 4, secretKey }),
  });
});
