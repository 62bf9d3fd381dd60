/**
 * `xinzhi report run` end to end on a seeded plant: each type in both languages, the XLSX read back
 * with exceljs, the CSV parsed, the PDF's text read back with poppler's `pdftotext`, and the
 * figures compared with the API's answer for the same period. One browser serves the file's PDFs.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reports } from '../../../domains/index.js';
import {
  SEED_LINE,
  SEED_T0,
  SEED_T1,
  seedReportPlant,
} from '../../../domains/reports/report-seed.fixture.js';
import { createTestApp } from '../../../server/test-app.fixture.js';
import { openSqliteStore, type Store } from '../../../store/index.js';
import { runCli } from '../../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-report-'));
const db = join(dir, 'plant.db');
const FROM = new Date(SEED_T0).toISOString();
const TO = new Date(SEED_T1).toISOString();
const hasPdfTools =
  existsSync('/usr/bin/pdftotext') && existsSync(process.env['XINZHI_CHROMIUM'] ?? '/usr/bin/chromium');
let store: Store;
let printer: reports.PdfPrinter | undefined;

beforeAll(async () => {
  const s = await openSqliteStore(db);
  await seedReportPlant(s);
  await s.close();
  store = await openSqliteStore(db);
});
afterAll(async () => {
  await printer?.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

const api = async (path: string) => {
  const { call } = createTestApp(store, { now: Date.now(), web: false });
  const r = await call('GET', path);
  expect(r.status).toBe(200);
  return r.body;
};

async function sheet(file: string, name: string): Promise<Record<string, ExcelJS.CellValue>[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  const ws = wb.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
  const head = (ws.getRow(1).values as ExcelJS.CellValue[]).slice(1).map(String);
  const out: Record<string, ExcelJS.CellValue>[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const v = (row.values as ExcelJS.CellValue[]).slice(1);
    out.push(Object.fromEntries(head.map((h, i) => [h, v[i] ?? null])));
  });
  return out;
}

const cli = async (...args: string[]) => {
  const r = await runCli(['report', 'run', ...args, '--db', db, '--from', FROM, '--to', TO, '--json'], {
    newline: false,
  });
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.out) as { files: string[]; timeZone: string };
};

/** PDF text of a report rendered through the shared browser. */
async function pdfText(type: string, lang: 'en' | 'zh'): Promise<string> {
  const out = await reports.runReport(
    store,
    { type, from: SEED_T0, to: SEED_T1, format: 'pdf', lang },
    {
      now: Date.now(),
      pdf: async () => {
        printer ??= await reports.createPdfPrinter();
        return printer;
      },
    },
  );
  const file = join(dir, `${type}-${lang}.pdf`);
  writeFileSync(file, out.files[0]!.bytes);
  expect(out.files[0]!.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
}

describe('xinzhi report run quality', () => {
  it('lists every series with the accepted and quarantined counts and score of `xinzhi quality --json`, as numbers', async () => {
    const q = await runCli(['quality', '--db', db, '--json'], { newline: false });
    const want = (
      JSON.parse(q.out) as {
        series: Array<{ series: string; accepted: number; quarantined: number; score: number }>;
      }
    ).series;
    expect(want.find((s) => s.series === 'f1/assembly/oven/temp')).toMatchObject({
      accepted: 120,
      quarantined: 7,
    });
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `quality-${lang}.xlsx`);
      const r = await cli('quality', '--format', 'xlsx', '--lang', lang, '--out', out);
      expect(r.timeZone).toBe('Asia/Shanghai');
      const rows = await sheet(out, 'series');
      const [id, acc, quar, score] =
        lang === 'en'
          ? ['Series', 'Accepted', 'Quarantined', 'Score (/100)']
          : ['序列', '接收', '隔离', '评分 (/100)'];
      expect(rows.map((r) => r[id!])).toEqual(want.map((s) => s.series));
      for (const s of want) {
        const row = rows.find((r) => r[id!] === s.series)!;
        expect(row[acc!]).toBe(s.accepted);
        expect(row[quar!]).toBe(s.quarantined);
        expect(row[score!]).toBe(s.score);
      }
    }
  });

  it('writes the same figures as CSV with units in the header', async () => {
    const out = join(dir, 'quality.csv');
    const r = await cli('quality', '--format', 'csv', '--lang', 'en', '--out', out);
    expect(r.files).toEqual([out]);
    const rows = parse(readFileSync(out, 'utf8').replace(/^\uFEFF/, ''), { columns: true }) as Record<
      string,
      string
    >[];
    const body = await api('/api/v1/quality');
    for (const s of body.series as Array<{ series: string; quarantined: number; completeness: number }>) {
      const row = rows.find((x) => x['Series'] === s.series)!;
      expect(Number(row['Quarantined'])).toBe(s.quarantined);
      expect(Number(row['Completeness (%)'])).toBeCloseTo(s.completeness * 100, 9);
    }
  });

  it.skipIf(!hasPdfTools)('prints every series in the PDF, in English and Chinese', async () => {
    const body = await api('/api/v1/quality');
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('quality', lang);
      expect(text).toContain(lang === 'en' ? 'Data quality report' : '数据质量报告');
      expect(text).toContain('Asia/Shanghai');
      expect(text).toMatch(lang === 'en' ? /Page 1 of \d/ : /第 1 页，共 \d+页/);
      for (const s of body.series as Array<{ series: string; score: number }>) {
        expect(text).toContain(s.series);
        expect(text).toContain(s.score.toFixed(1));
      }
    }
  });
});

describe('xinzhi report run alarms', () => {
  it('has the EEMUA 191 KPIs and bad actors of GET /alarms/kpis for the period, in both languages', async () => {
    const k = await api(`/api/v1/alarms/kpis?from=${SEED_T0}&to=${SEED_T1}`);
    expect(k.annunciated).toBe(13);
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `alarms-${lang}.xlsx`);
      await cli('alarms', '--format', 'xlsx', '--lang', lang, '--out', out);
      const kpis = await sheet(out, 'kpis');
      const [fig, val] = lang === 'en' ? ['Figure', 'Value'] : ['指标', '数值'];
      const value = (en: string, zh: string) =>
        kpis.find((r) => r[fig!] === (lang === 'en' ? en : zh))?.[val!];
      expect(value('Annunciated alarms', '已通告报警')).toBe(k.annunciated);
      expect(value('Alarms per hour', '每小时报警数')).toBe(k.perHour);
      expect(value('Peak in 10 min', '10 分钟峰值')).toBe(k.peak10Min.count);
      expect(value('Chattering alarms', '振荡报警')).toBe(k.chattering.length);
      expect(value('Standing alarms', '常驻报警')).toBe(k.standing.length);
      expect(value('Shelved alarms', '搁置报警')).toBe(k.shelved.length);
      const bad = await sheet(out, 'bad-actors');
      expect(bad.map((r) => Object.values(r)[3])).toEqual(
        k.topBadActors.map((b: { count: number }) => b.count),
      );
      const rate = await sheet(out, 'rate');
      expect(rate.reduce((n, r) => n + Number(Object.values(r)[1]), 0)).toBe(k.annunciated);
    }
  });

  it.skipIf(!hasPdfTools)('prints the KPIs and the bad actor in the PDF', async () => {
    const k = await api(`/api/v1/alarms/kpis?from=${SEED_T0}&to=${SEED_T1}`);
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('alarms', lang);
      expect(text).toContain(lang === 'en' ? 'Alarm system performance' : '报警系统绩效');
      expect(text).toContain(k.topBadActors[0].key);
      expect(text).toMatch(
        new RegExp(`${lang === 'en' ? 'Annunciated alarms' : '已通告报警'}\\s+${k.annunciated}\\b`),
      );
    }
  });
});

describe('xinzhi report run production', () => {
  it('has the OEE of GET /oee per line and machine, in both languages', async () => {
    const o = await api(`/api/v1/oee?from=${SEED_T0}&to=${SEED_T1}`);
    const line = o.lines[0];
    expect(line.id).toBe(SEED_LINE);
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `production-${lang}.xlsx`);
      await cli('production', '--format', 'xlsx', '--lang', lang, '--out', out);
      const rows = await sheet(out, 'oee');
      const [mc, oee, prod] =
        lang === 'en' ? ['Machine', 'OEE (%)', 'Produced (pcs)'] : ['设备', 'OEE (%)', '产量 (pcs)'];
      for (const m of line.machines as Array<{ id: string; oee: number; pq: number }>) {
        const row = rows.find((r) => r[mc!] === m.id)!;
        expect(row[oee!]).toBeCloseTo(m.oee, 12);
        expect(row[prod!]).toBe(m.pq);
      }
      expect(rows.find((r) => r[mc!] === (lang === 'en' ? '(whole line)' : '（整线）'))![oee!]).toBeCloseTo(
        line.group.oee,
        12,
      );
    }
  });

  it.skipIf(!hasPdfTools)('prints OEE per machine and the stop reasons in the PDF', async () => {
    const o = await api(`/api/v1/oee?from=${SEED_T0}&to=${SEED_T1}`);
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('production', lang);
      expect(text).toContain(lang === 'en' ? 'Production report' : '生产报告');
      expect(text).toContain(lang === 'en' ? 'down (failure)' : '故障停机');
      for (const m of o.lines[0].machines as Array<{ id: string; oee: number }>) {
        expect(text).toContain(m.id);
        expect(text).toContain((m.oee * 100).toFixed(1));
      }
    }
  });
});

describe('xinzhi report run: bad input', () => {
  it('names the bad flag and exits 2', async () => {
    const bad = async (...args: string[]) => {
      const r = await runCli(['report', 'run', ...args, '--db', db, '--out', join(dir, 'x.pdf')], {
        newline: false,
      });
      expect(r.code).toBe(2);
      return r.err;
    };
    expect(await bad('sales', '--from', FROM, '--to', TO)).toContain('type');
    expect(await bad('quality', '--from', 'yesterday-ish', '--to', TO)).toContain('--from');
    expect(await bad('quality', '--from', TO, '--to', FROM)).toContain('from');
    expect(await bad('quality', '--from', FROM, '--to', TO, '--format', 'docx')).toContain('format');
    expect(await bad('quality', '--from', FROM, '--to', TO, '--lang', 'fr')).toContain('lang');
    expect(await bad('quality', '--period', 'fortnight')).toContain('--period');
    expect(await bad('quality')).toContain('--from');
  });

  it('takes a day in the site’s zone with --period', async () => {
    const out = join(dir, 'day.csv');
    const r = await runCli(
      [
        'report',
        'run',
        'quality',
        '--db',
        db,
        '--period',
        'day',
        '--at',
        FROM,
        '--format',
        'csv',
        '--out',
        out,
        '--json',
      ],
      { newline: false },
    );
    expect(r.code).toBe(0);
    const j = JSON.parse(r.out) as { from: number; to: number };
    // 2024-06-01 14:00 Shanghai → that local day: 2024-05-31T16:00Z to 2024-06-01T16:00Z.
    expect(j.from).toBe(Date.UTC(2024, 4, 31, 16));
    expect(j.to).toBe(Date.UTC(2024, 5, 1, 16));
  });
});

describe('xinzhi report schedule', () => {
  it('adds, lists, runs into a folder, logs, disables and removes a schedule', async () => {
    const cmd = (...args: string[]) =>
      runCli(['report', 'schedule', ...args, '--db', db], { newline: false });
    const add = await cmd(
      'add',
      '--name',
      'daily quality',
      '--type',
      'quality',
      '--cron',
      '5 6 * * *',
      '--tz',
      'Asia/Shanghai',
      '--format',
      'csv',
      '--lang',
      'zh',
      '--folder',
      'daily',
      '--json',
    );
    expect(add.err).toBe('');
    const id = String((JSON.parse(add.out) as { id: number }).id);
    expect((await cmd('list')).out).toContain('daily quality');
    const run = await runCli(['report', 'schedule', 'run', id, '--db', db, '--reports-dir', dir, '--json'], {
      newline: false,
    });
    expect(run.code).toBe(0);
    const d = JSON.parse(run.out) as { state: string; files: string[] };
    expect(d.state).toBe('delivered');
    expect(readFileSync(d.files[0]!, 'utf8')).toContain('f1/assembly/oven/temp');
    expect((await cmd('log', '--schedule', id)).out).toContain('delivered');
    expect((await cmd('disable', id)).out).toContain('disabled');
    expect((await cmd('remove', id)).out).toContain('removed');
    expect((await cmd('remove', id)).code).toBe(3);
  });

  it('names the bad flag', async () => {
    const add = (...args: string[]) =>
      runCli(['report', 'schedule', 'add', '--name', 'x', '--type', 'quality', '--db', db, ...args], {
        newline: false,
      });
    const bad = async (...args: string[]) => {
      const r = await add(...args);
      expect(r.code).toBe(2);
      return r.err;
    };
    expect(await bad('--cron', '99 * * * *', '--folder', 'x')).toContain('--cron');
    expect(await bad('--cron', '5 6 * * *', '--tz', 'CST', '--folder', 'x')).toContain('--tz');
    expect(await bad('--cron', '5 6 * * *')).toContain('--folder');
    expect(await bad('--cron', '5 6 * * *', '--folder', '../up')).toContain('delivery.path');
    expect((await runCli(['report', 'schedule', 'enable', 'abc', '--db', db], { newline: false })).code).toBe(
      2,
    );
  });
});

describe('xinzhi report run training', () => {
  it('has the per-class report, confusion matrix and curves of GET /runs/{id}, in both languages', async () => {
    const runs = await api('/api/v1/runs');
    const id = runs.runs[0].id as string;
    const run = await api(`/api/v1/runs/${id}`);
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `training-${lang}.xlsx`);
      await cli('training', '--run', id, '--format', 'xlsx', '--lang', lang, '--out', out);
      const cls = await sheet(out, 'classes');
      const f1 = lang === 'en' ? 'F1' : 'F1';
      expect(cls[0]![f1]).toBe(run.evaluation.classification.types.BEARING.f1);
      expect(cls.map((r) => Object.values(r)[0])).toContain(lang === 'en' ? 'macro avg' : '宏平均');
      const cm = await sheet(out, 'confusion');
      expect(cm.map((r) => Object.values(r).slice(1))).toEqual(run.evaluation.confusion.matrix);
      expect((await sheet(out, 'curves')).length).toBe(3);
    }
  });

  it.skipIf(!hasPdfTools)('prints the classification report in the PDF', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('training', lang);
      expect(text).toContain(lang === 'en' ? 'Training run evaluation' : '训练运行评估报告');
      expect(text).toContain('0.8471');
    }
  });
});

describe('xinzhi report run maintenance', () => {
  // The figures against GET /rul/status: src/domains/reports/build-maintenance.test.ts.
  it('answers an empty RUL table on a plant with no machine mapped to a model', async () => {
    const out = join(dir, 'maintenance-en.xlsx');
    await cli('maintenance', '--format', 'xlsx', '--lang', 'en', '--out', out);
    expect(await sheet(out, 'rul')).toEqual([]);
    expect(await sheet(out, 'validation')).toEqual([]);
  });
});

describe('xinzhi report run ledger-audit', () => {
  it('has the audit result of GET /ledger/audit and the period’s checkpoints, in both languages', async () => {
    const a = await api('/api/v1/ledger/audit');
    expect(a.ok).toBe(true);
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `ledger-${lang}.xlsx`);
      await cli('ledger-audit', '--format', 'xlsx', '--lang', lang, '--out', out);
      const cps = await sheet(out, 'checkpoints');
      expect(cps.map((r) => Object.values(r)[1])).toEqual([a.latest_checkpoint_size]);
      expect(await sheet(out, 'problems')).toEqual([]);
    }
  });

  it.skipIf(!hasPdfTools)('prints the result and the verification commands in the PDF', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('ledger-audit', lang);
      expect(text).toContain(lang === 'en' ? 'Ledger audit' : '账本审计报告');
      expect(text).toContain('xinzhi ledger audit');
      expect(text).toContain('OK');
    }
  });
});

describe('xinzhi report run plan', () => {
  it('has the cost breakdown and line hours of GET /plans/{id}, in both languages', async () => {
    const p = await api('/api/v1/plans/plan-seed');
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `plan-${lang}.xlsx`);
      await cli('plan', '--plan', 'plan-seed', '--format', 'xlsx', '--lang', lang, '--out', out);
      const costs = await sheet(out, 'costs');
      expect(Object.values(costs.at(-1)!)[1]).toBe(p.result.costs.total);
      const lines = await sheet(out, 'lines');
      expect(lines.map((r) => Object.values(r)[2])).toEqual(
        p.result.lines.map((l: { usedHours: number }) => l.usedHours),
      );
    }
  });

  it.skipIf(!hasPdfTools)('prints the total cost and what binds in the PDF', async () => {
    const p = await api('/api/v1/plans/plan-seed');
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('plan', lang);
      expect(text).toContain(lang === 'en' ? 'Production plan' : '生产计划报告');
      expect(text).toContain(p.result.costs.total.toFixed(2));
    }
  });
});

describe('xinzhi report run routes', () => {
  it('has each van and the route sheet of GET /logistics/plans/{id}, in both languages', async () => {
    const p = await api('/api/v1/logistics/plans/routes-seed');
    for (const lang of ['en', 'zh'] as const) {
      const out = join(dir, `routes-${lang}.xlsx`);
      await cli('routes', '--plan', 'routes-seed', '--format', 'xlsx', '--lang', lang, '--out', out);
      const vans = await sheet(out, 'vans');
      expect(vans.map((r) => Object.values(r)[5])).toEqual(
        p.plan.routes.map((r: { distanceKm: number }) => r.distanceKm),
      );
      const stops = await sheet(out, 'stops');
      expect(stops.map((r) => Object.values(r)[2])).toEqual(['o-1', 'o-2']);
      // The table behind the route map: depot, the stops in order, depot, as numbers.
      const points = await sheet(out, 'route-points');
      const depot = lang === 'en' ? 'depot' : '仓库';
      expect(points.map((r) => Object.values(r).slice(1))).toEqual([
        [0, depot, 121.4, 31.2],
        [1, 'o-1', 121.41, 31.21],
        [2, 'o-2', 121.45, 31.22],
        [3, depot, 121.4, 31.2],
      ]);
    }
  });

  it.skipIf(!hasPdfTools)('prints the route sheets in the PDF', async () => {
    for (const lang of ['en', 'zh'] as const) {
      const text = await pdfText('routes', lang);
      expect(text).toContain(lang === 'en' ? 'Delivery routes' : '配送路线报告');
      expect(text).toContain('o-2');
      // Arrival at o-1 at 06:50Z is 14:50 in Shanghai.
      expect(text).toContain('2024-06-01 14:50');
      // The route map: its caption and the axis names of the SVG chart above it.
      expect(text).toContain(
        lang === 'en' ? 'Routes: depot and stops in order' : '路线：仓库及按顺序的停靠点',
      );
      expect(text).toContain(lang === 'en' ? 'Longitude (°)' : '经度 (°)');
    }
  });

  it('draws the route map as an SVG chart with numeric axes in the preview', async () => {
    const { request } = createTestApp(store, { now: Date.now(), web: false });
    const r = await request('GET', `/api/v1/reports/preview?type=routes&from=${FROM}&to=${TO}&lang=en`);
    expect(r.status).toBe(200);
    const html = await r.text();
    const map = html.slice(html.indexOf('<h2>Route map</h2>'));
    expect(map).toMatch(/^<h2>Route map<\/h2><figure><svg/);
    expect(map).toContain('Latitude (°)');
    expect(map).toContain('121.4');
  });
});
