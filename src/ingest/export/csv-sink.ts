/**
 * RFC 4180 CSV (CRLF, quoted when needed, formula-neutralised text from core/csv-cell.ts), with
 * ISO 8601 times carrying the offset of the chosen zone at each instant, so a day that changes
 * to summer time reads right and the file needs no side note to be understood.
 */
import type { Writable } from 'node:stream';
import { csvCell, toIsoInZone } from '../../core/index.js';
import {
  BUCKET_COLUMNS,
  type BucketRow,
  POINT_COLUMNS,
  type PointRow,
  type TableShape,
  type TableSink,
  timeHeader,
} from './export-table.js';
import { qualityNames } from './quality-names.js';
import { writeChunk } from './write-stream.js';

const EOL = '\r\n';

export function csvSink(out: Writable, shape: TableShape): TableSink {
  const names = shape.kind === 'points' ? POINT_COLUMNS : BUCKET_COLUMNS;
  let header = [timeHeader(shape.zone), ...names].map(csvCell).join(',') + EOL;
  const iso = (ts: number): string => toIsoInZone(ts, shape.zone);
  const take = (): string => {
    const h = header;
    header = '';
    return h;
  };
  return {
    async writePoints(rows: readonly PointRow[]) {
      let s = take();
      for (const r of rows)
        s += `${iso(r.ts)},${csvCell(r.series)},${csvCell(r.unit)},${r.value},${csvCell(qualityNames(r.quality))}${EOL}`;
      await writeChunk(out, s);
    },
    async writeBuckets(rows: readonly BucketRow[]) {
      let s = take();
      for (const r of rows)
        s += `${iso(r.ts)},${csvCell(r.series)},${csvCell(r.unit)},${r.min},${r.max},${r.mean},${r.count},${r.last}${EOL}`;
      await writeChunk(out, s);
    },
    async finish() {
      // An empty export still says what its columns would be.
      if (header !== '') await writeChunk(out, take());
    },
  };
}
