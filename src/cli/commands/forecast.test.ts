import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
