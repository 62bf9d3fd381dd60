/**
 * Parquet through hyparquet-writer 0.17 (pure JavaScript, no native build, maintained by
 * Hyperparam with its reader hyparquet, which the tests use to read files back). Chosen over
 * @dsnp/parquetjs, whose writer pulls in a Thrift runtime, brotli and lzo bindings and buffers
 * a whole row group as row objects; hyparquet-writer takes typed column arrays and its
 * `ParquetWriter` writes one row group per `write`, which is what keeps an export bounded.
 *
 * Column types: `time` INT64 TIMESTAMP(MILLIS, adjusted to UTC), `value`/`min`/`max`/`mean`/`last`
 * DOUBLE, `count` INT64, `quality` INT32 (the QUALITY bit flags), `series`/`unit` UTF-8 strings
 * (dictionary-encoded by the writer: they repeat on every row). The export's zone and kind are
 * in the file's key-value metadata.
 */
import type { Writable } from 'node:stream';
import type { SchemaElement } from 'hyparquet';
import { ByteWriter, ParquetWriter, type Writer } from 'hyparquet-writer';
import type { BucketRow, PointRow, TableShape, TableSink } from './export-table.js';
import { writeChunk } from './write-stream.js';

/** Rows per row group: a few MB of columns in memory at a time. */
export const PARQUET_ROW_GROUP = 100_000;
/** Bytes gathered before they are handed to the output stream. */
const CHUNK_BYTES = 1024 * 1024;

type Col = { name: string; data: unknown[] | Float64Array | Int32Array | BigInt64Array };

const str = (name: string): SchemaElement => ({
  name,
  type: 'BYTE_ARRAY',
  converted_type: 'UTF8',
  logical_type: { type: 'STRING' },
  repetition_type: 'REQUIRED',
});
const dbl = (name: string): SchemaElement => ({ name, type: 'DOUBLE', repetition_type: 'REQUIRED' });

function schemaOf(kind: TableShape['kind']): SchemaElement[] {
  const time: SchemaElement = {
    name: 'time',
    type: 'INT64',
    logical_type: { type: 'TIMESTAMP', isAdjustedToUTC: true, unit: 'MILLIS' },
    repetition_type: 'REQUIRED',
  };
  const cols =
    kind === 'points'
      ? [
          time,
          str('series'),
          str('unit'),
          dbl('value'),
          { name: 'quality', type: 'INT32', repetition_type: 'REQUIRED' } as SchemaElement,
        ]
      : [
          time,
          str('series'),
          str('unit'),
          dbl('min'),
          dbl('max'),
          dbl('mean'),
          { name: 'count', type: 'INT64', repetition_type: 'REQUIRED' } as SchemaElement,
          dbl('last'),
        ];
  return [{ name: 'root', num_children: cols.length }, ...cols];
}

/**
 * hyparquet-writer's byte writer, emptied into `out` as it fills: at most about a row group plus
 * `CHUNK_BYTES` is held. `flush` (called by ParquetWriter after each row group) waits for the
 * stream to drain.
 */
function streamWriter(out: Writable): Writer {
  const w = new ByteWriter() as ByteWriter & Writer;
  let pending: Promise<void> = Promise.resolve();
  const hand = (): void => {
    if (w.index === 0) return;
    const chunk = new Uint8Array(w.buffer.slice(0, w.index));
    w.index = 0;
    pending = pending.then(() => writeChunk(out, chunk));
  };
  const grow = w.ensure.bind(w);
  w.ensure = (size: number) => {
    if (w.index > CHUNK_BYTES) hand();
    grow(size);
  };
  w.flush = () => {
    hand();
    return pending;
  };
  w.finish = () => {
    hand();
    return pending;
  };
  return w;
}

export function parquetSink(out: Writable, shape: TableShape, rowGroup = PARQUET_ROW_GROUP): TableSink {
  const writer = streamWriter(out);
  const pq = new ParquetWriter({
    writer,
    schema: schemaOf(shape.kind),
    kvMetadata: [
      { key: 'xinzhi.kind', value: shape.kind },
      { key: 'xinzhi.zone', value: shape.zone.name },
    ],
    createdBy: 'xinzhi (hyparquet-writer)',
  });
  let buffered: Array<PointRow | BucketRow> = [];

  const writeGroup = async (rows: ReadonlyArray<PointRow | BucketRow>): Promise<void> => {
    if (rows.length === 0) return;
    const n = rows.length;
    const time = new BigInt64Array(n);
    const series: string[] = new Array(n);
    const unit: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const r = rows[i]!;
      time[i] = BigInt(r.ts);
      series[i] = r.series;
      unit[i] = r.unit;
    }
    const cols: Col[] = [
      { name: 'time', data: time },
      { name: 'series', data: series },
      { name: 'unit', data: unit },
    ];
    if (shape.kind === 'points') {
      const ps = rows as readonly PointRow[];
      cols.push({ name: 'value', data: Float64Array.from(ps, (r) => r.value) });
      cols.push({ name: 'quality', data: Int32Array.from(ps, (r) => r.quality) });
    } else {
      const bs = rows as readonly BucketRow[];
      cols.push({ name: 'min', data: Float64Array.from(bs, (r) => r.min) });
      cols.push({ name: 'max', data: Float64Array.from(bs, (r) => r.max) });
      cols.push({ name: 'mean', data: Float64Array.from(bs, (r) => r.mean) });
      cols.push({ name: 'count', data: BigInt64Array.from(bs, (r) => BigInt(r.count)) });
      cols.push({ name: 'last', data: Float64Array.from(bs, (r) => r.last) });
    }
    await pq.write({ columnData: cols as never, rowGroupSize: n });
  };
  const add = async (rows: ReadonlyArray<PointRow | BucketRow>): Promise<void> => {
    for (const r of rows) {
      buffered.push(r);
      if (buffered.length >= rowGroup) {
        const g = buffered;
        buffered = [];
        await writeGroup(g);
      }
    }
  };
  return {
    writePoints: add,
    writeBuckets: add,
    async finish() {
      await writeGroup(buffered);
      buffered = [];
      await pq.finish();
    },
  };
}
