/**
 * Worker-thread entry that reads and parses a CSV or NDJSON file while the main thread cleans and
 * writes the previous batches: SQLite writes are synchronous, so on one thread reading and writing
 * add up; on two they overlap. Batches go back as typed arrays (transferred, not copied) plus the
 * locations and verbatim lines packed into one string each. At most `MAX_IN_FLIGHT` batches are
 * unacknowledged, so memory stays bounded when the writer is the slower side.
 */
import { createReadStream } from 'node:fs';
import { parentPort, workerData } from 'node:worker_threads';
import { isXinzhiError } from '../../core/errors.js';
import type { Issue } from '../../core/result.js';
import { readCsv } from '../csv/read-csv.js';
import { readNdjson } from '../json/read-json.js';
import { parseReading } from '../pipeline/reading-schema.js';
import { localIsoToUtcIn } from '../time/zoned-time.js';
import type { ParseWorkerInput, WorkerMessage } from './worker-protocol.js';

const MAX_IN_FLIGHT = 3;
const input = workerData as ParseWorkerInput;
const port = parentPort!;
let credits = MAX_IN_FLIGHT;
let wake: (() => void) | undefined;
// Batches below this were read by the main thread while this worker started: not packed or sent.
let skipBelow = 0;
port.on('message', (m: unknown) => {
  if (m === 'ack') {
    credits++;
    wake?.();
    wake = undefined;
  } else if (
    typeof m === 'object' &&
    m !== null &&
    typeof (m as { skipBelow?: unknown }).skipBelow === 'number'
  ) {
    skipBelow = (m as { skipBelow: number }).skipBelow;
  }
});

async function main(): Promise<void> {
  const src = createReadStream(input.path, { highWaterMark: 256 * 1024 });
  const batches =
    input.format === 'csv'
      ? readCsv(src, {
          name: input.name,
          asset: input.asset,
          mapping: input.mapping,
          delimiter: input.delimiter,
          decimal: input.decimal,
          encoding: input.encoding,
          layout: input.layout,
          timeFormat: input.timeFormat,
          batchSize: input.batchSize,
          maxColumns: input.maxColumns,
          onLayout: (layout, dialect) =>
            port.postMessage({
              type: 'layout',
              layout,
              delimiter: dialect.delimiter,
              decimal: dialect.decimal,
            } satisfies WorkerMessage),
        })
      : readNdjson(src, {
          name: input.name,
          batchSize: input.batchSize,
          asset: input.asset,
          jsonDepth: input.jsonDepth,
        });
  const rules = {
    now: input.now,
    futureToleranceMs: input.futureToleranceMs,
    earliestTs: input.earliestTs,
    localToUtc: input.timeZone && input.timeZone !== 'UTC' ? localIsoToUtcIn(input.timeZone) : undefined,
  };
  const validIds = new Set<string>();
  const ids = new Map<string, number>();
  const units = new Map<string, number>();

  let seq = -1;
  for await (const b of batches) {
    seq++;
    if (seq < skipBelow) continue;
    while (credits <= 0) await new Promise<void>((r) => (wake = r));
    credits--;
    const n = b.readings.length;
    const sid = new Int32Array(n);
    const ts = new Float64Array(n);
    const value = new Float64Array(n);
    const unit = new Int32Array(n);
    const locOff = new Int32Array(n + 1);
    const rawIdx = new Int32Array(n);
    const newIds: string[] = [];
    const newUnits: string[] = [];
    const locs: string[] = [];
    const raws: string[] = [];
    const rawOff: number[] = [0];
    let locLen = 0;
    let rawLen = 0;
    let prevRaw: string | undefined;
    const rejections: Array<{ index: number; issues: Issue[] }> = [];
    for (let i = 0; i < n; i++) {
      const r = b.readings[i]!;
      const loc = r.location;
      locs.push(loc);
      locLen += loc.length;
      locOff[i + 1] = locLen;
      // Wide rows share one line object across their readings: store it once.
      if (r.raw !== prevRaw) {
        prevRaw = r.raw;
        raws.push(r.raw);
        rawLen += r.raw.length;
        rawOff.push(rawLen);
      }
      rawIdx[i] = raws.length - 1;
      const p = parseReading(r, i, rules, validIds);
      if (Array.isArray(p)) {
        sid[i] = -1;
        rejections.push({ index: i, issues: p });
        continue;
      }
      let k = ids.get(p.seriesId);
      if (k === undefined) {
        k = ids.size;
        ids.set(p.seriesId, k);
        newIds.push(p.seriesId);
      }
      sid[i] = k;
      ts[i] = p.ts;
      value[i] = p.value;
      if (p.unit === undefined) unit[i] = -1;
      else {
        let u = units.get(p.unit);
        if (u === undefined) {
          u = units.size;
          units.set(p.unit, u);
          newUnits.push(p.unit);
        }
        unit[i] = u;
      }
    }
    const rawOffArr = Int32Array.from(rawOff);
    const msg: WorkerMessage = {
      type: 'batch',
      seq,
      n,
      newIds,
      newUnits,
      sid,
      ts,
      value,
      unit,
      locText: locs.join(''),
      locOff,
      rawText: raws.join(''),
      rawOff: rawOffArr,
      rawIdx,
      rejections,
      errors: b.errors,
      bytesRead: b.bytesRead,
      rows: b.rows,
    };
    port.postMessage(msg, [
      sid.buffer,
      ts.buffer,
      value.buffer,
      unit.buffer,
      locOff.buffer,
      rawOffArr.buffer,
      rawIdx.buffer,
    ]);
  }
  port.postMessage({ type: 'done' } satisfies WorkerMessage);
}

main().catch((e: unknown) => {
  port.postMessage({
    type: 'error',
    code: isXinzhiError(e) ? e.code : 'INGEST_BAD_ROW',
    message: e instanceof Error ? e.message : String(e),
    field: isXinzhiError(e) ? (e.field ?? null) : null,
  } satisfies WorkerMessage);
});
