/** What the `agri` subcommands share: reading their input files and flags, printing tables. */
import { readFileSync } from 'node:fs';
import { type Issue, issuesError, type Result, XinzhiError } from '../../../core/index.js';
import type { CliContext } from '../../context.js';

export function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: flag,
      cause: e,
    });
  }
}

export function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    fallback: 'input',
    detail: `${r.issues.length} problem(s): ${list.join('; ')}`,
  });
}

export function number(value: string | undefined, flag: string, required = true): number | undefined {
  if (value === undefined) {
    if (required) throw new XinzhiError('BAD_INPUT', `${flag} is required`, { field: flag });
    return undefined;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `${flag} must be a number, got '${value}'`, { field: flag });
  return n;
}

export function readJson(path: string, flag: string): unknown {
  try {
    return JSON.parse(readText(path, flag));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: flag });
  }
}

export const table = (ctx: CliContext, header: string[], rows: string[][]): void => {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(w[i] ?? 0)).join('  ');
  ctx.stdout([line(header), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)].join('\n'));
};

export const fmt = (v: number, d = 1): string => v.toFixed(d);
