/**
 * The maintenance report on two mapped machines (a wearing mill on the health index, a press on a
 * registered model): its RUL, band, safe stop and state equal `GET /api/v1/rul/status` of a server
 * started on the same stored data, also for a period that ends before the data does; the model's
 * validation is its training run's evaluation. XLSX read back with exceljs, PDF with pdftotext.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteModel, registerModel, startRun } from '../../analytics/runs/index.js';
import { silentLogger } from '../../core/index.js';
import { createLiveBus } from '../../server/live/bus.js';
import { createTestApp } from '../../server/test-app.fixture.js';
import { openSqliteStore, type PointWrite, type Store } from '../../store/index.js';
import { createRulFeed, type RulAssetStatus, rulMappingCollection } from '../maintenance/index.js';
import { createPdfPrinter, type PdfPrinter } from './render-pdf.js';
import { runReport } from './run-report.js';

const H = 3_600_000;
const T0 = Date.UTC(2026, 5, 1);
const A = 'p/hall/line1/mill-1';
const B = 'p/hall/line1/press-1';
const dir = mkdtempSync(join(tmpdir(), 'xinzhi-maint-report-'));
const hasPdfTools =
  existsSync('/usr/bin/pdftotext') && existsSync(process.env['XINZHI_CHROMIUM'] ?? '/usr/bin/chromium');
let store: Store;
let printer: PdfPrinter | undefined;
let runId: string;

/** The mill of the RUL route test: wears from T0 + 1 h, fails at T0 + 7 h, a gated stop at 3 h. */
function telemetry(fromH: number, toH: number): PointWrite[] {
  const tau = (6 * H) / 4;
  const out: PointWrite[] = [];
  for (let t = T0 + fromH * H; t < T0 + toH * H; t += 60_000) {
    const s = t < T0 + H ? 0 : Math.expm1((t - T0 - H) / tau) / Math.expm1(4);
    const wobble = Math.sin(t / 97_000) * 0.02;
    const stopped = t >= T0 + 3 * H && t < T0 + 3 * H + 10 * 60_000;
    out.push({ seriesId: `${A}/state`, ts: t, value: stopped ? 2 : 1 });
    out.push({ seriesId: `${A}/vibration`, ts: t, value: (stopped ? 5 : 1.2) * (1 + 7 * s) + wobble });
    out.push({ seriesId: `${A}/bearing_temp`, ts: t, value: 45 + 40 * s + wobble });
  }
  return out;
}

async function seed(s: Store, toH: number): Promise<void> {
  for (const metric of ['vibration', 'bearing_temp', 'state'])
    await s.upsertSeries({ assetId: A, metric, unit: '1' });
  await s.writePoints(telemetry(0, toH));
  await rulMappingCollection.put(s, A, {
    assetId: A,
    model: { kind: 'health-index', baselineSamples: 10 },
    series: { [`${A}/vibration`]: 'vibration', [`${A}/bearing_temp`]: 'bearing_temp' },
    gate: { seriesId: `${A}/state`, values: [1] },
    bucketMs: 5 * 60_000,
  });
}

beforeAll(async () => {
  store = await openSqliteStore(':memory:');
  await seed(store, 6.5);
  const run = await startRun(store, { kind: 'rul', config: {}, data: { fingerprint: 'f' } });
  await run.finish({ evaluation: { rmse: 14.5, cvRmse: 16.25, nasaScore: 310 }, model: { w: 1 } });
  runId = run.id;
  await registerModel(store, 'press-rul', runId);
  await promoteModel(store, 'press-rul', 1);
  await rulMappingCollection.put(store, B, {
    assetId: B,
    model: { kind: 'registry', name: 'press-rul' },
    series: { [`${B}/vibration`]: 's2' },
  });
});
afterAll(async () => {
  await printer?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** What GET /api/v1/rul/status answers on a server started on `s`. */
async function apiStatus(s: Store): Promise<RulAssetStatus[]> {
  const feed = createRulFeed({
    store: s,
    bus: createLiveBus(),
    logger: silentLogger,
    writesEvents: () => false,
  });
  try {
    const { call } = createTestApp(s, { now: T0 + 10 * H, web: false, with: () => ({ rul: feed }) });
    await feed.start();
    await feed.idle();
    const r = await call('GET', '/api/v1/rul/status');
    expect(r.status).toBe(200);
    return r.body.assets;
  } finally {
    await feed.close();
  }
}

const report = (format: 'xlsx' | 'pdf' | 'csv', lang: 'en' | 'zh', to = T0 + 8 * H) =>
  runReport(
    store,
    { type: 'maintenance', from: T0, to, format, lang },
    {
      now: T0 + 10 * H,
      pdf: async () => {
        printer ??= await createPdfPrinter();
        return printer;
      },
    },
  );

async function sheets(bytes: Uint8Array): Promise<(name: string) => ExcelJS.CellValue[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return (name) => {
    const rows: ExcelJS.CellValue[][] = [];
    const ws = wb.getWorksheet(name);
    if (!ws) throw new Error(`no sheet ${name}`);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    ws.eachRow((r, n) => {
      if (n > 1) rows.push((r.values as ExcelJS.CellValue[]).slice(1));
    });
    return rows;
  };
}

/** Hours as the workbook holds them (durations in h), or null. */
const hours = (ms: number | null | undefined) => (ms == null ? null : ms / H);
const ms = (v: ExcelJS.CellValue) => (v instanceof Date ? v.getTime() : v);

function expectSameAsApi(rows: ExcelJS.CellValue[][], api: RulAssetStatus[]): void {
  expect(rows.map((r) => r[0])).toEqual(api.map((s) => s.assetId));
  for (const [i, s] of api.entries()) {
    const r = rows[i]!;
    expect(r[1]).toBe(s.model);
    for (const [col, want] of [
      [3, hours(s.current?.rulMs)],
      [4, hours(s.current?.lowMs)],
      [5, hours(s.current?.highMs)],
      [6, s.current?.healthIndex ?? null],
      [8, hours(s.alarmBelowMs)],
    ] as const) {
      if (want === null) expect(r[col] ?? null).toBeNull();
      else expect(r[col] as number).toBeCloseTo(want, 9);
    }
    // Excel dates keep milliseconds to about 1 ms.
    for (const [col, want] of [
      [7, s.current?.latestSafeStop ?? null],
      [9, s.lastAlarmAt],
      [10, s.current?.ts ?? null],
    ] as const) {
      if (want === null) expect(r[col] ?? null).toBeNull();
      else expect(Math.abs((ms(r[col] ?? null) as number) - want)).toBeLessThan(2);
    }
  }
}

describe('maintenance report', () => {
  it('has the RUL, band, safe stop and state of GET /rul/status, and the model’s validation, in both languages', async () => {
    const api = await apiStatus(store);
    expect(api.map((s) => [s.assetId, s.state])).toEqual([
      [A, 'alarm'],
      [B, 'error'],
    ]);
    for (const lang of ['en', 'zh'] as const) {
      const vals = await sheets((await report('xlsx', lang)).files[0]!.bytes);
      const rul = vals('rul');
      expectSameAsApi(rul, api);
      expect(rul[0]![2]).toBe(lang === 'en' ? 'alarm' : '报警');
      expect(vals('models').map((r) => [0, 1, 2, 3].map((i) => r[i] ?? null))).toEqual([
        [A, 'health-index', null, null],
        [B, 'registry:press-rul', 1, runId],
      ]);
      expect(vals('validation')).toEqual([
        ['press-rul', 1, runId, 'rmse', 14.5],
        ['press-rul', 1, runId, 'cvRmse', 16.25],
        ['press-rul', 1, runId, 'nasaScore', 310],
      ]);
    }
  });

  it('writes the RUL table as CSV', async () => {
    const csv = (await report('csv', 'en')).files[0]!.bytes.toString('utf8');
    const lines = csv
      .replace(/^\uFEFF/, '')
      .trim()
      .split(/\r?\n/);
    expect(lines[0]).toMatch(/^Machine,Model,State,RUL \(h\),/);
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3))).toEqual([
      [A, 'health-index', 'alarm'],
      [B, 'registry:press-rul', 'error'],
    ]);
  });

  it('takes the status at the end of the period, as a server holding only the data up to then', async () => {
    const early = await openSqliteStore(':memory:');
    try {
      await seed(early, 3);
      const api = await apiStatus(early);
      expect(api[0]!.state).not.toBe('alarm');
      const vals = await sheets((await report('xlsx', 'en', T0 + 3 * H)).files[0]!.bytes);
      expectSameAsApi(
        vals('rul').filter((r) => r[0] === A),
        api,
      );
    } finally {
      await early.close();
    }
  });

  it.skipIf(!hasPdfTools)('prints it as a PDF in English and Chinese', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const out = await report('pdf', lang);
      const file = join(dir, `maintenance-${lang}.pdf`);
      writeFileSync(file, out.files[0]!.bytes);
      const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
      expect(text).toContain(lang === 'en' ? 'Maintenance report' : '维护报告');
      expect(text).toContain('mill-1');
      expect(text).toContain('16.2500');
      expect(text).toContain(
        lang === 'en' ? 'RUL per machine with its 90 % band' : '各设备剩余使用寿命及 90% 区间',
      );
      expect(text).toContain(lang === 'en' ? 'Machines monitored' : '监测设备');
    }
  });
});
