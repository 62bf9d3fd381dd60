/**
 * Large batches through the pipeline in slices, yielding to the event loop between them: one
 * 300,000-reading HTTP batch used to hold the thread for seconds (one parse, one transaction),
 * during which `/health`, SSE and the control loops sampling on this thread all stood still.
 * Each slice is its own durable transaction; a strict batch is dry-run slice by slice first, so
 * it is still all or nothing.
 */
import type { IngestBatchResult, IngestContext, RawReading } from '../types.js';
import type { CleaningPipeline } from './create-ingest-pipeline.js';

const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Like `pipeline.ingest`, `slice` readings at a time (default 5,000), with the results added up. */
export async function ingestInSlices(
  pipeline: CleaningPipeline,
  readings: readonly RawReading[],
  ctx: IngestContext,
  slice = 5000,
): Promise<IngestBatchResult> {
  const size = Math.max(1, Math.floor(slice));
  if (readings.length <= size) return pipeline.ingest(readings, ctx);
  if (ctx.strict) {
    const dry = pipeline.dryRun();
    for (let i = 0; i < readings.length; i += size) {
      const rejections = await dry.check(readings.slice(i, i + size), { ...ctx, strict: false });
      if (rejections.length > 0) return pipeline.ingest(readings.slice(i, i + size), ctx);
      await yieldToLoop();
    }
  }
  let accepted = 0;
  let quarantined = 0;
  let duplicates = 0;
  let outliers = 0;
  const series = new Set<string>();
  const rejections: Array<IngestBatchResult['rejections'][number]> = [];
  for (let i = 0; i < readings.length; i += size) {
    // Rows quarantined before the pipeline ride with the first slice only.
    const part = i === 0 ? ctx : { ...ctx, quarantine: undefined };
    const r = await pipeline.ingest(readings.slice(i, i + size), part);
    accepted += r.accepted;
    quarantined += r.quarantined;
    duplicates += r.duplicates;
    outliers += r.outliers;
    for (const s of r.series) series.add(s);
    for (const x of r.rejections) rejections.push(x);
    if (i + size < readings.length) await yieldToLoop();
  }
  return { accepted, quarantined, duplicates, outliers, series: [...series].sort(), rejections };
}
