/**
 * Group commit for message-at-a-time connectors (MQTT). Each message submits its readings and
 * resolves only after they (and any quarantine rows) are durably stored; messages arriving from all
 * clients while the event loop is busy are written together in one pipeline call, so one SQLite
 * transaction carries thousands of messages and every acknowledgement waits for that one commit.
 *
 * Flushing happens on the next turn of the event loop (or after `lingerMs`), and never while a
 * previous batch is still being written: under load, batches grow by themselves; idle, a single
 * message is written at once.
 */
import type { Logger } from '../../core/index.js';
import type { QuarantineInput } from '../../store/index.js';
import type { IngestBatchResult, IngestPipeline, RawReading } from '../types.js';

export interface IngestBatcherOptions {
  /** Writes each batch; quarantine rows of unreadable messages ride in the same transaction. */
  readonly pipeline: IngestPipeline;
  readonly logger: Logger;
  /** Import record the readings belong to; default null. */
  readonly importId?: number | null;
  /** Source name given to the pipeline; default `mqtt`. */
  readonly source?: string;
  /** Extra wait before a flush to gather more messages, in ms; default 0 (next event-loop turn). */
  readonly lingerMs?: number;
  /** A batch is flushed without lingering once it holds this many readings; default 50,000. */
  readonly maxBatchReadings?: number;
}

export interface BatcherStats {
  batches: number;
  messages: number;
  readings: number;
  accepted: number;
  quarantined: number;
  duplicates: number;
  outliers: number;
  series: Set<string>;
  /** Time spent writing batches, ms (busy time of the store as seen from here). */
  writeMs: number;
}

export interface IngestBatcher {
  /** Resolves after the readings and quarantine rows are committed; rejects if the store failed. */
  submit(readings: readonly RawReading[], quarantine: readonly QuarantineInput[]): Promise<void>;
  /** Writes everything pending now and waits for it. */
  flush(): Promise<void>;
  readonly stats: BatcherStats;
}

interface Entry {
  readonly readings: readonly RawReading[];
  readonly quarantine: readonly QuarantineInput[];
  readonly resolve: () => void;
  readonly reject: (e: unknown) => void;
}

export function createIngestBatcher(options: IngestBatcherOptions): IngestBatcher {
  const lingerMs = options.lingerMs ?? 0;
  const maxBatch = options.maxBatchReadings ?? 50_000;
  const source = options.source ?? 'mqtt';
  const importId = options.importId ?? null;
  const stats: BatcherStats = {
    batches: 0,
    messages: 0,
    readings: 0,
    accepted: 0,
    quarantined: 0,
    duplicates: 0,
    outliers: 0,
    series: new Set(),
    writeMs: 0,
  };
  let pending: Entry[] = [];
  let pendingReadings = 0;
  let timer: ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate> | undefined;
  let writing: Promise<void> | undefined;

  const schedule = (): void => {
    if (timer !== undefined || writing !== undefined || pending.length === 0) return;
    if (lingerMs > 0 && pendingReadings < maxBatch)
      timer = setTimeout(() => {
        timer = undefined;
        void run();
      }, lingerMs);
    else
      timer = setImmediate(() => {
        timer = undefined;
        void run();
      });
  };

  const count = (
    entries: number,
    readings: number,
    quarantined: number,
    result?: IngestBatchResult,
  ): void => {
    stats.batches++;
    stats.messages += entries;
    stats.readings += readings;
    stats.quarantined += quarantined + (result?.quarantined ?? 0);
    if (result) {
      stats.accepted += result.accepted;
      stats.duplicates += result.duplicates;
      stats.outliers += result.outliers;
      for (const s of result.series) stats.series.add(s);
    }
  };

  const write = async (batch: Entry[]): Promise<void> => {
    const readings: RawReading[] = [];
    const quarantine: QuarantineInput[] = [];
    for (const e of batch) {
      for (const r of e.readings) readings.push(r);
      for (const q of e.quarantine) quarantine.push(q);
    }
    const started = performance.now();
    try {
      let result: IngestBatchResult | undefined;
      if (readings.length > 0 || quarantine.length > 0)
        result = await options.pipeline.ingest(readings, { source, importId, quarantine });
      count(batch.length, readings.length, quarantine.length, result);
      stats.writeMs += performance.now() - started;
      for (const e of batch) e.resolve();
    } catch (err) {
      options.logger.error(
        { err, messages: batch.length },
        'mqtt batch could not be stored; retrying message by message',
      );
      for (const e of batch) await writeAlone(e);
    }
  };

  /**
   * After a failed batch, each message on its own: one that still fails is quarantined with the
   * error, so a message that breaks the pipeline cannot be redelivered forever. Only when even
   * the quarantine row cannot be committed (the store is failing) is it left unacknowledged.
   */
  const writeAlone = async (e: Entry): Promise<void> => {
    try {
      const result = await options.pipeline.ingest(e.readings, {
        source,
        importId,
        quarantine: e.quarantine,
      });
      count(1, e.readings.length, e.quarantine.length, result);
      e.resolve();
      return;
    } catch (err) {
      try {
        const rows = [...e.quarantine, ...e.readings.map((r) => failedReading(r, err, importId, source))];
        await options.pipeline.ingest([], { source, importId, quarantine: rows });
        count(1, 0, rows.length);
        e.resolve();
      } catch (fatal) {
        options.logger.error({ err: fatal }, 'mqtt message could not be stored; not acknowledged');
        e.reject(fatal);
      }
    }
  };

  const run = async (): Promise<void> => {
    if (writing !== undefined || pending.length === 0) return;
    const batch = pending;
    pending = [];
    pendingReadings = 0;
    writing = write(batch);
    await writing;
    writing = undefined;
    schedule();
  };

  return {
    stats,
    submit(readings, quarantine) {
      return new Promise<void>((resolve, reject) => {
        pending.push({ readings, quarantine, resolve, reject });
        pendingReadings += readings.length;
        if (pendingReadings >= maxBatch && timer !== undefined && writing === undefined) {
          clearTimeout(timer as ReturnType<typeof setTimeout>);
          timer = undefined;
        }
        schedule();
      });
    },
    async flush() {
      while (writing !== undefined || pending.length > 0) {
        if (timer !== undefined) {
          clearTimeout(timer as ReturnType<typeof setTimeout>);
          clearImmediate(timer as ReturnType<typeof setImmediate>);
          timer = undefined;
        }
        if (writing !== undefined) await writing;
        else await run();
      }
    },
  };
}

/** The quarantine row of a reading whose message could not be stored. */
function failedReading(
  r: RawReading,
  err: unknown,
  importId: number | null,
  source: string,
): QuarantineInput {
  const read = <T>(f: () => T, fallback: T): T => {
    try {
      return f();
    } catch {
      return fallback;
    }
  };
  const location = read(() => String(r.location), '(unknown)');
  const message = read(() => (err instanceof Error ? err.message : String(err)), 'unknown error');
  return {
    importId,
    source,
    location,
    raw: read(() => String(r.raw), ''),
    reasons: [
      { code: 'INGEST_BAD_ROW', message: `${location}: could not be stored: ${message}`, where: location },
    ],
    seriesId: null,
    ts: Date.now(),
  };
}
