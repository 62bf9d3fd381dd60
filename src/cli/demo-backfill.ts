/**
 * The demo's history written in bulk before `serve --demo` prints its URL, so every page is full on
 * first open: weeks of farm weather (FAO-56 water balance, degree days since the biofix), the
 * factory's day (OEE of the shift, the bearing's degradation and the other scripted faults) and the
 * fleet's rounds. The samples are the demo model's own (same seed, same physics, sampled coarser,
 * see `DemoHistory`) and go through the server's cleaning pipeline, in-process instead of over
 * MQTT: quality flags, gap and stuck events, unit conversion, the live alarm monitor and the RUL
 * feed see them exactly as they would see a device's readings.
 *
 * Restarting on a database that already holds demo data writes only what is newer than each
 * series' latest stored point, so history is never duplicated.
 */
import { SingleBar } from 'cli-progress';
import type { Demo, DemoPoint } from '../demo/index.js';
import { DATA_PREFIX } from '../demo/index.js';
import type { RawReading } from '../ingest/index.js';
import type { ServerHandle } from '../server/index.js';
import type { Store } from '../store/index.js';

export interface BackfillReport {
  /** Readings handed to the pipeline (already stored ones are skipped). */
  readonly points: number;
  /** Readings skipped because their series already held data at or after their time. */
  readonly skipped: number;
  readonly ms: number;
}

/** Simulated time per pipeline call: a day of farm weather, an hour or so of the factory. */
const CHUNK_MS = 3_600_000;

/**
 * Runs `demo.backfill` into the server's pipeline and waits until the live monitors have scored
 * every point. `progress` receives the fraction done (0…1) after each chunk.
 */
export async function backfillDemo(
  demo: Demo,
  handle: Pick<ServerHandle, 'pipeline' | 'monitoring'> & { readonly rul: Pick<ServerHandle['rul'], 'idle'> },
  store: Pick<Store, 'latest'>,
  from: number,
  until: number,
  progress?: (done: number) => void,
): Promise<BackfillReport> {
  const t0 = performance.now();
  const ids = demo.model.assets.flatMap((a) => Object.keys(a.metrics).map((m) => `${a.id}/${m}`));
  const have = new Map<string, number>();
  for (const [id, p] of await store.latest(ids)) have.set(id, p.ts);
  let points = 0;
  let skipped = 0;
  await demo.backfill(async (samples: Map<string, DemoPoint[]>, upTo: number) => {
    const readings: RawReading[] = [];
    for (const [topic, list] of samples) {
      const seriesId = topic.slice(DATA_PREFIX.length);
      const after = have.get(seriesId) ?? Number.NEGATIVE_INFINITY;
      for (const p of list) {
        if (p.ts <= after) {
          skipped++;
          continue;
        }
        readings.push({
          seriesId,
          ts: p.ts,
          value: p.value,
          unit: p.unit,
          location: topic,
          raw: JSON.stringify(p),
        });
      }
    }
    if (readings.length > 0) await handle.pipeline.ingest(readings, { source: 'demo', importId: null });
    points += readings.length;
    progress?.(until > from ? (upTo - from) / (until - from) : 1);
  }, CHUNK_MS);
  await handle.monitoring?.idle();
  await handle.rul.idle();
  return { points, skipped, ms: performance.now() - t0 };
}

/** A progress bar on stderr when it is a terminal (stdout stays the URL or the one JSON document). */
export function backfillProgress(): { update(done: number): void; stop(): void } {
  if (process.stderr.isTTY !== true) return { update() {}, stop() {} };
  const bar = new SingleBar({
    format: 'demo history  [{bar}] {percentage} %',
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
  });
  bar.start(100, 0);
  return {
    update: (done) => bar.update(Math.round(done * 100)),
    stop: () => bar.stop(),
  };
}
