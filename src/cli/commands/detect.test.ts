import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const run = (...args: string[]) => runCli(args, { newline: false });

afterEach(() => {
  process.exitCode = 0;
});

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-detect-'));
function series(): string {
  const rows = ['timestamp,value'];
  for (let i = 0; i < 3000; i++) {
    const t = new Date(Date.UTC(2024, 0, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
    const v = i === 2500 ? 500 : 50 + 10 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 13) / 13;
    rows.push(`${t},${v}`);
  }
  return `${rows.join('\n')}\n`;
}

describe('xinzhi detect', () => {
  it('writes one output row per input row, in order, and flags the spike', async () => {
    const input = join(dir, 'in.csv');
    const outFile = join(dir, 'out.csv');
    writeFileSync(input, series());
    const r = await run('detect', input, '--out', outFile);
    expect(r.code).toBe(0);
    const lines = readFileSync(outFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,alert');
    expect(lines.length).toBe(3001);
    expect(lines[1]?.startsWith('2024-01-01 00:00:00,')).toBe(true);
    const alertRows = lines.slice(1).flatMap((l, i) => (l.endsWith(',1') ? [i] : []));
    expect(alertRows).toContain(2500);
  });
  it('--json prints exactly one JSON summary', async () => {
    const input = join(dir, 'in2.csv');
    writeFileSync(input, series());
    const r = await run('detect', input, '--json');
    const j = JSON.parse(r.out) as { rows: number; alerts: number };
    expect(j.rows).toBe(3000);
    expect(j.alerts).toBeGreaterThanOrEqual(1);
  });
  it('bad rows give exit code 2 naming every line', async () => {
    const input = join(dir, 'bad.csv');
    writeFileSync(input, 'timestamp,value\nsoon,1\n2024-01-01,abc\n');
    const r = await run('detect', input);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad\.csv:2/);
    expect(r.err).toMatch(/bad\.csv:3/);
  });
  it('a missing file gives exit code 3', async () => {
    expect((await run('detect', join(dir, 'nope.csv'))).code).toBe(3);
  });
});

describe('xinzhi detect --series (a stored series)', () => {
  const db = join(dir, 'plant.db');
  // A pump's export as people have it: local-looking times every 5 minutes, two sensors with
  // units in the header, a daily cycle, and one bearing-temperature spike on the ninth day.
  function pumpCsv(): string {
    const rows = ['timestamp,bearing_temp [Cel],vibration [mm/s]'];
    for (let i = 0; i < 288 * 10; i++) {
      const t = new Date(Date.UTC(2024, 5, 1) + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
      const temp =
        i === 288 * 9 + 100 ? 140 : 55 + 6 * Math.sin((2 * Math.PI * i) / 288) + ((i * 7919) % 11) / 22;
      rows.push(`${t},${temp.toFixed(2)},${(2.1 + ((i * 104729) % 7) / 70).toFixed(3)}`);
    }
    return `${rows.join('\n')}\n`;
  }
  const spikeTs = new Date(Date.UTC(2024, 5, 1) + (288 * 9 + 100) * 300_000).toISOString();

  it('imports a realistic file, then flags the spike in the stored series with ISO times', async () => {
    const csv = join(dir, 'pump1.csv');
    writeFileSync(csv, pumpCsv());
    expect((await run('import', csv, '--asset', 'plant/pump1', '--db', db, '--json')).code).toBe(0);
    const r = await run('detect', '--series', 'plant/pump1/bearing_temp', '--db', db, '--json');
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out);
    expect(j.series).toBe('plant/pump1/bearing_temp');
    expect(j.unit).toBe('Cel');
    expect(j.rows).toBe(2880);
    expect(j.from).toBe('2024-06-01T00:00:00.000Z');
    expect(j.alertRows.map((a: { timestamp: string }) => a.timestamp)).toContain(spikeTs);
    const spike = j.alertRows.find((a: { timestamp: string }) => a.timestamp === spikeTs);
    expect(spike.value).toBe(140);
  });

  it('--from/--to restrict the rows; --out writes the same CSV layout as a file run', async () => {
    const outFile = join(dir, 'pump-out.csv');
    const r = await run(
      'detect',
      '--series',
      'plant/pump1/bearing_temp',
      '--from',
      '2024-06-09T00:00:00Z',
      '--to',
      '2024-06-10',
      '--db',
      db,
      '--out',
      outFile,
    );
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/series plant\/pump1\/bearing_temp: 288 rows/);
    const lines = readFileSync(outFile, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score,alert');
    expect(lines).toHaveLength(289);
    expect(lines[1]?.startsWith('2024-06-09T00:00:00.000Z,')).toBe(true);
    // Stdout without --out or --json is the CSV itself.
    const s = await run(
      'detect',
      '--series',
      'plant/pump1/vibration',
      '--from',
      '2024-06-10T23:00:00Z',
      '--db',
      db,
    );
    expect(s.out.split('\n')).toHaveLength(1 + 12);
  });

  it('usage errors: neither or both sources, store flags with a file, bad times (exit 2, one JSON)', async () => {
    const neither = await run('detect', '--db', db, '--json');
    expect(neither.code).toBe(2);
    expect(JSON.parse(neither.out).error.message).toMatch(/a CSV file or --series/);
    const both = await run('detect', join(dir, 'pump1.csv'), '--series', 'plant/pump1/vibration', '--json');
    expect(both.code).toBe(2);
    expect(JSON.parse(both.out).error.message).toMatch(/not both/);
    const fileFrom = await run('detect', join(dir, 'pump1.csv'), '--from', '2024-06-01');
    expect(fileFrom.code).toBe(2);
    expect(fileFrom.err).toMatch(/--from applies to --series/);
    const badTime = await run(
      'detect',
      '--series',
      'plant/pump1/vibration',
      '--from',
      'last tuesday',
      '--db',
      db,
    );
    expect(badTime.code).toBe(2);
    expect(badTime.err).toMatch(/--from 'last tuesday'/);
    const reversed = await run(
      'detect',
      '--series',
      'plant/pump1/vibration',
      '--from',
      '2024-06-05',
      '--to',
      '2024-06-04',
      '--db',
      db,
    );
    expect(reversed.code).toBe(2);
  });

  it('unknown series, an empty range and a mistyped --db are NOT_FOUND (exit 3), and no database is created', async () => {
    const unknown = await run('detect', '--series', 'plant/pump1/temp', '--db', db, '--json');
    expect(unknown.code).toBe(3);
    const e = JSON.parse(unknown.out).error;
    expect(e.code).toBe('NOT_FOUND');
    expect(e.message).toMatch(/no series 'plant\/pump1\/temp'.*xinzhi series list/);
    const empty = await run(
      'detect',
      '--series',
      'plant/pump1/vibration',
      '--from',
      '2030-01-01',
      '--db',
      db,
    );
    expect(empty.code).toBe(3);
    expect(empty.err).toMatch(/no points between 2030-01-01T00:00:00.000Z/);
    const typo = join(dir, 'plnat.db');
    const t = await run('detect', '--series', 'plant/pump1/vibration', '--db', typo, '--json');
    expect(t.code).toBe(3);
    expect(JSON.parse(t.out).error.field).toBe('--db');
    expect(existsSync(typo)).toBe(false);
  });
});
