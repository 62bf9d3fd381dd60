/**
 * The PostgreSQL store under load, in a throwaway database on $XINZHI_BENCH_PG_URL (default
 * postgres://postgres@127.0.0.1:5432/test): `points` of 10-second data for one series written
 * through `writePoints` in batches (rollups included), against a raw text `COPY` of the same rows
 * in the same batches, one commit each, into a table of the same shape (monthly partitions, same
 * primary key): the goal's baseline. For comparison, the same with binary COPY, and a COPY per
 * tenth of the rows into an unpartitioned table. All interleaved batch by batch, so the machine's
 * load falls on each alike. Then the whole span read as ~500 buckets from the rollups and, as the
 * baseline, by the same aggregation over the raw points.
 */
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { openPostgresStore } from '../../src/store/index.js';
import { BinaryRows, copyIn } from '../../src/store/postgres/copy-in.js';
import { monthStart, nextMonth, partitionName } from '../../src/store/postgres/partitions.js';
import type { BenchRow } from '../lib/table.js';
import { createBenchDatabase } from './bench-db.js';
import { batchAt, STEP, T0, timeRollupReads, valueAt } from './rollup-load.js';

/** Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times (100 on every mainstream build). */
const CLOCK_TICKS = 100;

const COLUMNS = `(series_key INTEGER NOT NULL, ts BIGINT NOT NULL, value DOUBLE PRECISION NOT NULL,
  quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts))`;

/**
 * A baseline table of the shape of `points` (monthly RANGE partitions over the whole span, the
 * same primary key), made ahead so no DDL is timed.
 */
async function partitionedTable(c: pg.Client, name: string, from: number, to: number): Promise<void> {
  await c.query(`CREATE TABLE ${name} ${COLUMNS} PARTITION BY RANGE (ts)`);
  for (let m = monthStart(from); m < to; m = nextMonth(m))
    await c.query(
      `CREATE TABLE ${name}_${partitionName(m)} PARTITION OF ${name} FOR VALUES FROM (${m}) TO (${nextMonth(m)})`,
    );
}

/** A client of the bench database named `app`, so its server CPU can be told apart. */
async function client(url: string, app: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, application_name: app });
  await c.connect();
  return c;
}

/** One COPY in its own transaction (committed with synchronous_commit on, as the store's); ms. */
async function timedCopy(c: pg.Client, statement: string, data: string | Buffer): Promise<number> {
  const t = performance.now();
  await c.query('BEGIN');
  await copyIn(c, statement, data);
  await c.query('COMMIT');
  return performance.now() - t;
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
  const db = await createBenchDatabase();
  const { name, url } = db;
  const clients: pg.Client[] = [];
  try {
    const text = await client(url, 'copy-text');
    const binary = await client(url, 'copy-binary');
    const bulk = await client(url, 'copy-bulk');
    clients.push(text, binary, bulk);
    const store = await openPostgresStore(url, { maxConnections: 2 });
    try {
      await partitionedTable(text, 'text_points', T0, T0 + n * STEP);
      await partitionedTable(text, 'binary_points', T0, T0 + n * STEP);
      await text.query(`CREATE TABLE bulk_points ${COLUMNS}`);
      await store.upsertSeries({
        assetId: 'bench/area/line/m1',
        metric: 'temp',
        unit: 'Cel',
        expectedIntervalMs: STEP,
      });
      // Batch by batch, the store and the batched raw COPYs take turns (the order rotating), so
      // load from other jobs on the machine falls on all alike; after every tenth of the batches,
      // one COPY of that tenth's rows. Rows and COPY data are made before each timer starts; the
      // store's time includes everything writePoints does.
      const batches = Math.ceil(n / batchSize);
      const perSegment = Math.ceil(batches / 10);
      const ms = { store: 0, text: 0, binary: 0, bulk: 0 };
      let nodeCpu = 0;
      let segment = '';
      for (let b = 0; b < batches; b++) {
        const i = b * batchSize;
        const size = Math.min(batchSize, n - i);
        const rows = batchAt(i, size);
        let lines = '';
        const bin = new BinaryRows(size * (2 + 8 + 12 + 12 + 8));
        for (let j = i; j < i + size; j++) {
          lines += `1\t${T0 + j * STEP}\t${valueAt(j)}\t0\n`;
          bin.row(4);
          bin.int4(1);
          bin.int8(T0 + j * STEP);
          bin.float8(valueAt(j));
          bin.int4(0);
        }
        const data = bin.finish();
        segment += lines;
        const turns = [
          async (): Promise<void> => {
            const cpu = process.cpuUsage();
            const t = performance.now();
            await store.writePoints(rows);
            ms.store += performance.now() - t;
            const d = process.cpuUsage(cpu);
            nodeCpu += (d.user + d.system) / 1e6;
          },
          async (): Promise<void> => {
            ms.text += await timedCopy(text, 'COPY text_points FROM STDIN', lines);
          },
          async (): Promise<void> => {
            ms.binary += await timedCopy(binary, 'COPY binary_points FROM STDIN (FORMAT binary)', data);
          },
        ];
        for (let k = 0; k < turns.length; k++) await turns[(b + k) % turns.length]!();
        if ((b + 1) % perSegment === 0 || b === batches - 1) {
          ms.bulk += await timedCopy(bulk, 'COPY bulk_points FROM STDIN', segment);
          segment = '';
        }
      }
      const cpu = await serverCpu(text, name);
      const rate = (t: number): number => n / (t / 1000);
      const writeRate = rate(ms.store);
      const perBatch = (sec: number): string => `${((sec * 1000) / batches).toFixed(1)} ms`;
      const serverOf = (app: string): string => perBatch(cpu?.get(app) ?? 0);
      const cpuNote =
        cpu === undefined
          ? ''
          : `; CPU per batch: store ${perBatch(nodeCpu)} in Node + ${serverOf('xinzhi')} in the server, raw text COPY ${serverOf('copy-text')}, raw binary COPY ${serverOf('copy-binary')} in the server`;
      const { first, rollupMs, rawMs, same } = await timeRollupReads(store, n, 9, 3);
      const ratio = rawMs / rollupMs;
      const write = `write ${n.toLocaleString('en-US')} points via writePoints (batches of ${batchSize.toLocaleString('en-US')})`;
      const compare = (what: string, baseline: string, t: number, notes: string): BenchRow => ({
        name: `${write} vs ${what}`,
        value: writeRate,
        unit: 'points/s',
        baseline: { name: baseline, value: rate(t) },
        ratio: writeRate / rate(t),
        goal: '≥ 0.5× (for comparison)',
        pass: writeRate / rate(t) >= 0.5,
        notes,
      });
      return [
        {
          name: write,
          value: writeRate,
          unit: 'points/s',
          baseline: {
            name: 'raw text COPY of the same rows, same batches, one commit each, into a table of the same shape',
            value: rate(ms.text),
          },
          ratio: writeRate / rate(ms.text),
          goal: '≥ 0.5× raw COPY',
          pass: writeRate / rate(ms.text) >= 0.5,
          notes: `the store also keeps the 1 min and 1 h rollups and checks each point for duplicates; the COPY table is partitioned by month with the same primary key; every commit with synchronous_commit on; batches interleaved${cpuNote}`,
        },
        compare(
          'binary COPY',
          'raw binary COPY, same batches and table shape (the store sends its points so)',
          ms.binary,
          'binary COPY spares the server parsing numbers from text',
        ),
        compare(
          'bulk COPY',
          `raw text COPY in ${Math.ceil(batches / perSegment)} statements of ${Math.min(n, perSegment * batchSize).toLocaleString('en-US')} rows, one commit each, unpartitioned table`,
          ms.bulk,
          'the earlier baseline, made interleaved: far fewer commits and no partition routing',
        ),
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
    for (const c of clients) await c.end().catch(() => {});
    await db.drop();
  }
}
