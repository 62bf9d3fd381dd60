import { issuesError } from '../../core/index.js';
import { readLp } from './lp-reader.js';
import { type MpsReadOptions, readMps } from './mps-reader.js';
import type { LinearProgram } from './program.js';

/**
 * Reads an LP or MPS model, choosing the format from the file name (`.lp`, `.mps`, `.mps.txt`…)
 * or content, and throws a BAD_INPUT error listing every problem found.
 */
export function readModel(text: string, fileName = '', mps: MpsReadOptions = {}): LinearProgram {
  const lower = fileName.toLowerCase();
  const looksLp =
    lower.endsWith('.lp') ||
    (!/\.mps/.test(lower) && /^\s*(\\|min|max)/im.test(text.trimStart().slice(0, 200)));
  const r = looksLp ? readLp(text) : readMps(text, mps);
  if (r.ok) return r.value;
  const list = r.issues.map((i) => `${i.where ? `${i.where}: ` : ''}${i.message}`).join('; ');
  throw issuesError(r.issues, {
    field: fileName || 'model',
    fallback: fileName || 'model',
    detail: `${fileName || (looksLp ? 'LP model' : 'MPS model')}: ${list}`,
  });
}
