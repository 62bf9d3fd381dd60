export { type PgMigration, PG_MIGRATIONS } from './migrations.js';
export { isPostgresUrl, openPostgresStore, PostgresStore, type PostgresStoreOptions } from './postgres-store.js';
