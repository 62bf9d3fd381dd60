export { COPY_TABLES, type CopyTable } from './copy-tables.js';
export {
  type CopyToPostgresOptions,
  type CopyToPostgresResult,
  copySqliteToPostgres,
  type TableCopyResult,
  targetSecretKey,
} from './copy-to-postgres.js';
