/**
 * Rolling-origin forecast backtest: MSTL/ETS (augurs) against seasonal naive in the same run.
 *   npm run eval -- forecast [--json]
 * Series: three generated seasonal series (fixed seeds: hourly daily cycle with trend; 5-minute
 * daily + weekly cycle; daily weekly demand with promotions) and, when the NAB folder is present,
 * three NAB series (realKnownCause/ambient_temperature_system_failure, hourly;
 * realTraffic/speed_7578, ~5-min; artificialNoAnomaly/art_daily_small_noise, 5-min).
 * Horizon: one day of rows (24 hourly / 288 five-minute) or 14 days for daily data; 5 origins; 95 % intervals.
 */
import { backtest } from '../src/analytics/forecast/index.js';
import { loadFiles, nabRoot } from './nab/corpus.js';

interface Case {
  readonly name: string;
  readonly values: number[];
  readonly stepMs: number;
  readonly horizon: number;
}

const MIN = 60_000;
function rng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 16807) % 2147483647;
    return s / 2147483647;
  };
}

function generated(): Case[] {
  const r1 = rng(11);
  const hourly = Array.from(
    { length: 24 * 60 },
    (_, i) => 200 + 0.05 * i + 30 * Math.sin((2 * Math.PI * i) / 24) + 8 * (r1() - 0.5),
  );
  const r2 = rng(23);
  const fiveMin = Array.from({ length: 288 * 21 }, (_, i) => {
    const weekday = Math.floor(i / 288) % 7 < 5;
    return 50 + (weekday ? 15 : 3) * Math.max(0, Math.sin((2 * Math.PI * i) / 288)) + 2 * (r2() - 0.5);
  });
  const r3 = rng(37);
  const demand = Array.from({ length: 7 * 80 }, (_, i) => {
    const dow = i % 7;
    const base = 120 + 0.1 * i + (dow === 5 ? 40 : dow === 6 ? -30 : 0);
    return Math.max(0, base + (i % 28 === 3 ? 60 : 0) + 15 * (r3() - 0.5));
  });
  return [
    { name: 'generated hourly, daily cycle + trend', values: hourly, stepMs: 60 * MIN, horizon: 24 },
    { name: 'generated 5-min, daily + weekday cycle', values: fiveMin, stepMs: 5 * MIN, horizon: 288 },
    { name: 'generated daily demand, weekly + promos', values: demand, stepMs: 1440 * MIN, horizon: 14 },
  ];
}

function nabCases(): Case[] {
  const root = nabRoot();
  if (!root) return [];
  const files = loadFiles(root, [
    'realKnownCause/ambient_temperature_system_failure.csv',
    'realTraffic/speed_7578.csv',
    'artificialNoAnomaly/art_daily_small_noise.csv',
  ]);
  return files.map((f) => {
    const steps = [...f.timestamps.subarray(1).map((t, i) => t - (f.timestamps[i] ?? 0))].sort(
      (a, b) => a - b,
    );
    const stepMs = steps[steps.length >> 1] ?? 5 * MIN;
    return {
      name: `NAB ${f.name}`,
      values: [...f.values],
      stepMs,
      horizon: Math.max(1, Math.round(86_400_000 / stepMs)),
    };
  });
}

export async function run(args: string[]): Promise<void> {
  const level = 0.95;
  const rows = [...generated(), ...nabCases()].map((c) => {
    const t = performance.now();
    const r = backtest(c.values, { horizon: c.horizon, origins: 5, level, stepMs: c.stepMs });
    return { series: c.name, horizon: c.horizon, ...r, seconds: (performance.now() - t) / 1000 };
  });
  if (args.includes('--json')) {
    console.log(JSON.stringify({ evaluation: 'forecast', level, origins: 5, rows }, null, 2));
    return;
  }
  const body = rows.map((r) => [
    r.series,
    String(r.horizon),
    r.periods.join('+') || '—',
    r.model.mase.toFixed(3),
    r.seasonalNaive.mase.toFixed(3),
    `${(100 * r.model.coverage).toFixed(1)}%`,
    `${(100 * r.seasonalNaive.coverage).toFixed(1)}%`,
    r.seconds.toFixed(1),
  ]);
  const header = ['series', 'h', 'periods', 'MASE mstl', 'MASE snaive', 'cover mstl', 'cover snaive', 's'];
  const w = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (c: string[]): string =>
    c.map((x, i) => (i === 0 ? x.padEnd(w[i] ?? 0) : x.padStart(w[i] ?? 0))).join('  ');
  console.log(
    `\nRolling-origin backtest, 5 origins, ${level * 100} % intervals (MASE: lower is better; < 1 beats in-sample seasonal naive)\n`,
  );
  console.log(line(header));
  for (const b of body) console.log(line(b));
  const wins = rows.filter((r) => r.model.mase < r.seasonalNaive.mase).length;
  console.log(`\nMSTL/ETS beats seasonal naive on ${wins}/${rows.length} series`);
}
