/**
 * The agriculture report on a field fed by a weather station and a soil probe: its water balance,
 * schedule and degree days equal `GET /api/v1/farm/field` with the clock at the period's end; the
 * XLSX read back with exceljs, the PDF's text with pdftotext, in both languages.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp } from '../../server/test-app.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { setFieldParams } from '../agriculture/index.js';
import {
  NORTH_FIELD_NOW,
  NORTH_FIELD_PARAMS,
  seedNorthField,
} from '../agriculture/store-fed/north-field.fixture.js';
import { createPdfPrinter, type PdfPrinter } from './render-pdf.js';
import { runReport } from './run-report.js';

const H = 3_600_000;
const NOW = NORTH_FIELD_NOW;
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-agri-report-'));
const hasPdfTools =
  existsSync('/usr/bin/pdftotext') && existsSync(process.env['XINZHI_CHROMIUM'] ?? '/usr/bin/chromium');
let store: Store;
let printer: PdfPrinter | undefined;

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seedNorthField(store);
  await setFieldParams(store, 'farm/north', NORTH_FIELD_PARAMS);
});
afterAll(async () => {
  await printer?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (format: 'xlsx' | 'pdf', lang: 'en' | 'zh') =>
  runReport(
    store,
    { type: 'agriculture', from: NOW - 7 * 24 * H, to: NOW, format, lang, asset: 'farm/north' },
    {
      now: NOW,
      pdf: async () => {
        printer ??= await createPdfPrinter();
        return printer;
      },
    },
  );

describe('agriculture report', () => {
  it('has the water balance, schedule and degree days of GET /farm/field, in both languages', async () => {
    const { call } = createTestApp(store, { now: NOW, web: false });
    const f = (await call('GET', '/api/v1/farm/field?field=farm%2Fnorth')).body;
    for (const lang of ['en', 'zh'] as const) {
      const out = await report('xlsx', lang);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(out.files[0]!.bytes as unknown as ArrayBuffer);
      const vals = (name: string) => {
        const rows: ExcelJS.CellValue[][] = [];
        wb.getWorksheet(name)!.eachRow((r, n) => {
          if (n > 1) rows.push((r.values as ExcelJS.CellValue[]).slice(1));
        });
        return rows;
      };
      const water = vals('water');
      expect(water.map((r) => r[1])).toEqual(f.history.map((d: { date: string }) => d.date));
      expect(water.map((r) => r[5])).toEqual(f.history.map((d: { dr: number }) => d.dr));
      expect(vals('irrigation').map((r) => r[3])).toEqual(
        f.schedule.events.map((e: { grossMm: number }) => e.grossMm),
      );
      expect(vals('pests')[0]![2]).toBe(f.degreeDays.models[0].cumulative);
    }
  });

  it.skipIf(!hasPdfTools)('prints it as a PDF in English and Chinese', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const out = await report('pdf', lang);
      const file = join(dir, `agri-${lang}.pdf`);
      writeFileSync(file, out.files[0]!.bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(lang === 'en' ? 'Agriculture report' : '农业报告');
      expect(text).toContain('farm/north');
    }
  });
});
