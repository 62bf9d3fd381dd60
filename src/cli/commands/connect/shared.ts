/** What the `connect` subcommands share: flag parsing, the store and pipeline of a run, console output kept off stdout. */
import { format } from 'node:util';
import { createLogger, systemClock, XinzhiError } from '../../../core/index.js';
import { createIngestPipeline } from '../../../ingest/index.js';
import { createIngestBatcher, type IngestBatcher } from '../../../ingest/mqtt/index.js';
import type { Store } from '../../../store/index.js';
import { openStoreFromOptions } from '../../open-store.js';

export const int = (v: string | undefined, flag: string, min: number, max: number, dflt: number): number => {
  if (v === undefined) return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new XinzhiError('BAD_INPUT', `${flag} must be an integer from ${min} to ${max}`, { field: flag });
  return n;
};

export const num = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0)
    throw new XinzhiError('BAD_INPUT', `${flag} must be a number ≥ 0`, { field: flag });
  return n;
};

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A store, pipeline and group committer for the run; `finish` flushes, closes and returns the counts. */
export async function ingestRig(db: string | undefined, source: string) {
  const store: Store = await openStoreFromOptions({ db });
  const logger = createLogger(process.env['XINZHI_LOG_LEVEL'] ?? 'warn');
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger });
  const batcher: IngestBatcher = createIngestBatcher({ pipeline, logger, source });
  return {
    store,
    logger,
    batcher,
    async finish() {
      await batcher.flush();
      await store.close();
      const s = batcher.stats;
      return {
        accepted: s.accepted,
        quarantined: s.quarantined,
        duplicates: s.duplicates,
        outliers: s.outliers,
        series: [...s.series].sort(),
      };
    },
  };
}

/** node-opcua prints its warnings with console.log; keep stdout for the command's own output. */
export async function withConsoleOnStderr<T>(fn: () => Promise<T>): Promise<T> {
  const log = console.log;
  console.log = (...a: unknown[]) => process.stderr.write(`${format(...a)}\n`);
  try {
    return await fn();
  } finally {
    console.log = log;
  }
}
