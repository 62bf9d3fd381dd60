/**
 * Copies a SQLite store into a PostgreSQL store row by row at the SQL level: ids, series keys,
 * point quality bits, rollups, counters, the append-only audit log and the ledger (entries, tile
 * nodes, checkpoints, sealed keys) land exactly as they are, so every reference between tables
 * stays valid and the ledger's root hash is unchanged. Nothing goes through the ingest pipeline.
 *
 * Each table is read in key order in batches; each batch is one PostgreSQL transaction of
 * `INSERT … ON CONFLICT DO NOTHING`, so an interrupted copy is completed by running it again. A
 * row the target already holds under the same key must be equal to the source's: a target with
 * other data is refused (CONFLICT) rather than merged. Identity sequences are advanced past the
 * copied ids (and past ids SQLite's AUTOINCREMENT already used), so new rows never reuse an id.
 *
 * The source should not be written while it is copied (stop `xinzhi serve` first): a row changed
 * between two runs is reported as a conflict.
 */
import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import type pg from 'pg';
import { XinzhiError } from '../../core/index.js';
import { createPool, type Queryable, tx } from '../postgres/db.js';
import { Partitions } from '../postgres/partitions.js';
import { openPostgresStore } from '../postgres/postgres-store.js';
import { openSqliteStore } from '../sqlite/sqlite-store.js';
import { COPY_TABLES, type CopyTable, q, unknownTables } from './copy-tables.js';

export interface CopyToPostgresOptions {
  /** PostgreSQL schema of the target store; default `public`. */
  readonly schema?: string;
  /**
   * The key that seals ledger signing seeds, the same on both sides (sealed seeds are copied as
   * they are). Default: the source's `<db>.key` file, for the target too.
   */
  readonly secretKey?: { readonly key?: string | undefined; readonly file?: string | undefined };
  /** Rows per batch (one transaction each); default 2000. */
  readonly batchRows?: number;
  /** Stop after about this many rows (an interrupted copy, for tests); the result is not `complete`. */
  readonly stopAfterRows?: number;
  /** A table starts: its row count in the source. */
  readonly onTable?: (table: string, total: number) => void;
  /** Rows of the current table read so far. */
  readonly onProgress?: (table: string, done: number) => void;
}

export interface TableCopyResult {
  readonly table: string;
  /** Rows in the source. */
  readonly source: number;
  /** Rows in the target after the copy. */
  readonly target: number;
  /** Rows this run inserted (0 on a re-run of a finished copy). */
  readonly inserted: number;
}

export interface CopyToPostgresResult {
  readonly tables: readonly TableCopyResult[];
  /** False when stopped early by `stopAfterRows`. */
  readonly complete: boolean;
  readonly schemaVersion: number;
}

type Value = string | number | bigint | Buffer | null;

/** A value as comparable text: SQLite and PostgreSQL return the same data as the same text. */
const norm = (v: unknown): string =>
  v === null || v === undefined
    ? 'null'
    : Buffer.isBuffer(v)
      ? `x${v.toString('hex')}`
      : typeof v === 'string'
        ? `s${v}`
        : `n${String(v)}`;

const hostOf = (url: string): string => {
  try {
    return `postgres://${new URL(url).host}`;
  } catch {
    return 'postgres://…';
  }
};

const keyText = (values: readonly unknown[]): string => JSON.stringify(values.map(norm));

/**
 * The key source of the target: the one given, else the source's key file when it exists (the
 * target has no file beside it), else none (fine while the source holds no sealed seed).
 */
export function targetSecretKey(
  from: string,
  given: CopyToPostgresOptions['secretKey'],
): { readonly key?: string | undefined; readonly file?: string | undefined } {
  if (
    given !== undefined &&
    ((given.key !== undefined && given.key.trim() !== '') || given.file !== undefined)
  )
    return given;
  return existsSync(`${from}.key`) ? { file: `${from}.key` } : {};
}

/**
 * Copies the SQLite store at `from` into the PostgreSQL store at `to` (created and migrated if
 * empty) and returns per-table row counts of both sides.
 *
 * @example const r = await copySqliteToPostgres('./xinzhi.db', 'postgres://xinzhi@db/xinzhi');
 */
export async function copySqliteToPostgres(
  from: string,
  to: string,
  options: CopyToPostgresOptions = {},
): Promise<CopyToPostgresResult> {
  if (!existsSync(from))
    throw new XinzhiError('NOT_FOUND', `--from ${from}: no SQLite database there`, { field: '--from' });
  // Opening each store migrates it to the newest schema and checks the secret key against sealed
  // seeds, so both sides have the same tables and a wrong key fails before anything is copied.
  const secretKey = options.secretKey ?? {};
  try {
    await (await openSqliteStore(from, { secretKey })).close();
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError(
      'BAD_INPUT',
      `--from ${from}: cannot be opened as a xinzhi database (${e instanceof Error ? e.message : String(e)})`,
      { field: '--from', cause: e },
    );
  }
  try {
    await (
      await openPostgresStore(to, {
        maxConnections: 2,
        secretKey: targetSecretKey(from, options.secretKey),
        ...(options.schema === undefined ? {} : { schema: options.schema }),
      })
    ).close();
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    // Only the host is named: the URL may carry a password.
    throw new XinzhiError(
      'BAD_INPUT',
      `--to ${hostOf(to)}: cannot be opened as a xinzhi database (${e instanceof Error ? e.message : String(e)})`,
      { field: '--to', cause: e },
    );
  }

  const db = new Database(from, { readonly: true, fileMustExist: true });
  const pool = createPool(to, {
    max: 2,
    ...(options.schema === undefined ? {} : { schema: options.schema }),
  });
  try {
    const version = await sameSchemaVersion(db, pool);
    const unknown = unknownTables(
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[],
    );
    if (unknown.length > 0)
      throw new XinzhiError(
        'STORE_FAILURE',
        `the source has tables this xinzhi does not know how to copy: ${unknown.join(', ')}`,
      );
    // More rows in the target than in the source: another installation, or a copy that has been
    // used since. Merging into it would mix two histories, so it is refused before any write.
    const grown = (await countBoth(db, pool)).filter((c) => c.target > c.source);
    if (grown.length > 0)
      throw new XinzhiError(
        'CONFLICT',
        `--to already holds data the source does not (${grown.map((g) => `${g.table}: ${g.target} rows, source ${g.source}`).join('; ')}); it is not a copy of this source (migrate into an empty database)`,
        { field: '--to', context: { tables: grown.map((g) => g.table) } },
      );
    const partitions = new Partitions(pool);
    const inserted = new Map<string, number>();
    let budget = options.stopAfterRows ?? Number.POSITIVE_INFINITY;
    let complete = true;
    for (const table of COPY_TABLES) {
      const n = await copyTable(db, pool, partitions, table, options, budget);
      inserted.set(table.name, n.inserted);
      budget -= n.read;
      if (!n.finished) {
        complete = false;
        break;
      }
    }
    await advanceSequences(db, pool);
    const tables = (await countBoth(db, pool)).map((c) => ({ ...c, inserted: inserted.get(c.table) ?? 0 }));
    return { tables, complete, schemaVersion: version };
  } finally {
    db.close();
    await pool.end();
  }
}

/** Row counts of every copied table on both sides. */
async function countBoth(
  db: Database.Database,
  pool: pg.Pool,
): Promise<{ table: string; source: number; target: number }[]> {
  const out = [];
  for (const t of COPY_TABLES) {
    const source = Number(
      db
        .prepare(`SELECT count(*) FROM ${q(t.name)}`)
        .pluck()
        .get(),
    );
    const target = (await pool.query<{ n: number }>(`SELECT count(*)::bigint AS n FROM ${q(t.name)}`))
      .rows[0]!.n;
    out.push({ table: t.name, source, target });
  }
  return out;
}

async function sameSchemaVersion(db: Database.Database, pool: pg.Pool): Promise<number> {
  const source = Number(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get());
  const target = (await pool.query<{ v: number }>('SELECT max(version) AS v FROM schema_migrations')).rows[0]!
    .v;
  if (source !== target)
    throw new XinzhiError(
      'STORE_FAILURE',
      `schema versions differ after migrating both stores (SQLite ${source}, PostgreSQL ${target}); upgrade xinzhi`,
    );
  return source;
}

interface Column {
  readonly name: string;
  readonly pk: number;
}

/** Copies one table; returns the rows read from the source and the rows inserted now. */
async function copyTable(
  db: Database.Database,
  pool: pg.Pool,
  partitions: Partitions,
  table: CopyTable,
  options: CopyToPostgresOptions,
  budget: number,
): Promise<{ read: number; inserted: number; finished: boolean }> {
  const cols = (db.pragma(`table_info(${q(table.name)})`) as Column[]).map((c) => ({
    name: c.name,
    pk: c.pk,
  }));
  const names = cols.map((c) => c.name);
  const pk = cols
    .filter((c) => c.pk > 0)
    .sort((a, b) => a.pk - b.pk)
    .map((c) => c.name);
  // Column types in PostgreSQL: each batch is sent as one typed array per column.
  const targetTypes = new Map(
    (
      await pool.query<{ name: string; type: string }>(
        `SELECT a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type
           FROM pg_attribute a WHERE a.attrelid = $1::regclass AND a.attnum > 0 AND NOT a.attisdropped`,
        [q(table.name)],
      )
    ).rows.map((r) => [r.name, r.type]),
  );
  const missing = names.filter((n) => !targetTypes.has(n));
  if (missing.length > 0 || pk.length === 0)
    throw new XinzhiError(
      'STORE_FAILURE',
      `table ${table.name}: ${missing.length > 0 ? `columns ${missing.join(', ')} are missing in PostgreSQL` : 'no primary key to copy it by'}`,
    );
  const total = Number(
    db
      .prepare(`SELECT count(*) FROM ${q(table.name)}`)
      .pluck()
      .get(),
  );
  options.onTable?.(table.name, total);
  const batch = Math.max(1, options.batchRows ?? 2000);
  const columns = names.map((name) => ({ name, type: targetTypes.get(name)! }));
  const pkAt = pk.map((k) => names.indexOf(k));
  const bytesAt = new Set((table.textToBytes ?? []).map((c) => names.indexOf(c)));
  const toTarget = (row: Value[]): Value[] =>
    bytesAt.size === 0
      ? row
      : row.map((v, i) => (bytesAt.has(i) && typeof v === 'string' ? Buffer.from(v, 'utf8') : v));

  let read = 0;
  let inserted = 0;
  const land = async (rows: Value[][]): Promise<void> => {
    const out = rows.map(toTarget);
    if (table.partitioned)
      await partitions.ensureFor(out.map((r) => ({ ts: r[names.indexOf('ts')] as number })));
    try {
      inserted += await tx(pool, (c) => insertBatch(c, table.name, columns, pkAt, out));
    } catch (e) {
      if (e instanceof XinzhiError) throw e;
      const at = pkAt.map((i) => `${names[i]}=${String(rows[0]![i])}`).join(', ');
      throw new XinzhiError(
        'STORE_FAILURE',
        `copying ${table.name} (batch from ${at}) failed: ${e instanceof Error ? e.message : String(e)}; what was copied stays, run again after fixing it`,
        { context: { table: table.name }, cause: e },
      );
    }
    read += rows.length;
    options.onProgress?.(table.name, read);
  };

  const colList = names.map((n) => `${q(table.name)}.${q(n)}`).join(', ');
  if (table.byDepth) {
    // Parents before children (the parent_id foreign key); a plant has thousands of assets, not millions.
    const rows = db
      .prepare(
        `WITH RECURSIVE tree(id, depth) AS (
           SELECT id, 0 FROM assets WHERE parent_id IS NULL
           UNION ALL SELECT a.id, tree.depth + 1 FROM assets a JOIN tree ON a.parent_id = tree.id)
         SELECT ${colList} FROM assets JOIN tree ON tree.id = assets.id ORDER BY tree.depth, assets.id`,
      )
      .raw()
      .all() as Value[][];
    for (let i = 0; i < rows.length && read < budget; i += batch) await land(rows.slice(i, i + batch));
    return { read, inserted, finished: read === rows.length };
  }
  const order = pk.map(q).join(', ');
  const first = db.prepare(`SELECT ${colList} FROM ${q(table.name)} ORDER BY ${order} LIMIT ?`).raw();
  const next = db
    .prepare(
      `SELECT ${colList} FROM ${q(table.name)} WHERE (${order}) > (${pk.map(() => '?').join(', ')}) ORDER BY ${order} LIMIT ?`,
    )
    .raw();
  let last: Value[] | undefined;
  while (read < budget) {
    const rows = (last === undefined ? first.all(batch) : next.all(...last, batch)) as Value[][];
    if (rows.length > 0) await land(rows);
    if (rows.length < batch) return { read, inserted, finished: true };
    const tail = rows[rows.length - 1]!;
    last = pkAt.map((i) => tail[i]!);
  }
  return { read, inserted, finished: false };
}

/**
 * Inserts rows, skipping those whose key exists; a skipped row must equal the target's row with
 * that key, else the target holds other data and the copy stops with CONFLICT.
 */
async function insertBatch(
  c: Queryable,
  table: string,
  columns: readonly { name: string; type: string }[],
  pkAt: readonly number[],
  rows: readonly Value[][],
): Promise<number> {
  // One typed array per column, expanded by unnest: a few parameters whatever the batch size.
  const arrays = columns.map((_, i) => rows.map((r) => r[i] ?? null));
  const unnest = (at: readonly number[]) =>
    `unnest(${at.map((i, j) => `$${j + 1}::${columns[i]!.type}[]`).join(', ')})`;
  const all = columns.map((_, i) => i);
  const names = columns.map((col) => col.name);
  const pkNames = pkAt.map((i) => names[i]!);
  const done = await c.query<Record<string, unknown>>(
    `INSERT INTO ${q(table)} (${names.map(q).join(', ')}) SELECT * FROM ${unnest(all)}
     ON CONFLICT DO NOTHING RETURNING ${pkNames.map(q).join(', ')}`,
    arrays,
  );
  if (done.rows.length === rows.length) return done.rows.length;
  const landed = new Set(done.rows.map((r) => keyText(pkNames.map((n) => r[n]))));
  const skipped = rows.filter((r) => !landed.has(keyText(pkAt.map((i) => r[i]))));
  const existing = await c.query<Record<string, unknown>>(
    `SELECT ${names.map((n) => `t.${q(n)}`).join(', ')} FROM ${q(table)} t
       JOIN ${unnest(pkAt)} AS k(${pkAt.map((_, j) => `k${j}`).join(', ')})
         ON ${pkNames.map((n, j) => `t.${q(n)} = k.k${j}`).join(' AND ')}`,
    pkAt.map((i) => skipped.map((r) => r[i] ?? null)),
  );
  const byKey = new Map(existing.rows.map((r) => [keyText(pkNames.map((n) => r[n])), r]));
  for (const row of skipped) {
    const there = byKey.get(keyText(pkAt.map((i) => row[i])));
    const differs =
      there === undefined ? 'another unique column' : names.find((n, i) => norm(there[n]) !== norm(row[i]));
    if (differs !== undefined) {
      const shown = pkAt.map((i) => `${names[i]}=${String(row[i])}`).join(', ');
      throw new XinzhiError(
        'CONFLICT',
        `--to already holds different data: ${table} row ${shown} differs in ${differs}; the target is not a copy of this source (migrate into an empty database)`,
        { field: '--to', context: { table } },
      );
    }
  }
  return done.rows.length;
}

/** Moves each identity sequence past the copied ids and past ids SQLite handed out before. */
async function advanceSequences(db: Database.Database, pool: pg.Pool): Promise<void> {
  const used = new Map(
    (db.prepare('SELECT name, seq FROM sqlite_sequence').all() as { name: string; seq: number }[]).map(
      (r) => [r.name, Number(r.seq)],
    ),
  );
  const copied = new Set(COPY_TABLES.map((t) => t.name));
  const identities = (
    await pool.query<{ table_name: string; column_name: string }>(
      "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND is_identity = 'YES'",
    )
  ).rows.filter((r) => copied.has(r.table_name));
  for (const { table_name: t, column_name: col } of identities) {
    const max = (
      await pool.query<{ m: number }>(`SELECT coalesce(max(${q(col)}), 0)::bigint AS m FROM ${q(t)}`)
    ).rows[0]!.m;
    const next = Math.max(max, used.get(t) ?? 0) + 1;
    await pool.query('SELECT setval(pg_get_serial_sequence($1, $2), $3, false)', [q(t), col, next]);
  }
}
