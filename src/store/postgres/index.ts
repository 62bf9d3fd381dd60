export { PG_MIGRATIONS, type PgMigration } from './migrations.js';
export {
  isPostgresUrl,
  openPostgresStore,
  PostgresStore,
  type PostgresStoreOptions,
} from './postgres-store.js';
