/**
 * The PostgreSQL store under load, in a throwaway database on $XINZHI_BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test): `points` of 10-second data for one series written
 * through `writePoints` in batches (rollups included), against a raw `COPY` of the same rows (psql
 * `\copy`, one statement) into a table with the same primary key; then the whole span read as ~500
 * buckets from the rollups and, as the baseline, by the same aggregation over the raw points.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore, type PointWrite } from '../../src/store/index.js';
import type { BenchRow } from '../lib/table.js';

const STEP = 10_000;
const T0 = Date.UTC(2025, 0, 1);
const SERIES = 'bench/area/line/m1/temp';
const URL_BASE = process.env['XINZHI_BENCH_PG_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

const valueAt = (i: number): number => 60 + 15 * Math.sin((2 * Math.PI * i) / 8640) + ((i * 7919) % 101) / 50;
const median = (xs: readonly number[]): number =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

function batchAt(from: number, size: number): PointWrite[] {
  const out: PointWrite[] = new Array(size);
  for (let j = 0; j < size; j++)
    out[j] = { seriesId: SERIES, ts: T0 + (from + j) * STEP, value: valueAt(from + j) };
  return out;
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: URL_BASE });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** psql `\copy` of `n` rows into a plain table with the points' primary key; points/s. */
async function copyRate(url: string, n: number, dir: string): Promise<number> {
  const file = join(dir, 'rows.csv');
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) lines[i] = `1,${T0 + i * STEP},${valueAt(i)},0`;
  writeFileSync(file, `${lines.join('\n')}\n`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE raw_points (series_key INTEGER NOT NULL, ts BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL, quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts))`);
  await c.end();
  const t = performance.now();
  const r = spawnSync(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy raw_points FROM '${file}' (FORMAT csv)`],
    {
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr || r.error?.message}`);
  return n / (ms / 1000);
}

export async function measurePostgresStore(
  opts: { points?: number; batchSize?: number } = {},
): Promise<BenchRow[]> {
  const n = opts.points ?? (365 * 86_400_000) / STEP;
  const batchSize = opts.batchSize ?? 10_000;
  const name = `xinzhi_bench_${randomBytes(4).toString('hex')}`;
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-bench-pg-'));
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(URL_BASE);
  u.pathname = `/${name}`;
  const url = u.toString();
  try {
    const copy = await copyRate(url, n, dir);
    const store = await openPostgresStore(url, { maxConnections: 2 });
    try {
      await store.upsertSeries({
        assetId: 'bench/area/line/m1',
        metric: 'temp',
        unit: 'Cel',
        expectedIntervalMs: STEP,
      });
      let writeMs = 0;
      for (let i = 0; i < n; i += batchSize) {
        const rows = batchAt(i, Math.min(batchSize, n - i));
        const t = performance.now();
        await store.writePoints(rows);
        writeMs += performance.now() - t;
      }
      const writeRate = n / (writeMs / 1000);
      const span = n * STEP;
      const range = { from: T0, to: T0 + span, bucketMs: Math.round(span / 500) };
      const first = await store.queryBuckets(SERIES, range);
      const timed = async (raw: boolean, runs: number): Promise<number> => {
        const times: number[] = [];
        for (let r = 0; r < runs; r++) {
          const t = performance.now();
          await store.queryBuckets(
            SERIES,
            raw ? { ...range, bucketMs: first.bucketMs, source: 'raw' } : range,
          );
          times.push(performance.now() - t);
        }
        return median(times);
      };
      const rollupMs = await timed(false, 9);
      const rawMs = await timed(true, 3);
      const raw = await store.queryBuckets(SERIES, { ...range, bucketMs: first.bucketMs, source: 'raw' });
      const same =
        raw.buckets.length === first.buckets.length &&
        raw.buckets.every((b, i) => {
          const r = first.buckets[i];
          return (
            r !== undefined &&
            r.ts === b.ts &&
            r.count === b.count &&
            r.min === b.min &&
            r.max === b.max &&
            r.last === b.last &&
            Math.abs(r.avg - b.avg) <= 1e-9 * Math.abs(b.avg)
          );
        });
      const ratio = rawMs / rollupMs;
      return [
        {
          name: `write ${n.toLocaleString('en-US')} points via writePoints (batches of ${batchSize.toLocaleString('en-US')})`,
          value: writeRate,
          unit: 'points/s',
          baseline: { name: 'raw COPY of the same rows (psql \\copy, same primary key)', value: copy },
          ratio: writeRate / copy,
          goal: '≥ 0.5× raw COPY',
          pass: writeRate / copy >= 0.5,
          notes: 'the store also keeps the 1 min and 1 h rollups and checks each point for duplicates',
        },
        {
          name: `read ${n.toLocaleString('en-US')} points as ${first.buckets.length} buckets (rollups)`,
          value: rollupMs,
          unit: 'ms',
          baseline: { name: 'same aggregation over raw points', value: rawMs },
          ratio,
          goal: '< 100 ms and ≥ 20× faster than raw',
          pass: rollupMs < 100 && ratio >= 20 && same,
          notes: `source ${first.source}; rollup and raw results ${same ? 'identical' : 'DIFFER'}; medians of 9 and 3 runs`,
        },
      ];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
