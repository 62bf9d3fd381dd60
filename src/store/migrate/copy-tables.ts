/**
 * The tables `xinzhi db migrate` copies from a SQLite store into a PostgreSQL store, in an order
 * that satisfies the foreign keys (organisations before sites, series before their counters,
 * users and keys before sessions). Both stores share migration numbers, so one version means one
 * logical schema; the column list of each table is read from SQLite and must exist in PostgreSQL.
 *
 * Every table the SQLite store holds must be named here: a table added by a later migration and
 * forgotten here fails the copy (see `unknownTables`) instead of being silently left behind.
 */

export interface CopyTable {
  readonly name: string;
  /** Columns whose SQLite TEXT is stored as BYTEA in PostgreSQL (quarantine.raw can hold NUL). */
  readonly textToBytes?: readonly string[];
  /**
   * Read order other than the primary key. Assets reference their parent, so they are copied
   * parents first (by depth) rather than by id.
   */
  readonly byDepth?: boolean;
  /** `points`: monthly partitions must exist before a batch lands. */
  readonly partitioned?: boolean;
}

export const COPY_TABLES: readonly CopyTable[] = [
  { name: 'orgs' },
  { name: 'sites' },
  { name: 'assets', byDepth: true },
  { name: 'series' },
  { name: 'series_counters' },
  { name: 'points', partitioned: true },
  { name: 'rollup_1m' },
  { name: 'rollup_1h' },
  { name: 'events' },
  { name: 'imports' },
  { name: 'quarantine', textToBytes: ['raw'] },
  { name: 'api_keys' },
  { name: 'docs' },
  { name: 'users' },
  { name: 'sessions' },
  { name: 'audit_log' },
  // Finished jobs are history; queued and running ones run again on the new store's nodes.
  { name: 'jobs' },
  { name: 'report_schedules' },
  { name: 'report_deliveries' },
  { name: 'ledger_orgs' },
  // The secret-key check before the sealed seeds: a target holding seeds but no check would make
  // its own check on the next open, which would then differ from the source's.
  { name: 'ledger_meta' },
  { name: 'ledger_keys' },
  { name: 'ledger_entries' },
  { name: 'ledger_nodes' },
  { name: 'ledger_checkpoints' },
  { name: 'ledger_witness_state' },
];

/** SQLite's own bookkeeping and the schema history, which each store keeps for itself. */
const NOT_COPIED = new Set(['schema_migrations', 'sqlite_sequence', 'sqlite_stat1', 'sqlite_stat4']);

/**
 * Indexes derived from copied tables, rebuilt on the target on first use: the ledger trace index
 * starts empty there (watermark 0) and catches up from `ledger_entries`.
 */
export const REBUILT_ON_TARGET = new Set(['ledger_trace', 'ledger_trace_state']);

/** Tables of the source that this list does not know (a bug to fix here, never data to drop). */
export function unknownTables(sourceTables: readonly string[]): string[] {
  const known = new Set(COPY_TABLES.map((t) => t.name));
  return sourceTables.filter(
    (t) => !known.has(t) && !NOT_COPIED.has(t) && !REBUILT_ON_TARGET.has(t) && !t.startsWith('sqlite_'),
  );
}

/** `"name"`: every identifier is quoted, as some columns (key, rows, before, after) are keywords somewhere. */
export const q = (id: string): string => `"${id.replaceAll('"', '""')}"`;
