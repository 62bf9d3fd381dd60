import { jobStoreConformance } from '../job-store.case.js';
import { openSqliteStore } from './sqlite-store.js';

jobStoreConformance('SQLite (in memory)', async () => (await openSqliteStore(':memory:')).jobs);
