/**
 * Test helper: runs the `xinzhi` program in-process with a captured context, the way every CLI
 * test does, and returns what it printed and the exit code it set.
 */
import type { Store } from '../store/index.js';
import { openSqliteStore } from '../store/sqlite/index.js';
import type { CliContext } from './context.js';
import { runProgram } from './main.js';

export interface CliRun {
  readonly out: string;
  readonly err: string;
  readonly code: number;
}

export interface RunCliOptions {
  /** Append a newline after each printed chunk, as a terminal would (default true). */
  readonly newline?: boolean;
}

/** Parses `xinzhi ...args`; `process.exitCode` is cleared before and after so tests do not leak it. */
export async function runCli(args: readonly string[], options: RunCliOptions = {}): Promise<CliRun> {
  const end = options.newline === false ? '' : '\n';
  let out = '';
  let err = '';
  const ctx: CliContext = {
    stdout: (t) => {
      out += `${t}${end}`;
    },
    stderr: (t) => {
      err += `${t}${end}`;
    },
  };
  process.exitCode = undefined;
  try {
    await runProgram(['node', 'xinzhi', ...args], ctx);
    return { out, err, code: Number(process.exitCode ?? 0) };
  } finally {
    process.exitCode = undefined;
  }
}

/** Opens the SQLite file a CLI run wrote, runs `fn` on it and closes it (checking what a command did). */
export async function inSqliteFile<T>(path: string, fn: (s: Store) => Promise<T>): Promise<T> {
  const s = await openSqliteStore(path);
  try {
    return await fn(s);
  } finally {
    await s.close();
  }
}
