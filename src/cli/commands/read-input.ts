import { readFileSync } from 'node:fs';
import { XinzhiError } from '../../core/index.js';

/** Reads a text file named on the command line; a missing file is NOT_FOUND naming it. */
export function readInputFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: path,
      cause: e,
    });
  }
}

/** Parses a numeric option, naming the flag when it is not a number. */
export function numberOption(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `${flag} must be a number, got '${v}'`, { field: flag });
  return n;
}
