/**
 * Issue 13 for file imports: a file cannot make the server do unbounded work (H2: 1M columns;
 * 1M blank lines; deep JSON), and a bad row in the middle of a file costs only that row (M4).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type ImportFileOptions, importFile } from './import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 1);
const clock = manualClock(T0 + 86_400_000);
let store: Store;
let n = 0;
const file = (name: string, text: string): string => {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, text);
  return p;
};
const run = (path: string, o: ImportFileOptions = {}) =>
  importFile(
    path,
    { parallel: false, ...o },
    {
      store,
      clock,
      logger: silentLogger,
      pipeline: createIngestPipeline({ store, clock, logger: silentLogger, options: { batchSize: 100 } }),
    },
  );

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('import limits', () => {
  it('H2: a header with 1M columns is refused before any work per column, naming the limit', async () => {
    const cols = Array.from({ length: 1_000_000 }, (_, i) => `c${i}`).join(',');
    const p = file('wide.csv', `ts,${cols}\n${T0},${'1,'.repeat(999_999)}1\n`);
    const err = await run(p, { asset: 'p1/m1' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'INGEST_LIMIT_EXCEEDED' });
    expect((err as Error).message).toContain('importColumns');
    expect(await store.listSeries()).toEqual([]);
  });

  it('caps the series one import may create; the rest are quarantined with their rows', async () => {
    const rows = Array.from({ length: 8 }, (_, i) => `${T0 + i},p1/m${i}/v,${i}`).join('\n');
    const r = await run(file('many.csv', `ts,series,value\n${rows}\n`), {
      limits: { ...DEFAULT_LIMITS, newSeriesPerImport: 5 },
    });
    expect(r.accepted).toBe(5);
    expect(r.quarantined).toBe(3);
    expect(r.quarantine[0]?.reasons[0]?.message).toContain('newSeriesPerImport');
    expect((await store.listSeries()).length).toBe(5);
  });

  it('1M blank lines neither overflow the stack nor count as rows', async () => {
    const p = file('blank.csv', `ts,series,value\n${'\n'.repeat(1_000_000)}${T0},p1/m1/v,1\n`);
    const r = await run(p);
    expect(r.accepted).toBe(1);
    const q = file('blank-head.csv', `${'\n'.repeat(1_000_000)}ts,series,value\n${T0},p1/m1/v,2\n`);
    expect((await run(q)).accepted).toBe(1);
  });

  it('M4: bad ids mid-file quarantine their rows, every good row before and after is stored', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 1000; i++)
      lines.push(`${T0 + i},p1/m1/${i === 500 ? '+' : i === 700 ? '<b>' : 'v'},${i}`);
    const r = await run(file('mid.csv', `ts,series,value\n${lines.join('\n')}\n`));
    expect(r.accepted).toBe(998);
    expect(r.quarantine.map((q) => q.location)).toEqual(
      ['mid.csv:502', 'mid.csv:702'].map((l) => `${n - 1}-${l}`),
    );
  });

  it('deep JSON: an NDJSON line is a row error, a JSON document a clear refusal', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const nd = await run(file('d.ndjson', `${deep}\n{"series":"p1/m1/v","ts":${T0},"value":1}\n`));
    expect(nd.accepted).toBe(1);
    expect(nd.quarantine[0]?.reasons[0]?.code).toBe('INGEST_LIMIT_EXCEEDED');
    const js = await run(file('d.json', deep)).catch((e: unknown) => e);
    expect(js).toMatchObject({ code: 'INGEST_LIMIT_EXCEEDED' });
  });
});
