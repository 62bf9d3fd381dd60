/**
 * XLSX of a report with exceljs: a cover sheet (title, site, period, zone, generation time), then
 * one sheet per table named by its id, numbers as numbers (ratios as fractions formatted `0.0%`,
 * durations in hours, times as dates in the site's wall-clock), units in the header row, which is
 * frozen and filterable.
 */
import ExcelJS from 'exceljs';
import type { TimeZone } from '../../core/index.js';
import { headerText, localTime } from './format-cell.js';
import { type Cell, type Column, isText, type Lang, type ReportDoc, tablesOf } from './report-doc.js';

const HOUR = 3_600_000;

function xlsxValue(v: Cell, c: Column, lang: Lang, zone: TimeZone): ExcelJS.CellValue {
  if (v === null) return null;
  if (isText(v)) return v[lang];
  if (typeof v === 'string') return v;
  if (c.kind === 'duration') return v / HOUR;
  // Excel dates have no zone: write the site's wall-clock time, as the header says.
  if (c.kind === 'time') return new Date(v + zone.offsetAt(v));
  return v;
}

const NUM_FMT: Partial<Record<Column['kind'], string>> = {
  ratio: '0.0%',
  duration: '0.00',
  time: 'yyyy-mm-dd hh:mm',
  integer: '0',
};

export async function renderXlsx(doc: ReportDoc, lang: Lang, zone: TimeZone): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'xinzhi';
  wb.created = new Date(doc.generatedAt);
  const cover = wb.addWorksheet(lang === 'zh' ? '说明' : 'about');
  const info: [string, string][] = [
    [lang === 'zh' ? '报告' : 'Report', doc.title[lang]],
    [lang === 'zh' ? '站点' : 'Site', doc.site],
    [lang === 'zh' ? '开始' : 'From', localTime(doc.from, zone)],
    [lang === 'zh' ? '结束' : 'To', localTime(doc.to, zone)],
    [lang === 'zh' ? '时区' : 'Time zone', doc.timeZone],
    [lang === 'zh' ? '生成时间' : 'Generated', localTime(doc.generatedAt, zone)],
  ];
  for (const r of info) cover.addRow(r);
  cover.getColumn(1).width = 14;
  cover.getColumn(2).width = 48;
  for (const tb of tablesOf(doc)) {
    const ws = wb.addWorksheet(tb.id.slice(0, 31), { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = tb.columns.map((c) => ({
      header: headerText(c, lang),
      key: c.key,
      width: Math.max(10, Math.min(48, headerText(c, lang).length + 4)),
      ...(NUM_FMT[c.kind] ? { style: { numFmt: NUM_FMT[c.kind]! } } : {}),
    }));
    ws.getRow(1).font = { bold: true };
    for (const r of tb.rows) ws.addRow(tb.columns.map((c, i) => xlsxValue(r[i] ?? null, c, lang, zone)));
    if (tb.rows.length > 0)
      ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: tb.columns.length } };
    for (const [i, c] of tb.columns.entries()) if (c.kind === 'text') ws.getColumn(i + 1).width = 28;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
