/**
 * Detector throughput per core: `npm run bench -- detect [--json]`.
 * Runs the frozen detector over a generated 5-minute series (daily pattern + noise + occasional
 * spikes, 200k points, one series) and, in the same run, a plain EWMA mean/deviation pass over the
 * same data as the baseline. Goal: keep up with ingest (~100k points/s on this machine).
 */
import { StreamingDetector } from '../src/analytics/detect/index.js';
import { printRows } from './lib/table.js';

const N = 200_000;
const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);

function data(): Float64Array {
  const v = new Float64Array(N);
  let s = 12345;
  for (let i = 0; i < N; i++) {
    s = (s * 16807) % 2147483647;
    v[i] =
      50 + 10 * Math.sin((2 * Math.PI * i) / 288) + (s / 2147483647 - 0.5) + (i % 5000 === 4999 ? 30 : 0);
  }
  return v;
}

function timeIt(fn: () => number): { seconds: number; sink: number } {
  let best = Number.POSITIVE_INFINITY;
  let sink = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t = performance.now();
    sink += fn();
    best = Math.min(best, (performance.now() - t) / 1000);
  }
  return { seconds: best, sink };
}

export async function run(args: string[]): Promise<void> {
  const v = data();
  const detector = timeIt(() => {
    const d = new StreamingDetector();
    let alerts = 0;
    for (let i = 0; i < N; i++) if (d.update(T0 + i * STEP, v[i] ?? 0).alert) alerts++;
    return alerts;
  });
  const ewma = timeIt(() => {
    let m = v[0] ?? 0;
    let s = 0;
    let flagged = 0;
    for (let i = 0; i < N; i++) {
      const x = v[i] ?? 0;
      const e = x - m;
      if (i > 100 && Math.abs(e) > 4 * Math.sqrt(s)) flagged++;
      m += 0.05 * e;
      s += 0.05 * (e * e - s);
    }
    return flagged;
  });
  const rate = N / detector.seconds;
  const base = N / ewma.seconds;
  printRows(
    'detector throughput (one core, one series, best of 3)',
    [
      {
        name: 'StreamingDetector.update',
        value: rate,
        unit: 'points/s',
        baseline: { name: 'plain EWMA pass', value: base },
        ratio: rate / base,
        goal: '≥ 100,000 points/s (the ingest goal)',
        pass: rate >= 100_000,
        notes: `${N.toLocaleString('en-US')} points; ratio = detector / EWMA (the price of the models and likelihood)`,
      },
    ],
    args,
  );
}
