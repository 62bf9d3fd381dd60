import type { Schema } from '../../api/client.js';
import { type Cell, downloadCsv, fileStamp } from '../../lib/csv.js';

type SeriesQuality = Schema<'SeriesQuality'>;

const iso = (ms: number | null) => (ms === null ? '' : new Date(ms).toISOString());

/** The CSV's columns: each header beside the value it holds, so the two cannot drift apart. */
const COLUMNS: ReadonlyArray<readonly [string, (q: SeriesQuality) => Cell]> = [
  ['series', (q) => q.series],
  ['unit', (q) => q.unit],
  ['score', (q) => q.score],
  ['completeness', (q) => q.completeness],
  ['validity', (q) => q.validity],
  ['freshness', (q) => q.freshness],
  ['points', (q) => q.points],
  ['accepted', (q) => q.accepted],
  ['quarantined', (q) => q.quarantined],
  ['duplicates', (q) => q.duplicates],
  ['outliers', (q) => q.outliers],
  ['gaps', (q) => q.gaps.count],
  ['gap_ms', (q) => q.gaps.totalMs],
  ['stuck_runs', (q) => q.stuck.runs],
  ['stuck_points', (q) => q.stuck.points],
  ['interval_ms', (q) => q.intervalMs],
  ['interval_source', (q) => q.intervalSource],
  ['first', (q) => iso(q.first)],
  ['last', (q) => iso(q.last)],
  ['age_ms', (q) => q.ageMs],
];

/** Downloads the whole quality report, one row per series. */
export function exportReport(rows: readonly SeriesQuality[]) {
  downloadCsv(`quality-${fileStamp(Date.now())}.csv`, [
    COLUMNS.map(([name]) => name),
    ...rows.map((q) => COLUMNS.map(([, value]) => value(q))),
  ]);
}
