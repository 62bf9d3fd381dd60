/**
 * CSV import throughput: a generated long-layout CSV (`ts,series,value`, 10 series at 1 s) imported
 * through `importFile` (parse, validate, clean, flag, write with rollups) into a fresh SQLite file,
 * against a raw better-sqlite3 bulk insert of the same rows (one prepared INSERT in one transaction
 * into a plain table shaped like `points`) in the same run. Also the peak RSS while importing.
 *
 * Sizes: `XINZHI_BENCH_CSV_ROWS` (default 1,000,000) and, for the memory row,
 * `XINZHI_BENCH_CSV_BIG_MB` (default 200; 0 skips it).
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { silentLogger, systemClock } from '../../src/core/index.js';
import { createIngestPipeline, importFile } from '../../src/ingest/index.js';
import { openSqliteStore } from '../../src/store/sqlite/index.js';
import type { BenchRow } from '../lib/table.js';

const SERIES = 10;
const T0 = Date.UTC(2024, 0, 1);

/** Writes `rows` CSV lines; returns the file size. Values are noisy sines so the cleaning does real work. */
async function writeCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  const write = (s: string): Promise<void> =>
    new Promise((res) => {
      if (out.write(s)) res();
      else out.once('drain', () => res());
    });
  await write('ts,series,value\n');
  const chunk = 10_000;
  for (let i = 0; i < rows; i += chunk) {
    let s = '';
    for (let j = i; j < Math.min(rows, i + chunk); j++) {
      const k = j % SERIES;
      const t = T0 + Math.floor(j / SERIES) * 1000;
      s += `${t},bench/line1/m${k}/temp,${(50 + 10 * Math.sin(j / 5000) + ((j * 7919) % 100) / 100).toFixed(2)}\n`;
    }
    await write(s);
  }
  await new Promise<void>((res) => out.end(res));
  return statSync(path).size;
}

async function importPointsPerSecond(
  path: string,
  db: string,
  parallel?: boolean,
): Promise<{ pps: number; cpuPps: number; accepted: number; peakRss: number }> {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const store = await openSqliteStore(db, { synchronous: 'normal' });
  const pipeline = createIngestPipeline({ store, clock: systemClock, logger: silentLogger });
  let peakRss = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  const r = await importFile(
    path,
    {
      onProgress: () => {
        peakRss = Math.max(peakRss, process.memoryUsage().rss);
      },
      ...(parallel === undefined ? {} : { parallel }),
    },
    { store, pipeline, clock: systemClock, logger: silentLogger },
  );
  const s = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  await store.close();
  return { pps: r.accepted / s, cpuPps: r.accepted / cpu, accepted: r.accepted, peakRss };
}

/** CPU seconds (user + system, every thread of the process) of a `process.cpuUsage` delta. */
const cpuSeconds = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

/** The baseline: the same rows, already in memory, bulk-inserted with one prepared statement. */
function rawInsertPointsPerSecond(db: string, rows: number): { pps: number; cpuPps: number } {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) rmSync(f, { force: true });
  const d = new Database(db);
  d.pragma('journal_mode = WAL');
  d.pragma('synchronous = NORMAL');
  d.exec(
    'CREATE TABLE points (series_key INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL, quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts)) WITHOUT ROWID',
  );
  const keys = new Int32Array(rows);
  const ts = new Float64Array(rows);
  const vs = new Float64Array(rows);
  for (let j = 0; j < rows; j++) {
    keys[j] = j % SERIES;
    ts[j] = T0 + Math.floor(j / SERIES) * 1000;
    vs[j] = Number((50 + 10 * Math.sin(j / 5000) + ((j * 7919) % 100) / 100).toFixed(2));
  }
  const ins = d.prepare('INSERT INTO points (series_key, ts, value, quality) VALUES (?, ?, ?, 0)');
  const cpu0 = process.cpuUsage();
  const t = performance.now();
  d.transaction(() => {
    for (let j = 0; j < rows; j++) ins.run(keys[j], ts[j], vs[j]);
  })();
  const s = (performance.now() - t) / 1000;
  const cpu = cpuSeconds(process.cpuUsage(cpu0));
  d.close();
  return { pps: rows / s, cpuPps: rows / cpu };
}

export async function measureCsvImport(): Promise<BenchRow[]> {
  const rows = Number(process.env['XINZHI_BENCH_CSV_ROWS'] ?? 1_000_000);
  const bigMb = Number(process.env['XINZHI_BENCH_CSV_BIG_MB'] ?? 200);
  // Best of a few alternating runs: the machines are shared, and contention only ever slows a run.
  const repeats = Math.max(1, Number(process.env['XINZHI_BENCH_REPEATS'] ?? 2));
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-bench-csv-'));
  try {
    const csv = join(dir, 'points.csv');
    await writeCsv(csv, rows);
    let raw = 0;
    let rawCpu = 0;
    let par = { pps: 0, cpuPps: 0, accepted: 0, peakRss: 0 };
    let one = { pps: 0, cpuPps: 0, accepted: 0, peakRss: 0 };
    for (let i = 0; i < repeats; i++) {
      const b = rawInsertPointsPerSecond(join(dir, 'raw.db'), rows);
      raw = Math.max(raw, b.pps);
      rawCpu = Math.max(rawCpu, b.cpuPps);
      const p = await importPointsPerSecond(csv, join(dir, 'import.db'), true);
      if (p.pps > par.pps) par = p;
      const o = await importPointsPerSecond(csv, join(dir, 'import.db'), false);
      if (o.pps > one.pps) one = o;
    }
    const what = 'parsing, validation, units, dedup, stuck/gap/Hampel flags, 1 min/1 h rollups';
    const out: BenchRow[] = [
      {
        name: `CSV import (${rows.toLocaleString('en-US')} rows, importFile → SQLite, parsing worker)`,
        value: par.pps,
        unit: 'points/s',
        baseline: { name: 'raw better-sqlite3 bulk insert', value: raw },
        ratio: par.pps / raw,
        goal: '≥ 0.6× raw insert',
        pass: par.pps / raw >= 0.6 && par.accepted === rows,
        notes: `accepted ${par.accepted} of ${rows}; includes ${what}; the default for files ≥ 8 MB when a core is idle; best of ${repeats}`,
      },
      {
        name: 'CSV import, one thread',
        value: one.pps,
        unit: 'points/s',
        baseline: { name: 'raw better-sqlite3 bulk insert', value: raw },
        ratio: one.pps / raw,
        goal: '≥ 0.6× raw insert',
        pass: one.pps / raw >= 0.6 && one.accepted === rows,
        notes: `accepted ${one.accepted} of ${rows}; same work on the main thread only; best of ${repeats}`,
      },
      {
        // Wall-clock ratios swing with whatever else the machine runs; CPU time much less so.
        name: 'CSV import, one thread, per CPU second',
        value: one.cpuPps,
        unit: 'points/CPU-s',
        baseline: { name: 'raw better-sqlite3 bulk insert', value: rawCpu },
        ratio: one.cpuPps / rawCpu,
        goal: '≥ 0.6× raw insert',
        pass: one.cpuPps / rawCpu >= 0.6 && one.accepted === rows,
        notes: 'user + system CPU time of the process: the figure to trust on a busy machine',
      },
    ];
    if (bigMb > 0) {
      // Constant memory: the peak RSS while importing the big file, against the peak while
      // importing a file 8× smaller, in the same process; a streaming import keeps them equal.
      rmSync(csv);
      const peakOf = async (mb: number, tag: string) => {
        const path = join(dir, `${tag}.csv`);
        const size = await writeCsv(path, Math.round((mb * 1024 * 1024) / 40));
        const r = await importPointsPerSecond(path, join(dir, `${tag}.db`));
        rmSync(path);
        return { ...r, size };
      };
      const small = await peakOf(bigMb / 8, 'small');
      const big = await peakOf(bigMb, 'big');
      const mib = (x: number): number => x / 1024 / 1024;
      out.push({
        name: `peak RSS importing a ${mib(big.size).toFixed(0)} MB CSV`,
        value: mib(big.peakRss),
        unit: 'MiB',
        baseline: {
          name: `peak RSS importing a ${mib(small.size).toFixed(0)} MB CSV`,
          value: mib(small.peakRss),
        },
        ratio: big.peakRss / small.peakRss,
        goal: 'constant memory: ≤ 1.25× the peak for an 8× smaller file',
        pass: big.peakRss <= 1.25 * small.peakRss,
        notes: `${big.accepted.toLocaleString('en-US')} points at ${Math.round(big.pps).toLocaleString('en-US')}/s`,
      });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
