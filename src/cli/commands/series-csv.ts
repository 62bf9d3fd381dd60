/** Reading a `timestamp,value` CSV file named on the command line (`detect`, `forecast`). */
import { readFileSync } from 'node:fs';
import { parseSeriesCsv, type SeriesTable } from '../../analytics/index.js';
import { issuesError, XinzhiError } from '../../core/index.js';

/** The parsed series of `file`; an unreadable file is NOT_FOUND, bad rows one error listing each. */
export function readSeriesCsvFile(file: string): SeriesTable {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, { field: file });
  }
  const parsed = parseSeriesCsv(text, file);
  if (!parsed.ok)
    throw issuesError(parsed.issues, {
      field: file,
      fallback: file,
      detail: parsed.issues.map((i) => `${i.where ?? file}: ${i.message}`).join('\n'),
    });
  return parsed.value;
}
