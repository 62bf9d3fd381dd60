/**
 * One year of 10-second data for one series (3,153,600 points) written through `writePoints`,
 * then read as ~500 buckets from the rollups and, as the baseline, by the same aggregation over
 * the raw points (`source: 'raw'`) in the same run. Both reads must return identical buckets.
 * Also reports the write rate of that load against a raw better-sqlite3 insert of the same rows.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openSqliteStore, type PointWrite } from '../../src/store/index.js';
import type { BenchRow } from '../lib/table.js';
import { batchAt, STEP, timeRollupReads } from './rollup-load.js';

const YEAR = 365 * 86_400_000;

export interface ReadRollupsOptions {
  /** Points written (default one year of 10-second data: 3,153,600). */
  readonly points?: number;
  /** Timed reads from rollups (median taken; default 9) and over raw points (default 3). */
  readonly rollupRuns?: number;
  readonly rawRuns?: number;
  readonly batchSize?: number;
}

/** Raw better-sqlite3 insert of the same rows into the same table shape, same durability. */
function rawInsertRate(path: string, n: number, batchSize: number): number {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE points (series_key INTEGER NOT NULL, ts INTEGER NOT NULL, value REAL NOT NULL,
    quality INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (series_key, ts)) WITHOUT ROWID`);
  const insert = db.prepare('INSERT INTO points (series_key, ts, value, quality) VALUES (?, ?, ?, ?)');
  const tx = db.transaction((rows: readonly PointWrite[]) => {
    for (const r of rows) insert.run(1, r.ts, r.value, 0);
  });
  let ms = 0;
  for (let i = 0; i < n; i += batchSize) {
    const rows = batchAt(i, Math.min(batchSize, n - i));
    const t = performance.now();
    tx(rows);
    ms += performance.now() - t;
  }
  db.close();
  return n / (ms / 1000);
}

export async function measureReadRollups(opts: ReadRollupsOptions = {}): Promise<BenchRow[]> {
  const n = opts.points ?? YEAR / STEP;
  const batchSize = opts.batchSize ?? 10_000;
  const dir = mkdtempSync(join(tmpdir(), 'xinzhi-bench-rollups-'));
  try {
    const baselineRate = rawInsertRate(join(dir, 'raw.db'), n, batchSize);
    const store = await openSqliteStore(join(dir, 'store.db'));
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

      const { first, askedBucketMs, rollupMs, rawMs, same } = await timeRollupReads(
        store,
        n,
        opts.rollupRuns ?? 9,
        opts.rawRuns ?? 3,
      );
      const ratio = rawMs / rollupMs;
      const hours = first.bucketMs / 3_600_000;
      return [
        {
          name: `read ${n.toLocaleString('en-US')} points as ${first.buckets.length} buckets (rollups)`,
          value: rollupMs,
          unit: 'ms',
          baseline: { name: 'same aggregation over raw points', value: rawMs },
          ratio,
          goal: '< 50 ms and ≥ 20× faster than raw',
          pass: rollupMs < 50 && ratio >= 20 && same,
          notes: `source ${first.source}, buckets of ${hours} h (asked ${(askedBucketMs / 3_600_000).toFixed(2)} h, rounded up to whole hours); rollup and raw results ${same ? 'identical' : 'DIFFER'}; medians of ${opts.rollupRuns ?? 9} and ${opts.rawRuns ?? 3} runs`,
        },
        {
          name: `write ${n.toLocaleString('en-US')} points via writePoints (batches of ${batchSize.toLocaleString('en-US')})`,
          value: writeRate,
          unit: 'points/s',
          baseline: { name: 'raw better-sqlite3 insert, same rows', value: baselineRate },
          ratio: writeRate / baselineRate,
          goal: 'informational (includes 1 min + 1 h rollups, synchronous=FULL)',
          pass: true,
        },
      ];
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
