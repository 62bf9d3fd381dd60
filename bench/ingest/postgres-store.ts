/**
 * The PostgreSQL store under load, in a throwaway database on $XINZHI_BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test): `points` of 10-second data for one series written
 * through `writePoints` in batches (rollups included), against a raw text `COPY` of the same rows
 * in the same batches, one commit each, into a table of the same shape (monthly partitions, same
 * primary key), the two interleaved batch by batch so the machine's load falls on both; and, for
 * comparison, against one psql `\copy` of all rows into an unpartitioned table. Then the whole span
 * read as ~500 buckets from the rollups and, as the baseline, by the same aggregation over the raw
 * points.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openPostgresStore, type PointWrite } from '../../src/store/index.js';
import { copyIn } from '../../src/store/postgres/copy-in.js';
import { monthStart, nextMonth, partitionName } from '../../src/store/postgres/partitions.js';
import type { BenchRow } from '../lib/table.js';

const STEP = 10_000;
const T0 = Date.UTC(2025, 0, 1);
const SERIES = 'bench/area/line/m1/temp';
/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times (100 on every mainstream build). */
const CLOCK_TICKS = 100;
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

async function admin(sql: string, url = URL_BASE): Promise<void> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** psql `\copy` of `n` rows in one statement into a plain table with the points' primary key; points/s. */
async function psqlCopyRate(url: string, n: number, dir: string): Promise<number> {
  const file = join(dir, 'rows.csv');
  const lines: string[] = new Array(n);
  for (let i = 0; i < n; i++) lines[i] = `1,${T0 + i * STEP},${valueAt(i)},0`;
  writeFileSync(file, `${lines.join('\n')}\n`);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`CREATE TABLE plain_points (series_key INTEGER NOT NULL, ts BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL, quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts))`);
  await c.end();
  const t = performance.now();
  const r = spawnSync(
    'psql',
    [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy plain_points FROM '${file}' (FORMAT csv)`],
    {
      encoding: 'utf8',
    },
  );
  const ms = performance.now() - t;
  if (r.status !== 0) throw new Error(`psql \\copy failed: ${r.stderr || r.error?.message}`);
  await admin(`DROP TABLE plain_points`, url);
  return n / (ms / 1000);
}

/**
 * The baseline table: the shape of `points` (monthly RANGE partitions over the whole span, the
 * same primary key), made ahead so no DDL is timed.
 */
async function rawTable(c: pg.Client, from: number, to: number): Promise<void> {
  await c.query(`CREATE TABLE raw_points (series_key INTEGER NOT NULL, ts BIGINT NOT NULL,
    value DOUBLE PRECISION NOT NULL, quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts))
    PARTITION BY RANGE (ts)`);
  for (let m = monthStart(from); m < to; m = nextMonth(m))
    await c.query(
      `CREATE TABLE raw_${partitionName(m)} PARTITION OF raw_points FOR VALUES FROM (${m}) TO (${nextMonth(m)})`,
    );
}

/** CPU seconds (user + system) of the server processes serving this database, by application name. */
async function serverCpu(c: pg.Client, db: string): Promise<Map<string, number> | undefined> {
  const r = await c.query<{ pid: number; app: string }>(
    'SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = $1',
    [db],
  );
  const out = new Map<string, number>();
  try {
    for (const { pid, app } of r.rows) {
      // Fields 14 and 15 of /proc/<pid>/stat, counted after the command name's closing parenthesis.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(app, (out.get(app) ?? 0) + (Number(f[11]) + Number(f[12])) / CLOCK_TICKS);
    }
  } catch {
    return undefined; // a server on another machine: no CPU figures
  }
  return out;
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
    const psqlRate = await psqlCopyRate(url, n, dir);
    const copier = new pg.Client({ connectionString: url, application_name: 'xinzhi-bench-copy' });
    await copier.connect();
    const store = await openPostgresStore(url, { maxConnections: 2 });
    try {
      await rawTable(copier, T0, T0 + n * STEP);
      await store.upsertSeries({
        assetId: 'bench/area/line/m1',
        metric: 'temp',
        unit: 'Cel',
        expectedIntervalMs: STEP,
      });
      // Batch by batch, the store and the raw COPY take turns (each going first every other
      // batch), so load from other jobs on the machine falls on both alike. Rows and COPY text are
      // made before each timer starts; the store's time includes everything writePoints does.
      let writeMs = 0;
      let copyMs = 0;
      let nodeCpu = 0;
      for (let i = 0, b = 0; i < n; i += batchSize, b++) {
        const size = Math.min(batchSize, n - i);
        const rows = batchAt(i, size);
        let text = '';
        for (let j = i; j < i + size; j++) text += `1\t${T0 + j * STEP}\t${valueAt(j)}\t0\n`;
        const viaStore = async (): Promise<void> => {
          const cpu = process.cpuUsage();
          const t = performance.now();
          await store.writePoints(rows);
          writeMs += performance.now() - t;
          const d = process.cpuUsage(cpu);
          nodeCpu += (d.user + d.system) / 1e6;
        };
        const viaCopy = async (): Promise<void> => {
          const t = performance.now();
          await copier.query('BEGIN');
          await copyIn(copier, 'COPY raw_points (series_key, ts, value, quality) FROM STDIN', text);
          await copier.query('COMMIT');
          copyMs += performance.now() - t;
        };
        if (b % 2 === 0) {
          await viaStore();
          await viaCopy();
        } else {
          await viaCopy();
          await viaStore();
        }
      }
      const cpu = await serverCpu(copier, name);
      const copy = n / (copyMs / 1000);
      const writeRate = n / (writeMs / 1000);
      const batches = Math.ceil(n / batchSize);
      const perBatch = (sec: number): string => `${((sec * 1000) / batches).toFixed(1)} ms`;
      const cpuNote =
        cpu === undefined
          ? ''
          : `; CPU per batch: store ${perBatch(nodeCpu)} in Node + ${perBatch(cpu.get('xinzhi') ?? 0)} in the server, raw COPY ${perBatch(cpu.get('xinzhi-bench-copy') ?? 0)} in the server`;
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
      const write = `write ${n.toLocaleString('en-US')} points via writePoints (batches of ${batchSize.toLocaleString('en-US')})`;
      return [
        {
          name: write,
          value: writeRate,
          unit: 'points/s',
          baseline: {
            name: 'raw text COPY of the same rows, same batches, one commit each, into a table of the same shape',
            value: copy,
          },
          ratio: writeRate / copy,
          goal: '≥ 0.5× raw COPY',
          pass: writeRate / copy >= 0.5,
          notes: `the store also keeps the 1 min and 1 h rollups and checks each point for duplicates; the COPY table is partitioned by month with the same primary key, both commit with synchronous_commit on, batches interleaved${cpuNote}`,
        },
        {
          name: `${write}, stricter baseline`,
          value: writeRate,
          unit: 'points/s',
          baseline: {
            name: 'psql \\copy of all rows in one statement, one commit, unpartitioned table',
            value: psqlRate,
          },
          ratio: writeRate / psqlRate,
          goal: '≥ 0.5× (for comparison)',
          pass: writeRate / psqlRate >= 0.5,
          notes:
            'the earlier baseline: one statement and one commit for all rows, no partitions, measured before the interleaved runs (not at the same moment)',
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
      await copier.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  }
}
