import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';
import { expectLine1Queries, LINE1_CSV } from './line1.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-ingest-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const cli = (...args: string[]) => runCli([...args, '--db', db]);
const json = async (...args: string[]) => {
  const r = await cli(...args, '--json');
  return { ...r, doc: JSON.parse(r.out) };
};

describe('xinzhi import / query / quality / quarantine / series', () => {
  const csv = join(dir, 'line1.csv');
  writeFileSync(csv, LINE1_CSV);

  it('imports and prints one JSON object with the contract fields', async () => {
    const { doc, code } = await json('import', csv, '--asset', 'plant/line1');
    expect(code).toBe(0);
    expect(doc).toMatchObject({
      accepted: 5,
      quarantined: 1,
      duplicates: 0,
      outliers: 0,
      series: ['plant/line1/speed', 'plant/line1/temp'],
      quarantine: [{ location: 'line1.csv:3', reasons: [{ code: 'INGEST_BAD_VALUE' }] }],
    });
    expect(typeof doc.import_id).toBe('number');
  });

  it('queries raw points and buckets', async () => {
    const { raw } = await expectLine1Queries(json);
    expect(raw.doc.unit).toBe('[degF]');
  });

  it('reports quality per series and per import', async () => {
    const s = await json('quality', '--series', 'plant/line1/temp');
    expect(s.doc).toMatchObject({ series: 'plant/line1/temp', accepted: 2, quarantined: 1 });
    expect(s.doc.score).toBeGreaterThan(0);
    const all = await json('quality');
    expect(all.doc.series).toHaveLength(2);
    const imp = await json('quality', '--import', '1');
    expect(imp.doc).toMatchObject({ import: 1, accepted: 5, quarantined: 1 });
  });

  it('lists, shows, resubmits and discards quarantined rows', async () => {
    const list = await json('quarantine', 'list');
    expect(list.doc.rows).toHaveLength(1);
    const id = String(list.doc.rows[0].id);
    const show = await cli('quarantine', 'show', id);
    expect(show.out).toMatch(/raw: {4}2024-06-01T08:01:00Z,bad,1510/);
    const still = await json('quarantine', 'resubmit', id);
    expect(still.code).toBe(2);
    expect(still.doc.error.code).toBe('INGEST_STRICT_ABORT');
    const ok = await json('quarantine', 'resubmit', id, '--value', '70');
    expect(ok.doc).toMatchObject({ accepted: 1, series: ['plant/line1/temp'] });
    expect((await json('quarantine', 'list')).doc.rows).toHaveLength(0);
    expect((await json('quarantine', 'discard', id)).code).toBe(5);
  });

  it('sets series limits that the next import enforces', async () => {
    const set = await json('series', 'set', 'plant/line1/speed', '--max', '1500', '--interval', '1m');
    expect(set.doc).toMatchObject({ maxValue: 1500, expectedIntervalMs: 60_000 });
    const more = join(dir, 'more.csv');
    writeFileSync(more, 'time,speed (rpm)\n2024-06-01T08:03:00Z,1499\n2024-06-01T08:04:00Z,1600\n');
    const r = await json('import', more, '--asset', 'plant/line1');
    expect(r.doc).toMatchObject({
      accepted: 1,
      quarantined: 1,
      quarantine: [{ reasons: [{ code: 'INGEST_OUT_OF_RANGE' }] }],
    });
    const list = await json('series', 'list');
    expect(list.doc.series.map((s: { id: string }) => s.id)).toEqual([
      'plant/line1/speed',
      'plant/line1/temp',
    ]);
  });

  it('strict import of a bad file writes nothing and exits 2 naming the row', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(
      bad,
      'ts,series,value\n2024-06-01T08:00:00Z,other/x/y,1\n2024-06-01T08:00:01Z,other/x/y,nope\n',
    );
    const r = await json('import', bad, '--strict');
    expect(r.code).toBe(2);
    expect(r.doc.error).toMatchObject({ code: 'INGEST_STRICT_ABORT', field: 'bad.csv:3' });
    expect((await json('series', 'list')).doc.series).toHaveLength(2);
  });

  it('gives clear errors for bad options and missing files', async () => {
    expect((await json('import', join(dir, 'missing.csv'))).doc.error.code).toBe('NOT_FOUND');
    expect((await json('import', csv, '--format', 'xml')).doc.error.field).toBe('--format');
    expect((await json('query', '--series', 'plant/line1/temp', '--bucket', 'often')).doc.error.field).toBe(
      'bucket',
    );
    expect((await json('series', 'set', 'plant/line1/temp', '--min', 'low')).doc.error.field).toBe('--min');
  });
});

describe('xinzhi import: files as people have them (issue 14)', () => {
  // A database of its own: the tests above count the series in theirs.
  const db2 = join(dir, 'real-files.db');
  const cli = (...args: string[]) => runCli([...args, '--db', db2]);
  const json = async (...args: string[]) => {
    const r = await cli(...args, '--json');
    return { ...r, doc: JSON.parse(r.out) };
  };
  const t = (i: number) => new Date(Date.UTC(2024, 5, 1, 8, i)).toISOString();

  it('timestamp,value: without --asset names the flag (exit 2), with it gives <asset>/value; no id used up', async () => {
    const f = join(dir, 'tag.csv');
    writeFileSync(f, `timestamp,value\n${t(0)},1\n${t(1)},2\n`);
    const fail = await json('import', f);
    expect(fail.code).toBe(2);
    expect(fail.doc.error.message).toMatch(/--asset/);
    const ok = await json('import', f, '--asset', 'tagx');
    expect(ok.doc).toMatchObject({ accepted: 2, series: ['tagx/value'], warnings: [] });
    const again = await cli('import', f, '--asset', 'tagx');
    expect(again.code).toBe(0);
    expect(again.out).toMatch(new RegExp(`same content .* as import ${ok.doc.import_id}.*--force`));
    const forced = await json('import', f, '--asset', 'tagx', '--force');
    expect(forced.doc).toMatchObject({ reimport_of: ok.doc.import_id, duplicates: 2 });
    expect(forced.doc.import_id).toBe(ok.doc.import_id + 1);
  });

  it('--encoding and --states; a text column is one warning line', async () => {
    const f = join(dir, 'shift.csv');
    writeFileSync(
      f,
      Buffer.from(
        `Zeit;Temp (°F);Zustand;Bediener\n${t(0)};70,5;RUN;Jürgen\n${t(1)};71,5;STOP;Jürgen\n`,
        'latin1',
      ),
    );
    const r = await cli('import', f, '--asset', 'm9', '--encoding', 'cp1252');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/encoding: windows-1252 \(given\)/);
    expect(r.out).toMatch(/warning: column "Zustand" is text \(RUN, STOP\)/);
    expect(r.out).toMatch(/warning: column "Bediener" is text/);
    const g = join(dir, 'shift2.csv');
    writeFileSync(g, `time,state\n${t(0)},RUN\n${t(1)},STOP\n`);
    const s = await json('import', g, '--asset', 'm9', '--states', 'RUN=1,STOP=0');
    expect(s.doc).toMatchObject({ accepted: 2, state_columns: ['state'] });
    expect((await json('import', g, '--states', 'RUN')).doc.error.field).toBe('--states');
    expect((await json('import', g, '--encoding', 'ebcdic')).doc.error.field).toBe('--encoding');
  });
});
