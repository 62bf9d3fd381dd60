import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-forecast-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

const cli = (...args: string[]) => runCli(args);

function hourlyCsv(header: string, n: number): string {
  const rows = [header];
  for (let i = 0; i < n; i++)
    rows.push(
      `${new Date(Date.UTC(2024, 0, 1) + i * 3_600_000).toISOString()},${(20 + 5 * Math.sin((2 * Math.PI * i) / 24) + (i % 7) * 0.1).toFixed(3)}`,
    );
  return `${rows.join('\n')}\n`;
}

describe('xinzhi forecast', () => {
  it('forecasts a CSV with intervals and timestamps after the last row', async () => {
    const f = join(dir, 'h.csv');
    writeFileSync(f, hourlyCsv('timestamp,value', 24 * 14));
    const r = await cli('forecast', f, '--horizon', '6', '--level', '0.9', '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.periods).toEqual([24]);
    expect(doc.forecast).toHaveLength(6);
    expect(doc.calibration).toMatchObject({
      method: 'adaptive-conformal',
      origins: 8,
      residuals: 48,
      gamma: 0.2,
    });
    expect(doc.forecast[0].ts).toBe(new Date(Date.UTC(2024, 0, 1) + 24 * 14 * 3_600_000).toISOString());
    for (const row of doc.forecast) expect(row.lower).toBeLessThan(row.upper);
  });
  it('reads a stored series through the store', async () => {
    const f = join(dir, 'imp.csv');
    writeFileSync(f, hourlyCsv('time,temp [Cel]', 24 * 10));
    expect((await cli('import', f, '--asset', 'farm/barn', '--db', db, '--json')).code).toBe(0);
    const r = await cli('forecast', '--series', 'farm/barn/temp', '--horizon', '3', '--db', db, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.out);
    expect(doc.points).toBe(240);
    expect(doc.forecast).toHaveLength(3);
    const text = await cli('forecast', '--series', 'farm/barn/temp', '--horizon', '3', '--db', db);
    expect(text.out).toMatch(
      /95 % intervals adaptive conformal on 8 past forecasts \(24 errors, model scaling; α [0-9.]+ after [0-9]+ replayed origins, γ 0.2\)/,
    );
  });
  it('names bad flags and missing series', async () => {
    expect((await cli('forecast', '--series', 'x', '--horizon', '0', '--db', db)).code).toBe(2);
    expect((await cli('forecast', '--series', 'nope/x', '--db', db)).code).toBe(3);
    const both = await cli('forecast', join(dir, 'h.csv'), '--series', 'a', '--db', db);
    expect(both.code).toBe(2);
    expect(both.err).toMatch(/either --series/);
    const neither = await cli('forecast', '--db', db);
    expect(neither.code).toBe(2);
    expect(neither.err).toMatch(/give a CSV file or --series <id>/);
    expect(neither.err).not.toMatch(/not both/);
  });

  it('forecasts a series stored by `xinzhi import` of a realistic meter export, with its unit', async () => {
    // Quarter-hourly power and temperature, naive local-looking times, units in the header.
    const rows = ['Zeit,Leistung [kW],Temperatur [Cel]'];
    for (let i = 0; i < 96 * 14; i++) {
      const t = new Date(Date.UTC(2024, 5, 1) + i * 900_000).toISOString().slice(0, 16).replace('T', ' ');
      const kw = 120 + 40 * Math.sin((2 * Math.PI * i) / 96) + ((i * 7919) % 17) / 4;
      rows.push(`${t},${kw.toFixed(2)},${(20 + ((i * 104729) % 9) / 10).toFixed(1)}`);
    }
    const f = join(dir, 'meter.csv');
    writeFileSync(f, `${rows.join('\n')}\n`);
    expect((await cli('import', f, '--asset', 'site/meter1', '--db', db, '--json')).code).toBe(0);
    const j = await cli(
      'forecast',
      '--series',
      'site/meter1/Leistung',
      '--horizon',
      '96',
      '--db',
      db,
      '--json',
    );
    expect(j.code).toBe(0);
    const doc = JSON.parse(j.out);
    expect(doc).toMatchObject({ unit: 'kW', points: 96 * 14, periods: [96], stepMs: 900_000 });
    expect(doc.forecast[0].ts).toBe('2024-06-15T00:00:00.000Z');
    // The daily swing is forecast: the peak a quarter-day ahead is well above the trough.
    const points = doc.forecast.map((r: { point: number }) => r.point);
    expect(Math.max(...points) - Math.min(...points)).toBeGreaterThan(50);
    const human = await cli('forecast', '--series', 'site/meter1/Leistung', '--horizon', '2', '--db', db);
    expect(human.out).toMatch(/^series site\/meter1\/Leistung \[kW\]: 1344 points, mstl-ets periods 96/);
    // A short --history drops the daily period rather than failing inside the model.
    const short = await cli(
      'forecast',
      '--series',
      'site/meter1/Leistung',
      '--history',
      '7',
      '--db',
      db,
      '--json',
    );
    expect(short.code).toBe(0);
    expect(JSON.parse(short.out).model).toBe('auto-ets');
    // Too short to calibrate: the model's own intervals, and the output says so.
    expect(JSON.parse(short.out).calibration).toMatchObject({ method: 'model', quantile: null });
    expect(JSON.parse(short.out).calibration.note).toMatch(/past forecast origin/);
  });
  it('too little history, an unknown series and a mistyped --db are clear errors', async () => {
    const f = join(dir, 'tiny.csv');
    writeFileSync(
      f,
      'timestamp,value\n2024-01-01T00:00:00Z,1\n2024-01-01T01:00:00Z,2\n2024-01-01T02:00:00Z,3\n',
    );
    expect((await cli('import', f, '--asset', 'site/tiny', '--db', db, '--json')).code).toBe(0);
    const tiny = await cli('forecast', '--series', 'site/tiny/value', '--db', db, '--json');
    expect(tiny.code).toBe(2);
    expect(JSON.parse(tiny.out).error.message).toBe(
      "series 'site/tiny/value' has 3 point(s); at least 7 are needed to forecast",
    );
    const tinyFile = await cli('forecast', f, '--json');
    expect(tinyFile.code).toBe(2);
    expect(JSON.parse(tinyFile.out).error.message).toMatch(/at least 7 points/);
    const hist = await cli('forecast', '--series', 'site/tiny/value', '--history', '5', '--db', db, '--json');
    expect(hist.code).toBe(2);
    expect(JSON.parse(hist.out).error.field).toBe('--history');
    const unknown = await cli('forecast', '--series', 'site/meter1/power', '--db', db, '--json');
    expect(unknown.code).toBe(3);
    expect(JSON.parse(unknown.out).error.message).toMatch(
      /no series 'site\/meter1\/power'.*xinzhi series list/,
    );
    const typo = join(dir, 'xx.db');
    const t = await cli('forecast', '--series', 'site/meter1/Leistung', '--db', typo, '--json');
    expect(t.code).toBe(3);
    expect(JSON.parse(t.out).error.field).toBe('--db');
    expect(existsSync(typo)).toBe(false);
  });
});
