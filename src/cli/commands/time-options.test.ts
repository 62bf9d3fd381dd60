import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-time-'));
const db = join(dir, 'x.db');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});
const json = async (...args: string[]) => {
  const r = await runCli([...args, '--db', db, '--json']);
  return { ...r, doc: JSON.parse(r.out) };
};

describe('xinzhi import --time-format / query --tz', () => {
  // A Chinese plant's export: one reading per hour over two days, day-first dates with slashes.
  const csv = join(dir, 'line2.csv');
  const rows = Array.from({ length: 48 }, (_, i) => {
    const d = 1 + Math.floor(i / 24);
    return `0${d}/06/2024 ${String(i % 24).padStart(2, '0')}:00,${100 + i}`;
  });
  writeFileSync(csv, `timestamp,power\n${rows.join('\n')}\n`);

  it('asks for --time-format when day and month cannot be told apart, then imports as told', async () => {
    const ask = await json('import', csv, '--asset', 'plant/line2', '--tz', 'Asia/Shanghai');
    expect(ask.code).toBe(2);
    expect(ask.doc.error.message).toContain('--time-format "DD/MM/YYYY HH:mm"');
    const ok = await json(
      'import',
      csv,
      '--asset',
      'plant/line2',
      '--tz',
      'Asia/Shanghai',
      '--time-format',
      'DD/MM/YYYY HH:mm',
    );
    expect(ok.code).toBe(0);
    expect(ok.doc).toMatchObject({
      accepted: 48,
      quarantined: 0,
      time: { column: 'timestamp', format: 'DD/MM/YYYY HH:mm (given)' },
    });
  });

  it('refuses --tz CST on import and on query, exit 2, naming the IANA zones', async () => {
    const imp = await json(
      'import',
      csv,
      '--asset',
      'plant/line2',
      '--tz',
      'CST',
      '--time-format',
      'DD/MM/YYYY HH:mm',
    );
    expect(imp.code).toBe(2);
    expect(imp.doc.error.message).toMatch(/Asia\/Shanghai, America\/Chicago/);
    const q = await json('query', '--series', 'plant/line2/power', '--bucket', '1d', '--tz', 'CST');
    expect(q.code).toBe(2);
    expect(q.doc.error).toMatchObject({ code: 'BAD_INPUT', field: '--tz' });
  });

  it('buckets by calendar day in the zone', async () => {
    const q = await json('query', '--series', 'plant/line2/power', '--bucket', '1d', '--tz', 'Asia/Shanghai');
    expect(q.code).toBe(0);
    expect(q.doc.calendar).toEqual({ unit: 'd', tz: 'Asia/Shanghai' });
    expect(
      q.doc.buckets.map((b: { ts: number; count: number }) => [new Date(b.ts).toISOString(), b.count]),
    ).toEqual([
      ['2024-05-31T16:00:00.000Z', 24],
      ['2024-06-01T16:00:00.000Z', 24],
    ]);
    const text = await runCli([
      'query',
      '--series',
      'plant/line2/power',
      '--bucket',
      '1d',
      '--tz',
      'Asia/Shanghai',
      '--db',
      db,
    ]);
    expect(text.out).toContain('2 buckets of 1d in Asia/Shanghai');
    expect(text.out).toContain('2024-06-01T00:00:00.000+08:00');
  });
});
