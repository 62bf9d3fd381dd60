/** What the connector benchmarks measure: CPU share of this process, stored readings per second, lag. */
import { performance } from 'node:perf_hooks';
import type { RawReading } from '../../src/ingest/index.js';
import type { IngestBatcher } from '../../src/ingest/mqtt/index.js';
import type { QuarantineInput } from '../../src/store/index.js';

export interface Window {
  readonly cpuShare: number;
  readonly stored: number;
  readonly perSecond: number;
  readonly lagP50: number;
  readonly lagP95: number;
}

/** A sink over the batcher that records, per committed reading, commit time − source time. */
export function lagSink(batcher: IngestBatcher) {
  let lags: number[] = [];
  let stored = 0;
  return {
    submit(readings: readonly RawReading[], quarantine: readonly QuarantineInput[]): Promise<void> {
      return batcher.submit(readings, quarantine).then(() => {
        const now = Date.now();
        stored += readings.length;
        for (const r of readings)
          if (typeof r.ts === 'number' && lags.length < 2_000_000) lags.push(now - r.ts);
      });
    },
    /** Starts a measurement window; its `end` gives the figures of the window. */
    window() {
      lags = [];
      const s0 = stored;
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      return {
        end(): Window {
          const wall = (performance.now() - t0) / 1000;
          const cpu = process.cpuUsage(cpu0);
          const sorted = lags.slice().sort((x, y) => x - y);
          const q = (p: number) =>
            sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? Number.NaN;
          return {
            cpuShare: (cpu.user + cpu.system) / 1e6 / wall,
            stored: stored - s0,
            perSecond: (stored - s0) / wall,
            lagP50: q(0.5),
            lagP95: q(0.95),
          };
        },
      };
    },
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** The baseline: `perTick` readings generated in-process every second straight into the sink. */
export async function directBaseline(
  sink: ReturnType<typeof lagSink>,
  perTick: number,
  seconds: number,
  prefix: string,
): Promise<Window> {
  let tick = 0;
  const fire = (): void => {
    const now = Date.now();
    const readings: RawReading[] = [];
    for (let i = 0; i < perTick; i++)
      readings.push({
        seriesId: `${prefix}/d${Math.floor(i / 100)}/v${i % 100}`,
        ts: now,
        value: i + tick / 1000,
        location: 'bench',
        raw: '',
      });
    tick++;
    void sink.submit(readings, []);
  };
  fire();
  const timer = setInterval(fire, 1000);
  await sleep(10_000); // warm-up: series created, states loaded
  const w = sink.window();
  await sleep(seconds * 1000);
  const out = w.end();
  clearInterval(timer);
  return out;
}
