import { reportScheduleStoreConformance } from '../report-schedule-store.case.js';
import { openSqliteStore } from './sqlite-store.js';

reportScheduleStoreConformance(
  'SQLite (in memory)',
  async () => (await openSqliteStore(':memory:')).reportSchedules,
);
