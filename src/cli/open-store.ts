/**
 * Opens the store every command uses: `--db <path>` if given, else `$XINZHI_DB`, else
 * `./xinzhi.db` in the working directory. `:memory:` gives a throwaway in-memory store; a
 * `postgres://` (or `postgresql://`) URL the PostgreSQL store (src/store/postgres).
 */
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { isXinzhiError, XinzhiError } from '../core/index.js';
import {
  isPostgresUrl,
  openPostgresStore,
  openSqliteStore,
  type SqliteStoreOptions,
  type Store,
} from '../store/index.js';

export const DEFAULT_DB_FILE = 'xinzhi.db';

/** The database path the options resolve to (absolute unless `:memory:`). */
export function resolveDbPath(
  opts: { db?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = opts.db ?? env['XINZHI_DB'] ?? DEFAULT_DB_FILE;
  const path = given.trim() === '' ? DEFAULT_DB_FILE : given;
  if (isPostgresUrl(path)) return path.trim();
  return path === ':memory:' ? path : resolve(path);
}

/** The database for messages and logs: a URL without its password. */
export function describeDb(path: string): string {
  if (!isPostgresUrl(path)) return path;
  try {
    const u = new URL(path);
    if (u.password !== '') u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}

export interface OpenStoreCliOptions {
  /**
   * Refuse a database file that does not exist yet (default false). Read commands set it, so a
   * mistyped `--db` is an error rather than a new empty database that answers "nothing".
   */
  readonly mustExist?: boolean;
}

/**
 * Checks where `--db` points before SQLite sees it, so a bad value is a BAD_INPUT (or NOT_FOUND)
 * naming the flag instead of a TypeError from deep inside the driver.
 */
export function checkDbPath(
  opts: { db?: string | undefined } = {},
  cli: OpenStoreCliOptions = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const flag = opts.db !== undefined ? '--db' : env['XINZHI_DB'] !== undefined ? '$XINZHI_DB' : '--db';
  const given = opts.db ?? env['XINZHI_DB'] ?? DEFAULT_DB_FILE;
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(given.trim())?.[1]?.toLowerCase();
  if (scheme === 'postgres' || scheme === 'postgresql') {
    const url = given.trim();
    try {
      new URL(url);
    } catch {
      // Only the scheme is echoed: a URL may carry a password.
      throw new XinzhiError(
        'BAD_INPUT',
        `${flag} ${scheme}://…: not a valid URL (postgres://user@host:5432/db)`,
        {
          field: flag,
        },
      );
    }
    return url;
  }
  if (scheme !== undefined) {
    throw new XinzhiError(
      'BAD_INPUT',
      `${flag} ${scheme}://…: '${scheme}://' databases are not supported; give a SQLite file path (e.g. ${flag === '--db' ? '--db plant.db' : 'XINZHI_DB=plant.db'}) or a postgres:// URL`,
      { field: flag },
    );
  }
  const path = resolveDbPath(opts, env);
  if (path === ':memory:') return path;
  const folder = dirname(path);
  if (!existsSync(folder))
    throw new XinzhiError('BAD_INPUT', `${flag} ${given}: the folder ${folder} does not exist`, {
      field: flag,
    });
  if (existsSync(path) && statSync(path).isDirectory())
    throw new XinzhiError('BAD_INPUT', `${flag} ${given}: ${path} is a folder, not a database file`, {
      field: flag,
    });
  if (cli.mustExist === true && !existsSync(path))
    throw new XinzhiError(
      'NOT_FOUND',
      `${flag} ${given}: no database at ${path} (mistyped? \`xinzhi import\` or \`xinzhi serve\` create one)`,
      { field: flag },
    );
  return path;
}

/**
 * The key that encrypts ledger seeds: `--secret-key-file`, else `$XINZHI_SECRET_KEY`, else the
 * store's default key file `<db>.key`.
 *
 * @example const store = await openStoreFromOptions({ db: cmd.opts().db });
 */
export async function openStoreFromOptions(
  opts: { db?: string | undefined; secretKeyFile?: string | undefined } = {},
  storeOptions: SqliteStoreOptions = {},
  env: NodeJS.ProcessEnv = process.env,
  cli: OpenStoreCliOptions = {},
): Promise<Store> {
  const path = checkDbPath(opts, cli, env);
  const secretKey =
    opts.secretKeyFile !== undefined
      ? { file: resolve(opts.secretKeyFile) }
      : { key: env['XINZHI_SECRET_KEY'], ...storeOptions.secretKey };
  try {
    if (isPostgresUrl(path)) return await openPostgresStore(path, { secretKey });
    return await openSqliteStore(path, { ...storeOptions, secretKey });
  } catch (e) {
    if (isXinzhiError(e)) throw e;
    throw new XinzhiError(
      'BAD_INPUT',
      `--db ${describeDb(path)}: cannot be opened as a xinzhi database (${e instanceof Error ? e.message : String(e)})`,
      { field: '--db', cause: e },
    );
  }
}

/** Opens the store for a command that only reads: a missing database file is NOT_FOUND naming --db. */
export const openExistingStore = (opts: { db?: string | undefined } = {}): Promise<Store> =>
  openStoreFromOptions(opts, {}, process.env, { mustExist: true });

async function using<T>(open: Promise<Store>, fn: (store: Store) => Promise<T>): Promise<T> {
  const store = await open;
  try {
    return await fn(store);
  } finally {
    await store.close();
  }
}

/** Opens the store named by `--db` (created if missing), runs `fn`, and closes it whatever happens. */
export const withStore = <T>(
  opts: { db?: string | undefined },
  fn: (store: Store) => Promise<T>,
): Promise<T> => using(openStoreFromOptions({ db: opts.db }), fn);

/** `withStore` for commands that only read: a missing database is NOT_FOUND naming `--db`. */
export const withExistingStore = <T>(
  opts: { db?: string | undefined },
  fn: (store: Store) => Promise<T>,
): Promise<T> => using(openExistingStore({ db: opts.db }), fn);
