import { describe, expect, it } from 'vitest';
import { measureCsvImport } from './csv-import.js';

describe('measureCsvImport (tiny run, so the bench cannot rot)', () => {
  it('imports every generated row on both paths and reports ratios against the raw insert', async () => {
    process.env['XINZHI_BENCH_CSV_ROWS'] = '2000';
    process.env['XINZHI_BENCH_CSV_BIG_MB'] = '1';
    process.env['XINZHI_BENCH_REPEATS'] = '1';
    try {
      const rows = await measureCsvImport();
      expect(rows).toHaveLength(4);
      for (const r of rows.slice(0, 2)) {
        expect(r.notes).toMatch(/accepted 2000 of 2000/);
        expect(r.ratio).toBeGreaterThan(0);
        expect(r.baseline?.value).toBeGreaterThan(0);
      }
      expect(rows[2]!.unit).toBe('points/CPU-s');
      expect(rows[2]!.ratio).toBeGreaterThan(0);
      expect(rows[3]!.unit).toBe('MiB');
      expect(rows[3]!.value).toBeGreaterThan(0);
    } finally {
      delete process.env['XINZHI_BENCH_CSV_ROWS'];
      delete process.env['XINZHI_BENCH_CSV_BIG_MB'];
      delete process.env['XINZHI_BENCH_REPEATS'];
    }
  });
});
