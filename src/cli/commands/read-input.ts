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
