/**
 * Opens the store every command uses: `--db <path>` if given, else `$XINZHI_DB`, else
 * `./xinzhi.db` in the working directory. `:memory:` gives a throwaway in-memory store.
 */
import { resolve } from 'node:path';
import { openSqliteStore, type SqliteStoreOptions, type Store } from '../store/index.js';

export const DEFAULT_DB_FILE = 'xinzhi.db';

/** The database path the options resolve to (absolute unless `:memory:`). */
export function resolveDbPath(
  opts: { db?: string | undefined } = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  const given = opts.db ?? env['XINZHI_DB'] ?? DEFAULT_DB_FILE;
  const path = given.trim() === '' ? DEFAULT_DB_FILE : given;
  return path === ':memory:' ? path : resolve(path);
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
): Promise<Store> {
  const secretKey =
    opts.secretKeyFile !== undefined
      ? { file: resolve(opts.secretKeyFile) }
      : { key: env['XINZHI_SECRET_KEY'], ...storeOptions.secretKey };
  return openSqliteStore(resolveDbPath(opts, env), { ...storeOptions, secretKey });
}
