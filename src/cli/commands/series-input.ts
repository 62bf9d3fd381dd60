/** Where `detect` and `forecast` read a series from: a `timestamp,value` CSV file, or the store. */
import { readFileSync } from 'node:fs';
import { parseSeriesCsv, type SeriesTable } from '../../analytics/index.js';
import { issuesError, type Series, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';

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

/** The stored series `id` (given with `--series`); an unknown one is NOT_FOUND saying where the ids are. */
export async function storedSeries(store: Store, id: string): Promise<Series> {
  const s = await store.getSeries(id);
  if (!s)
    throw new XinzhiError(
      'NOT_FOUND',
      `no series '${id}' (\`xinzhi series list\` shows the stored series ids)`,
      { field: '--series' },
    );
  return s;
}
