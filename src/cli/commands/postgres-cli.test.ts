/**
 * `--db postgres://…` end to end: the same commands as on a SQLite file (import, query, series,
 * quality) against a throwaway PostgreSQL database, and $XINZHI_DB picking it too.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { withTestDatabase } from '../../store/postgres/test-database.fixture.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-cli-pg-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  process.exitCode = undefined;
});

await withTestDatabase('xinzhi --db postgres://', (db) => {
  const json = async (...args: string[]) => {
    const r = await runCli([...args, '--db', db.url, '--json']);
    return { ...r, doc: JSON.parse(r.out) };
  };
  const csv = join(dir, 'line1.csv');
  writeFileSync(
    csv,
    'time,temp [degF],speed (rpm)\n2024-06-01T08:00:00Z,68,1500\n2024-06-01T08:01:00Z,bad,1510\n2024-06-01T08:02:00Z,71.6,1490\n',
  );

  describe('xinzhi --db postgres://', () => {
    it('imports, then queries raw points and rollup buckets from PostgreSQL', async () => {
      const imp = await json('import', csv, '--asset', 'plant/line1');
      expect(imp.code).toBe(0);
      expect(imp.doc).toMatchObject({
        accepted: 5,
        quarantined: 1,
        series: ['plant/line1/speed', 'plant/line1/temp'],
      });
      const raw = await json('query', '--series', 'plant/line1/temp');
      expect(raw.doc.points.map((p: { value: number }) => p.value)).toEqual([68, 71.6]);
      const b = await json(
        'query',
        '--series',
        'plant/line1/speed',
        '--bucket',
        '1h',
        '--from',
        '2024-06-01T00:00:00Z',
        '--to',
        '2024-06-02T00:00:00Z',
      );
      expect(b.doc.buckets).toEqual([expect.objectContaining({ count: 3, min: 1490, max: 1510 })]);
      const again = await json('import', csv, '--asset', 'plant/line1', '--force');
      expect(again.doc).toMatchObject({ accepted: 0, duplicates: 5 });
    });

    it('takes the URL from $XINZHI_DB as well', async () => {
      const before = process.env['XINZHI_DB'];
      process.env['XINZHI_DB'] = db.url;
      try {
        const r = await runCli(['series', 'list', '--json']);
        expect(r.code).toBe(0);
        expect(JSON.parse(r.out).series.map((s: { id: string }) => s.id)).toEqual([
          'plant/line1/speed',
          'plant/line1/temp',
        ]);
      } finally {
        if (before === undefined) delete process.env['XINZHI_DB'];
        else process.env['XINZHI_DB'] = before;
      }
    });
  });
});
