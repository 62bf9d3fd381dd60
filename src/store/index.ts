export {
  chooseBucketSource,
  foldCalendar,
  HOUR,
  MINUTE,
  planSegments,
  queryCalendarBuckets,
  ROLLUP_WIDTH,
} from './bucket-plan.js';
export * from './collections/index.js';
export type * from './job-store.js';
export { JOB_STATES } from './job-store.js';
export type * from './ledger-store.js';
export * from './migrate/index.js';
export type * from './people.js';
export { isPostgresUrl, openPostgresStore, type PostgresStoreOptions } from './postgres/index.js';
export type * from './report-schedule-store.js';
export { DELIVERY_STATES } from './report-schedule-store.js';
export { openSqliteStore, type SqliteStoreOptions } from './sqlite/index.js';
export type * from './store.js';
