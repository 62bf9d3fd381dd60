import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type ImportFileOptions, importFile } from './import-file.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-timefmt-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const clock = manualClock(Date.UTC(2025, 0, 1));
let store: Store;
let n = 0;
const H = 3_600_000;
/** 2024-06-01 08:00 as wall-clock time (read as UTC without --tz). */
const START = Date.UTC(2024, 5, 1, 8);
const HOURS = 72;
/** Every 5 hours: the rows span 15 days, so a day above 12 tells day from month. */
const STEP = 5 * H;

const file = (name: string, text: string): string => {
  const p = join(dir, `${n++}-${name}`);
  writeFileSync(p, text);
  return p;
};
const run = (path: string, o: ImportFileOptions = {}) =>
  importFile(
    path,
    { asset: 'p1/m1', ...o },
    {
      store,
      clock,
      logger: silentLogger,
      pipeline: createIngestPipeline({ store, clock, logger: silentLogger }),
    },
  );
const stored = async (id = 'p1/m1/temp') => store.queryPoints(id, { from: 0, to: Date.UTC(2030, 0, 1) });
const p2 = (x: number) => String(x).padStart(2, '0');
/** A realistic export: header, one row per hour, a temperature drifting around 60 °C. */
const csv = (header: string, cell: (t: Date, i: number) => string, step = STEP): string =>
  `${header}\r\n${Array.from({ length: HOURS }, (_, i) => {
    const t = new Date(START + i * step);
    return `${cell(t, i)},${(60 + Math.sin(i / 5) * 3).toFixed(2)}`;
  }).join('\r\n')}\r\n`;
const Y = (t: Date) => t.getUTCFullYear();
const M = (t: Date) => t.getUTCMonth() + 1;
const D = (t: Date) => t.getUTCDate();
const h = (t: Date) => t.getUTCHours();

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('time formats decided per column', () => {
  const cases: Array<[string, (t: Date) => string, string]> = [
    [
      '2024/06/01 08:00:00',
      (t) => `${Y(t)}/${p2(M(t))}/${p2(D(t))} ${p2(h(t))}:00:00`,
      'YYYY/MM/DD HH:mm:ss',
    ],
    ['2024-06-01 8:00', (t) => `${Y(t)}-${p2(M(t))}-${p2(D(t))} ${h(t)}:00`, 'YYYY-MM-DD H:mm'],
    [
      '6/1/2024 8:00 AM',
      (t) => `${M(t)}/${D(t)}/${Y(t)} ${h(t) % 12 || 12}:00 ${h(t) < 12 ? 'AM' : 'PM'}`,
      'MM/DD/YYYY h:mm A',
    ],
    ['20240601 080000', (t) => `${Y(t)}${p2(M(t))}${p2(D(t))} ${p2(h(t))}0000`, 'YYYYMMDD HHmmss'],
    ['01.06.2024 08:00', (t) => `${p2(D(t))}.${p2(M(t))}.${Y(t)} ${p2(h(t))}:00`, 'DD.MM.YYYY HH:mm'],
    ['ISO 8601 without zone', (t) => t.toISOString().slice(0, 19), 'ISO 8601'],
    ['epoch seconds', (t) => String(t.getTime() / 1000), 'epoch seconds'],
    ['epoch milliseconds', (t) => String(t.getTime()), 'epoch milliseconds'],
  ];
  for (const [name, cell, label] of cases) {
    it(`imports ${name}`, async () => {
      const r = await run(file('export.csv', csv('timestamp,temp', cell)));
      expect(r.quarantined).toBe(0);
      expect(r.accepted).toBe(HOURS);
      expect(r.time).toEqual({ column: 'timestamp', format: label });
      const pts = await stored();
      expect(pts.map((p) => p.ts)).toEqual(Array.from({ length: HOURS }, (_, i) => START + i * STEP));
    });
  }

  it('reads "6/1/2024 8:00 AM" as 1 June (a later row has day 13) and 12 AM as midnight', async () => {
    const text = 'Time,temp\n6/1/2024 12:00 AM,1\n6/1/2024 12:30 PM,2\n6/13/2024 8:00 PM,3\n';
    const r = await run(file('us.csv', text));
    expect(r.time?.format).toBe('MM/DD/YYYY h:mm A');
    expect((await stored()).map((p) => new Date(p.ts).toISOString())).toEqual([
      '2024-06-01T00:00:00.000Z',
      '2024-06-01T12:30:00.000Z',
      '2024-06-13T20:00:00.000Z',
    ]);
  });

  it('imports ISO 8601 with zones, keeping each offset', async () => {
    const text =
      'ts,temp\n2024-06-01T08:00:00+08:00,1\n2024-06-01T09:00:00+08:00,2\n2024-06-01T02:00:00Z,3\n';
    const r = await run(file('iso.csv', text), { timeZone: 'Europe/Berlin' });
    expect(r.time?.format).toBe('ISO 8601');
    expect((await stored()).map((p) => new Date(p.ts).toISOString())).toEqual([
      '2024-06-01T00:00:00.000Z',
      '2024-06-01T01:00:00.000Z',
      '2024-06-01T02:00:00.000Z',
    ]);
  });

  it('imports Excel serial days (45444.333 is 2024-06-01 07:59:31)', async () => {
    const rows = Array.from({ length: 24 }, (_, i) => `${(45444 + i / 24).toFixed(6)};${20 + i}`);
    const r = await run(file('excel.csv', `Datum;temp\n45444.333;19\n${rows.join('\n')}\n`));
    expect(r.time?.format).toBe('Excel serial days');
    expect(r.accepted).toBe(25);
    const pts = await stored();
    expect(new Date(pts[0]!.ts).toISOString()).toBe('2024-06-01T00:00:00.000Z');
    expect(pts.find((p) => p.value === 19)!.ts).toBe(Date.UTC(2024, 5, 1, 7, 59, 31));
  });

  it('reads local formats in --tz (Asia/Shanghai is UTC+8)', async () => {
    const r = await run(file('sh.csv', 'timestamp,temp\n2024/06/01 08:00:00,1\n2024/06/01 09:00:00,2\n'), {
      timeZone: 'Asia/Shanghai',
    });
    expect(r.accepted).toBe(2);
    expect((await stored()).map((p) => new Date(p.ts).toISOString())).toEqual([
      '2024-06-01T00:00:00.000Z',
      '2024-06-01T01:00:00.000Z',
    ]);
  });

  it('quarantines a cell that does not fit the column format instead of guessing another one', async () => {
    const text =
      'timestamp,temp\n2024/06/01 08:00:00,1\n1717228800,2\n2024/06/31 08:00:00,3\n2024/06/01 10:00:00,4\n' +
      '2024/06/01 11:00:00,5\n2024/06/01 12:00:00,6\n';
    const r = await run(file('mixed.csv', text));
    expect(r.time?.format).toBe('YYYY/MM/DD HH:mm:ss');
    expect(r.accepted).toBe(4);
    expect(r.quarantined).toBe(2);
    expect(r.quarantine.map((q) => q.location.replace(/^\d+-/, ''))).toEqual(['mixed.csv:3', 'mixed.csv:4']);
    expect(JSON.stringify(r.quarantine[0]!.reasons)).toMatch(/1717228800/);
  });

  it('works the same when a worker thread parses the file', async () => {
    const text = csv('timestamp,temp', (t) => `${p2(D(t))}.${p2(M(t))}.${Y(t)} ${p2(h(t))}:00`);
    const r = await run(file('worker.csv', text), { parallel: true, parallelWarmup: false });
    expect(r.accepted).toBe(HOURS);
    expect(r.time?.format).toBe('DD.MM.YYYY HH:mm');
    expect((await stored())[0]!.ts).toBe(START);
  });
});

describe('separate date and time columns', () => {
  it('merges them into one timestamp instead of putting every reading at midnight', async () => {
    const rows = Array.from({ length: 48 }, (_, i) => {
      const t = new Date(START + i * 1_800_000);
      return `${Y(t)}-${p2(M(t))}-${p2(D(t))},${p2(h(t))}:${p2(t.getUTCMinutes())}:00,${50 + i}`;
    });
    const r = await run(file('shift-log.csv', `Date,Time,temp\n${rows.join('\n')}\n`));
    expect(r.quarantined).toBe(0);
    expect(r.duplicates).toBe(0);
    expect(r.accepted).toBe(48);
    expect(r.series).toEqual(['p1/m1/temp']);
    expect(r.time).toEqual({ column: 'Date + Time', format: 'ISO 8601' });
    const pts = await stored();
    expect(pts.map((p) => p.ts)).toEqual(Array.from({ length: 48 }, (_, i) => START + i * 1_800_000));
  });

  it('leaves a full timestamp column beside a date column alone', async () => {
    const text = 'time,date,temp\n2024-06-01T08:00:00Z,2024-06-01,1\n2024-06-01T09:00:00Z,2024-06-01,2\n';
    const r = await run(file('both.csv', text), {
      mapping: { time: 'time', columns: { temp: 'p1/m1/temp' } },
    });
    expect(r.time).toEqual({ column: 'time', format: 'ISO 8601' });
    const auto = await run(file('both-auto.csv', text.replace(/T0/g, 'T1')));
    expect(auto.time?.column).toBe('time');
    expect(auto.accepted).toBe(2);
  });

  it('merges US dates with AM/PM times in a long file', async () => {
    const text = 'date,time,series,value\n6/14/2024,8:00 AM,p1/m1/temp,1\n6/14/2024,1:30 PM,p1/m1/temp,2\n';
    const r = await run(file('long.csv', text));
    expect(r.accepted).toBe(2);
    expect(r.time?.format).toBe('MM/DD/YYYY h:mm A');
    expect((await stored()).map((p) => new Date(p.ts).toISOString())).toEqual([
      '2024-06-14T08:00:00.000Z',
      '2024-06-14T13:30:00.000Z',
    ]);
  });
});

describe('ambiguous day and month', () => {
  // Three days of hourly rows from 3 April: no day above 12 in the whole file.
  const text = csv('timestamp,temp', (t) => `${p2(D(t) + 2)}/${p2(M(t) - 2)}/${Y(t)} ${p2(h(t))}:00`, H);

  it('asks for --time-format, listing both readings, before using an import id', async () => {
    const err = (await run(file('eu-or-us.csv', text)).then(
      () => new Error('imported'),
      (e: unknown) => e,
    )) as Error & { code: string };
    expect(err.code).toBe('BAD_INPUT');
    expect(err.message).toMatch(/column "timestamp": day and month cannot be told apart/);
    expect(err.message).toContain(
      '"03/04/2024 08:00" is 2024-04-03 read as DD/MM/YYYY HH:mm or 2024-03-04 read as MM/DD/YYYY HH:mm',
    );
    expect(err.message).toContain('--time-format "DD/MM/YYYY HH:mm"');
  });

  it('reads the file as told by --time-format', async () => {
    const dm = await run(file('eu.csv', text), { timeFormat: 'DD/MM/YYYY HH:mm' });
    expect(dm.accepted).toBe(HOURS);
    expect(dm.time?.format).toBe('DD/MM/YYYY HH:mm (given)');
    expect(new Date((await stored())[0]!.ts).toISOString()).toBe('2024-04-03T08:00:00.000Z');
  });

  it('refuses a --time-format it cannot read', async () => {
    await expect(run(file('x.csv', text), { timeFormat: 'whenever' })).rejects.toThrow(
      /--time-format "whenever"/,
    );
  });
});

describe('time zone of an import', () => {
  it('refuses --tz CST, naming the IANA zones meant', async () => {
    await expect(
      run(file('cst.csv', 'timestamp,temp\n2024-06-01 08:00,1\n'), { timeZone: 'CST' }),
    ).rejects.toThrow(/"CST" is an abbreviation.*Asia\/Shanghai, America\/Chicago/);
    expect(await store.listImports()).toEqual([]);
  });

  it('accepts a fixed offset', async () => {
    await run(file('off.csv', 'timestamp,temp\n2024-06-01 08:00,1\n'), { timeZone: '+05:30' });
    expect(new Date((await stored())[0]!.ts).toISOString()).toBe('2024-06-01T02:30:00.000Z');
  });
});
