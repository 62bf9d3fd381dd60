/** What the `agri` subcommands share: reading their input files and flags, printing tables. */
import { type Issue, issuesError, type Result, textTable, XinzhiError } from '../../../core/index.js';
import type { CliContext } from '../../context.js';
import { readInputFile } from '../read-input.js';

/** The text of a file named by `flag`. */
export const readText = (path: string, flag: string): string => readInputFile(path, flag);

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    fallback: 'input',
    detail: `${r.issues.length} problem(s): ${list.join('; ')}`,
  });
}

export function readJson(path: string, flag: string): unknown {
  try {
    return JSON.parse(readText(path, flag));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: flag });
  }
}

/** Prints a table with its header ruled, as every `agri` subcommand does. */
export const table = (ctx: CliContext, header: string[], rows: string[][]): void =>
  ctx.stdout(textTable([header, ...rows], { rule: true }).join('\n'));

export const fmt = (v: number, d = 1): string => v.toFixed(d);
