/**
 * The connection pool of the PostgreSQL store and the two helpers every part uses: `tx` (one
 * transaction on one pooled client, rolled back on any throw) and the type parsers. Times are
 * BIGINT epoch milliseconds and counts come back as BIGINT or NUMERIC; node-postgres returns both
 * as strings by default, so this pool (not the process-wide `pg.types`) parses them to numbers.
 * Every value the store writes is a safe integer, so the conversion is exact.
 */
import pg from 'pg';
import { XinzhiError } from '../../core/index.js';

const INT8 = 20;
const NUMERIC = 1700;

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8 || oid === NUMERIC) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format ?? 'text');
  }) as pg.CustomTypesConfig['getTypeParser'],
};

/** Anything that runs a query: the pool, or the client of an open transaction. */
export type Queryable = Pick<pg.PoolClient, 'query'>;

export interface PoolOptions {
  /** Schema every connection works in (created by `migrate` if missing); default `public`. */
  readonly schema?: string;
  /** Connections in the pool; default 10. */
  readonly max?: number;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

export function createPool(url: string, options: PoolOptions = {}): pg.Pool {
  const schema = options.schema ?? 'public';
  if (!SCHEMA_NAME.test(schema))
    throw new XinzhiError(
      'BAD_INPUT',
      `schema must be a lowercase SQL identifier; got ${JSON.stringify(schema)}`,
      {
        field: 'schema',
      },
    );
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    types,
    // Every connection of this store sees only its schema (tests run one schema per store).
    options: `-c search_path=${schema}`,
    application_name: 'xinzhi',
  });
  // An idle client that loses its server (restart, failover) must not crash the process; the
  // next query gets a fresh connection and its own error.
  pool.on('error', () => {});
  return pool;
}

/** Runs `fn` in one transaction; COMMIT returns after the WAL flush (synchronous_commit = on). */
export async function tx<T>(pool: pg.Pool, fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  return txWith(pool, '', (c) => fn(c));
}

/**
 * `tx` whose BEGIN travels with `opening` (statements without parameters) in one simple-query
 * message, saving a round trip per statement on the write path; `fn` gets the results of the
 * opening statements. Each statement of such a message takes its own snapshot (READ COMMITTED),
 * as separate queries would.
 */
export async function txWith<T>(
  pool: pg.Pool,
  opening: string,
  fn: (c: pg.PoolClient, opened: pg.QueryResult[]) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  try {
    const r = (await client.query(opening === '' ? 'BEGIN' : `BEGIN; ${opening}`)) as
      | pg.QueryResult
      | pg.QueryResult[];
    const out = await fn(client, Array.isArray(r) ? r.slice(1) : []);
    await client.query('COMMIT');
    return out;
  } catch (e) {
    await client.query('ROLLBACK').catch(() => {});
    throw e;
  } finally {
    client.release();
  }
}

/** SQLSTATE of a driver error, if it is one. */
export const sqlState = (e: unknown): string | undefined =>
  typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string'
    ? (e as { code: string }).code
    : undefined;

/** Advisory lock class of xinzhi (`xz`), so its locks never collide with another application's. */
export const LOCK_CLASS = 0x787a;
/** Lock ids within the class; series keys use their own key (they are positive). */
export const LOCK = { catalog: -1, partitions: -2, migrate: -3, people: -4, records: -5 } as const;
