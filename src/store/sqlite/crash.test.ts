import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-crash-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = fileURLToPath(new URL('./crash-writer.fixture.ts', import.meta.url));

/** Runs the writer, SIGKILLs it after `killAfter` acknowledged points, returns the last ack seen. */
function runAndKill(db: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', fixture, db], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let acked = 0;
    let buf = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.stdout.on('data', (d: Buffer) => {
      buf += d.toString();
      const lines = buf.split('\n');
      buf = lines.pop() ?? '';
      for (const l of lines) acked = Math.max(acked, Number(l));
      if (acked >= killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(acked);
      else reject(new Error(`writer exited without being killed: ${err}`));
    });
  });
}

describe('SQLite durability under SIGKILL', () => {
  it('keeps every acknowledged point and exact rollups after the writer is killed mid-stream', async () => {
    const db = join(dir, 'crash.db');
    const acked = await runAndKill(db, 5000);
    const store = await openSqliteStore(db);
    const stats = await store.pointStats('crash/m/v');
    expect(stats.count).toBeGreaterThanOrEqual(acked);
    // Whatever was committed is whole: rollups agree with the raw points.
    const T0 = Date.UTC(2024, 0, 1);
    const range = { from: T0, to: T0 + 24 * 3_600_000, bucketMs: 3_600_000 };
    const fromRollups = await store.queryBuckets('crash/m/v', range);
    const fromRaw = await store.queryBuckets('crash/m/v', { ...range, source: 'raw' });
    expect(fromRollups.source).toBe('1h');
    expect(fromRollups.buckets.map((b) => [b.ts, b.count, b.min, b.max, b.last])).toEqual(
      fromRaw.buckets.map((b) => [b.ts, b.count, b.min, b.max, b.last]),
    );
    expect(stats.count % 500).toBe(0);
    await store.close();
  });
});
