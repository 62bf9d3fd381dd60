import { readFileSync, statSync } from 'node:fs';
import { XinzhiError } from '../../core/index.js';

/**
 * Reads a text file named on the command line; an unreadable one is NOT_FOUND naming `field` (the
 * flag or argument that named it; the path itself by default).
 */
export function readInputFile(path: string, field: string = path): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field,
      cause: e,
    });
  }
}

/** The size in bytes of a file named on the command line, checked before reading a large one. */
export function inputFileSize(path: string): number {
  try {
    return statSync(path).size;
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: path,
      cause: e,
    });
  }
}
