import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type ImportFileOptions, importFile } from './import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 1);
const clock = manualClock(T0 + 365 * 86_400_000);
let store: Store;
let n = 0;
const file = (name: string, text: string): string => {
  const sub = join(dir, String(n++));
  mkdirSync(sub);
  const p = join(sub, name);
  writeFileSync(p, text);
  return p;
};
const run = (path: string, o: ImportFileOptions = {}, s: Store = store) =>
  importFile(path, o, {
    store: s,
    clock,
    logger: silentLogger,
    pipeline: createIngestPipeline({ store: s, clock, logger: silentLogger, options: { batchSize: 4 } }),
  });

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('importFile', () => {
  it('imports a long CSV, quarantines bad rows with file:line, and records the import', async () => {
    const p = file(
      'plant.csv',
      'timestamp,series,value,unit\n2024-01-01T00:00:00Z,p1/m1/temp,20,Cel\n2024-01-01T00:00:01Z,p1/m1/temp,oops,Cel\n2024-01-01T00:00:02Z,p1/m1/temp,70,[degF]\nbroken\n2024-01-01T00:00:03Z,p1/m1/temp,21,Cel\n',
    );
    const r = await run(p);
    expect(r).toMatchObject({ accepted: 3, quarantined: 2, duplicates: 0, series: ['p1/m1/temp'], rows: 5 });
    expect(r.quarantine.map((q) => q.location).sort()).toEqual([
      expect.stringMatching(/plant\.csv:3$/),
      expect.stringMatching(/plant\.csv:5$/),
    ]);
    expect(await store.getImport(r.import_id)).toMatchObject({ status: 'done', accepted: 3, quarantined: 2 });
    expect(await store.listQuarantine({ importId: r.import_id })).toHaveLength(2);
  });

  it('imports a wide CSV in a time zone with header units', async () => {
    const p = file(
      'wide.csv',
      'Zeit;Temp [°C];Druck [psi]\n01.07.2024 08:00;21,5;14,7\n01.07.2024 08:01;21,7;\n',
    );
    const r = await run(p, { asset: 'werk/linie1', timeZone: 'Europe/Berlin' });
    expect(r).toMatchObject({
      accepted: 3,
      quarantined: 0,
      series: ['werk/linie1/Druck', 'werk/linie1/Temp'],
    });
    const pts = await store.queryPoints('werk/linie1/Temp', { from: 0, to: Number.MAX_SAFE_INTEGER });
    expect(pts.map((x) => [new Date(x.ts).toISOString(), x.value])).toEqual([
      ['2024-07-01T06:00:00.000Z', 21.5],
      ['2024-07-01T06:01:00.000Z', 21.7],
    ]);
    expect((await store.getSeries('werk/linie1/Druck'))?.unit).toBe('[psi]');
  });

  it('imports NDJSON and JSON arrays; malformed lines are quarantined with their line', async () => {
    const nd = file(
      'r.ndjson',
      '{"series":"a/b/t","ts":1704067200000,"value":1,"unit":"Cel"}\n{not json\n\n{"asset":"a/b","metric":"t","ts":"2024-01-01T00:00:01Z","value":2}\n[1,2]\n',
    );
    const r = await run(nd);
    expect(r).toMatchObject({ accepted: 2, quarantined: 3 });
    expect(r.quarantine.map((q) => q.location).sort()).toEqual([
      'r.ndjson:2',
      'r.ndjson:5[0]',
      'r.ndjson:5[1]',
    ]);
    const js = file(
      'r.json',
      JSON.stringify([
        { series: 'a/b/t', ts: 1704067202, value: 3 },
        { series: 'a/b/t', ts: 'x', value: 3 },
      ]),
    );
    expect(await run(js)).toMatchObject({
      accepted: 1,
      quarantined: 1,
      quarantine: [{ location: 'r.json[1]' }],
    });
    await expect(run(file('bad.json', '{"a": '))).rejects.toThrow(/bad\.json: not valid JSON/);
  });

  it('strict mode aborts naming the first bad row and writes nothing from the file', async () => {
    const p = file(
      's.csv',
      'ts,series,value\n1704067200,a/b/c,1\n1704067201,a/b/c,2\n1704067202,a/b/c,x\n1704067203,a/b/c,4\n1704067204,a/b/c,5\n1704067205,a/b/c,6\n',
    );
    await expect(run(p, { strict: true })).rejects.toMatchObject({
      code: 'INGEST_STRICT_ABORT',
      field: expect.stringMatching(/s\.csv:4$/),
    });
    expect(await store.getSeries('a/b/c')).toBeUndefined();
    expect(await store.listQuarantine({})).toHaveLength(0);
    const imports = await store.listImports(5);
    expect(imports[0]).toMatchObject({ status: 'aborted' });
    const ok = file('ok.csv', 'ts,series,value\n1704067200,a/b/c,1\n1704067201,a/b/c,2\n');
    expect(await run(ok, { strict: true })).toMatchObject({ accepted: 2 });
  });

  it('reports progress up to the file size', async () => {
    const body = Array.from({ length: 50 }, (_, i) => `${1704067200 + i},a/b/p,${i}`).join('\n');
    const p = file('p.csv', `ts,series,value\n${body}\n`);
    const seen: number[] = [];
    await run(p, { onProgress: (x) => seen.push(x.bytesRead / x.totalBytes) });
    expect(seen.at(-1)).toBe(1);
    expect(seen.every((x, i) => x > 0 && x >= (seen[i - 1] ?? 0))).toBe(true);
  });

  it('parses in a worker thread with the same outcome as inline (CSV and NDJSON)', async () => {
    const lines = ['time;temp [°F];p (psi)'];
    for (let i = 0; i < 300; i++)
      lines.push(
        `2024-06-01 08:${String(i % 60).padStart(2, '0')}:${String(Math.floor(i / 60)).padStart(2, '0')};${i === 7 ? 'x' : (60 + (i % 9)).toString().replace('.', ',')};${14 + (i % 3)}`,
      );
    lines.splice(20, 0, 'broken;line;with;fields');
    const p = file('par.csv', `${lines.join('\n')}\n`);
    const nd = file(
      'par.ndjson',
      `${Array.from({ length: 50 }, (_, i) => (i === 3 ? '{oops' : JSON.stringify({ series: 'n/d/v', ts: 1704067200 + i, value: i }))).join('\n')}\n`,
    );
    const other = await openSqliteStore(':memory:');
    try {
      for (const [path, o] of [
        [p, { asset: 'w/x', timeZone: 'Asia/Shanghai' }],
        [nd, {}],
      ] as const) {
        const inline = await run(path, { ...o, parallel: false });
        const par = await run(path, { ...o, parallel: true, parallelWarmup: false }, other);
        const strip = (r: typeof inline) => ({
          ...r,
          import_id: 0,
          duration_ms: 0,
          quarantine: [...r.quarantine].sort((a, b) => a.location.localeCompare(b.location)),
        });
        expect(strip(par)).toEqual(strip(inline));
        for (const id of inline.series) {
          const range = { from: 0, to: Number.MAX_SAFE_INTEGER };
          expect(await other.queryPoints(id, range)).toEqual(await store.queryPoints(id, range));
        }
      }
      const q = await other.listQuarantine({});
      expect(q.map((x) => x.location).sort()).toEqual(['par.csv:21', 'par.csv:9', 'par.ndjson:4']);
      expect(q.find((x) => x.location === 'par.csv:9')?.raw).toBe('2024-06-01 08:07:00;x;15');
    } finally {
      await other.close();
    }
  });

  it('switching from inline reading to the worker mid-file changes nothing', async () => {
    const lines = ['ts,series,value'];
    for (let i = 0; i < 20_000; i++)
      lines.push(i % 997 === 5 ? `${1704067200 + i},s/w/v,oops` : `${1704067200 + i},s/w/v,${(i % 50) / 10}`);
    const p = file('switch.csv', `${lines.join('\n')}\n`);
    const opts = { store, clock, logger: silentLogger };
    const big = (s: Store) =>
      createIngestPipeline({ store: s, clock, logger: silentLogger, options: { batchSize: 500 } });
    const inline = await importFile(p, { parallel: false }, { ...opts, pipeline: big(store) });
    const other = await openSqliteStore(':memory:');
    try {
      const hybrid = await importFile(p, { parallel: true }, { ...opts, store: other, pipeline: big(other) });
      expect({ ...hybrid, import_id: 0, duration_ms: 0 }).toEqual({
        ...inline,
        import_id: 0,
        duration_ms: 0,
      });
      expect(hybrid.accepted).toBe(20_000 - 21);
      const range = { from: 0, to: Number.MAX_SAFE_INTEGER };
      expect(await other.queryPoints('s/w/v', range)).toEqual(await store.queryPoints('s/w/v', range));
    } finally {
      await other.close();
    }
  });

  it('a missing file is NOT_FOUND', async () => {
    await expect(run(join(dir, 'nope.csv'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('property: malformed lines never crash an import and every good row is kept', async () => {
    const good = fc.integer({ min: 0, max: 1000 }).map((v) => ({ good: true as const, v }));
    const bad = fc
      .oneof(
        fc.string({ maxLength: 30 }),
        fc.constantFrom(
          '"',
          ',,,,',
          'x,a/b/v,1',
          '1704067200,a/b/v,NaN',
          '\u0000\u0001',
          '1704067200,,1',
          '1e400,a/b/v,1',
        ),
      )
      .filter((s) => !s.includes('\n') && !s.includes('\r') && s.trim() !== '')
      .map((s) => ({ good: false as const, s }));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(good, bad), { minLength: 1, maxLength: 25 }), async (rows) => {
        const s = await openSqliteStore(':memory:');
        try {
          // Each good row gets its own second so none is a duplicate.
          const lines = rows.map((r, i) => (r.good ? `${1704067200 + i},a/b/v,${r.v}` : r.s));
          const p = file('prop.csv', `ts,series,value\n${lines.join('\n')}\n`);
          let result: Awaited<ReturnType<typeof run>>;
          try {
            result = await run(p, {}, s);
          } catch (e) {
            // Only a whole-file problem may throw, and it must say which file.
            expect(String(e)).toMatch(/prop\.csv/);
            return;
          }
          const goodTs = rows.flatMap((r, i) => (r.good ? [(1704067200 + i) * 1000] : []));
          const stored = (await s.getSeries('a/b/v'))
            ? await s.queryPoints('a/b/v', { from: 0, to: Number.MAX_SAFE_INTEGER })
            : [];
          for (const t of goodTs) expect(stored.some((x) => x.ts === t)).toBe(true);
          expect(result.accepted + result.quarantined + result.duplicates).toBeGreaterThanOrEqual(
            goodTs.length,
          );
          for (const q of result.quarantine) expect(q.location).toMatch(/prop\.csv:\d+/);
        } finally {
          await s.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('property: arbitrary JSON documents either import with located rejections or fail naming the file', async () => {
    const reading = fc.record({
      series: fc.oneof(fc.constant('j/s/v'), fc.string({ maxLength: 8 })),
      ts: fc.oneof(fc.integer({ min: 1_600_000_000, max: 1_700_000_000 }), fc.string({ maxLength: 8 })),
      value: fc.oneof(fc.double(), fc.string({ maxLength: 5 }), fc.constant(null)),
    });
    const doc = fc.oneof(fc.array(fc.oneof(reading, fc.jsonValue()), { maxLength: 12 }), fc.jsonValue());
    await fc.assert(
      fc.asyncProperty(doc, fc.boolean(), async (d, truncate) => {
        const s = await openSqliteStore(':memory:');
        try {
          const text = JSON.stringify(d) ?? 'null';
          const p = file('prop.json', truncate ? text.slice(0, Math.max(1, text.length - 1)) : text);
          try {
            const r = await run(p, {}, s);
            for (const q of r.quarantine) expect(q.location).toMatch(/^prop\.json(\[\d+\])?$/);
            const inner = (d as { readings?: unknown } | null)?.readings;
            const expected = Array.isArray(d) ? d.length : Array.isArray(inner) ? inner.length : 1;
            expect(r.accepted + r.quarantined + r.duplicates).toBe(expected);
          } catch (e) {
            expect(String(e)).toMatch(/prop\.json/);
          }
        } finally {
          await s.close();
        }
      }),
      { numRuns: 40 },
    );
  });

  it('property: arbitrary NDJSON lines never crash and each bad one is located', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.oneof(fc.json(), fc.string({ maxLength: 20 })), { maxLength: 15 }),
        async (ls) => {
          const s = await openSqliteStore(':memory:');
          try {
            const clean = ls.map((l) => l.replace(/[\r\n\u2028\u2029]/g, ' '));
            const r = await run(file('prop.ndjson', `${clean.join('\n')}\n`), {}, s);
            for (const q of r.quarantine) expect(q.location).toMatch(/^prop\.ndjson:\d+/);
            for (const q of r.quarantine) expect(q.reasons.length).toBeGreaterThan(0);
          } finally {
            await s.close();
          }
        },
      ),
      { numRuns: 30 },
    );
  });
});
