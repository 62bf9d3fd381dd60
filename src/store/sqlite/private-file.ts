/**
 * Files that hold secrets (the database with its API key hashes and ledger seeds, its WAL and
 * shared-memory companions, the secret key file) are kept owner-read/write only (0600). SQLite
 * gives its -wal/-shm/-journal files the mode of the database file, so creating the database 0600
 * before SQLite opens it covers them too; files left wider by an older xinzhi are tightened.
 */
import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import type { Logger } from '../../core/index.js';

export const PRIVATE_FILE_MODE = 0o600;

/** The SQLite companions that exist next to a database at times. */
export const SQLITE_COMPANIONS = ['-wal', '-shm', '-journal'] as const;

/**
 * Whether `path` names a file on disk: anything but `:memory:` and `''` (a temporary database).
 * better-sqlite3 does not read URI names, so `file:…` is a file too.
 */
export const isDiskDatabase = (path: string): boolean => path !== '' && path !== ':memory:';

/**
 * Creates `path` empty with mode 0600 when missing; when it exists with group/other bits, removes
 * them and warns. Returns whether the file was created. A no-op on Windows (no POSIX modes).
 */
export function ensurePrivateFile(path: string, logger: Pick<Logger, 'warn'>): boolean {
  if (process.platform === 'win32') return false;
  try {
    // 'wx': never follows an existing file, so a racing creator cannot leave it wide open.
    closeSync(openSync(path, 'wx', PRIVATE_FILE_MODE));
    return true;
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    // A missing folder is left for SQLite to report as it always has.
    if (code === 'ENOENT') return false;
    if (code !== 'EEXIST') throw e;
  }
  tightenIfWide(path, logger);
  return false;
}

/** Removes group/other permission bits from an existing file (warning once); missing files are skipped. */
export function tightenIfWide(path: string, logger: Pick<Logger, 'warn'>): void {
  if (process.platform === 'win32') return;
  let mode: number;
  try {
    mode = statSync(path).mode & 0o777;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  if ((mode & 0o077) === 0) return;
  chmodSync(path, mode & 0o700);
  logger.warn(
    { path, was: mode.toString(8), now: (mode & 0o700).toString(8) },
    `${path} was readable by other users (mode ${mode.toString(8)}); tightened to owner-only`,
  );
}

/** Makes a database file and its companions private (see the module comment). */
export function securePrivateDatabase(path: string, logger: Pick<Logger, 'warn'>): void {
  if (!isDiskDatabase(path)) return;
  ensurePrivateFile(path, logger);
  for (const suffix of SQLITE_COMPANIONS) tightenIfWide(path + suffix, logger);
}
