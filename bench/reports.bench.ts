/**
 * Render time of each report type on the seeded test plant, PDF (Chromium print) and XLSX (exceljs),
 * in Chinese, median of 3 after a warm-up, against a blank page printed by the same browser in the
 * same run (PDF) and the same report as CSV (XLSX). With `--samples <dir>` it also writes each
 * type's PDF, its pages as PNG (poppler's pdftoppm) and its XLSX there (default bench/out/reports,
 * which git ignores).
 *
 * The maintenance report needs a machine on a RUL model: the bench adds a wearing mill
 * (`f1/workshop/mill-1`, health index) to the seeded plant. `--type <t>` (repeatable) renders only
 * those types.
 *
 *   npm run bench -- reports [--samples /tmp/xinzhi-reports] [--type routes] [--json]
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { reports } from '../src/domains/index.js';
import { rulMappingCollection } from '../src/domains/maintenance/index.js';
import { SEED_T0, SEED_T1, seedReportPlant } from '../src/domains/reports/report-seed.fixture.js';
import { openSqliteStore, type PointWrite, type Store } from '../src/store/index.js';
import { type BenchRow, printRows } from './lib/table.js';

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

/** A mill whose bearing wears over the seeded shift (vibration and temperature rise exponentially). */
async function seedMill(store: Store): Promise<void> {
  const asset = 'f1/workshop/mill-1';
  for (const metric of ['vibration', 'bearing_temp'])
    await store.upsertSeries({ assetId: asset, metric, unit: '1' });
  const pts: PointWrite[] = [];
  const span = SEED_T1 - SEED_T0;
  for (let t = SEED_T0; t < SEED_T1; t += 60_000) {
    const s = Math.expm1((4 * (t - SEED_T0)) / span) / Math.expm1(4);
    pts.push({ seriesId: `${asset}/vibration`, ts: t, value: 1.2 * (1 + 7 * s) });
    pts.push({ seriesId: `${asset}/bearing_temp`, ts: t, value: 45 + 40 * s });
  }
  await store.writePoints(pts);
  await rulMappingCollection.put(store, asset, {
    assetId: asset,
    model: { kind: 'health-index', baselineSamples: 10 },
    series: { [`${asset}/vibration`]: 'vibration', [`${asset}/bearing_temp`]: 'bearing_temp' },
  });
}

export async function run(args: string[]): Promise<void> {
  const i = args.indexOf('--samples');
  const out = resolve(i >= 0 && args[i + 1] ? args[i + 1]! : 'bench/out/reports');
  mkdirSync(out, { recursive: true });
  const store = await openSqliteStore(':memory:');
  await seedReportPlant(store);
  await seedMill(store);
  const only = args.flatMap((a, k) => (args[k - 1] === '--type' ? [a] : []));
  const printer = await reports.createPdfPrinter();
  const pdf = async () => printer;
  const rows: BenchRow[] = [];
  try {
    const zone = (await reports.reportSite(store, {})).zone;
    const blank: reports.ReportDoc = {
      type: 'quality',
      title: { en: '', zh: '' },
      site: '',
      timeZone: zone.name,
      from: SEED_T0,
      to: SEED_T1,
      generatedAt: SEED_T1,
      sections: [],
    };
    await printer.print(blank, 'zh', zone);
    const blankMs: number[] = [];
    for (let k = 0; k < 3; k++) {
      const t = performance.now();
      await printer.print(blank, 'zh', zone);
      blankMs.push(performance.now() - t);
    }
    const base = median(blankMs);
    for (const type of reports.availableReportTypes().filter((t) => only.length === 0 || only.includes(t))) {
      const times: Record<string, number[]> = { pdf: [], xlsx: [], csv: [] };
      for (const format of ['pdf', 'xlsx', 'csv'] as const)
        for (let k = 0; k < 4; k++) {
          const r = await reports.runReport(
            store,
            { type, from: SEED_T0, to: SEED_T1, format, lang: 'zh' },
            { now: SEED_T1 + 3_600_000, pdf },
          );
          if (k > 0) times[format]!.push(r.buildMs + r.renderMs);
          if (k === 0 && format !== 'csv') {
            const file = join(out, `${type}-zh.${format}`);
            writeFileSync(file, r.files[0]!.bytes);
            if (format === 'pdf')
              try {
                execFileSync('pdftoppm', ['-r', '80', '-png', file, join(out, `${type}-zh`)]);
              } catch {
                // no poppler: the PDF is still there
              }
          }
        }
      const p = median(times['pdf']!);
      const x = median(times['xlsx']!);
      const c = median(times['csv']!);
      rows.push({
        name: `${type} PDF`,
        value: p,
        unit: 'ms',
        baseline: { name: 'blank page', value: base },
        ratio: p / base,
        goal: '≤ 10 s',
        pass: p <= 10_000,
      });
      rows.push({
        name: `${type} XLSX`,
        value: x,
        unit: 'ms',
        baseline: { name: 'same report as CSV', value: c },
        ratio: x / Math.max(c, 0.01),
        goal: '≤ 2 s',
        pass: x <= 2_000,
      });
    }
  } finally {
    await printer.close();
    await store.close();
  }
  printRows(`report render time (zh, seeded plant; samples in ${out})`, rows, args);
}
