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
import { expectLine1Queries, LINE1_CSV } from './line1.fixture.js';

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
  writeFileSync(csv, LINE1_CSV);

  describe('xinzhi --db postgres://', () => {
    it('imports, then queries raw points and rollup buckets from PostgreSQL', async () => {
      const imp = await json('import', csv, '--asset', 'plant/line1');
      expect(imp.code).toBe(0);
      expect(imp.doc).toMatchObject({
        accepted: 5,
        quarantined: 1,
        series: ['plant/line1/speed', 'plant/line1/temp'],
      });
      await expectLine1Queries(json);
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
