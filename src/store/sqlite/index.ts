export { MIGRATIONS, type Migration } from './migrations.js';
export { openSqliteStore, SqliteStore, type SqliteStoreOptions } from './sqlite-store.js';
