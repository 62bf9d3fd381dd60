/**
 * A report chart as SVG text, drawn by ECharts' server-side renderer (`renderer: 'svg', ssr: true`,
 * no DOM) from the table it names, so the PDF shows the same numbers as the table under it.
 */
import * as echarts from 'echarts';
import type { TimeZone } from '../../core/index.js';
import { cellText, cellValue } from './format-cell.js';
import { type Chart, isText, type Lang, type Table } from './report-doc.js';

export const REPORT_FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif";

/** At most this many categories are drawn (the table keeps all rows). */
const MAX_CATEGORIES = 40;

export function chartSvg(
  chart: Chart,
  table: Table,
  lang: Lang,
  zone: TimeZone,
  width = 680,
  height = 260,
): string {
  if (chart.kind === 'path') return pathSvg(chart, table, lang, width, Math.max(height, 360));
  const xi = table.columns.findIndex((c) => c.key === chart.x);
  const xCol = table.columns[xi];
  if (!xCol) throw new Error(`chart x column ${chart.x} is not in table ${table.id}`);
  const rows = table.rows.slice(0, MAX_CATEGORIES);
  // Ids are paths: the last segment names the bar; the table beside the chart has the whole id.
  const categories = rows.map((r) => {
    const s = cellText(r[xi] ?? null, xCol, lang, zone);
    return xCol.kind === 'text' && s.includes('/') ? s.slice(s.lastIndexOf('/') + 1) : s;
  });
  const series = chart.y.map((key) => {
    const i = table.columns.findIndex((c) => c.key === key);
    const col = table.columns[i];
    if (!col) throw new Error(`chart y column ${key} is not in table ${table.id}`);
    return {
      name: col.label[lang],
      type: chart.kind === 'line' ? ('line' as const) : ('bar' as const),
      ...(chart.stacked ? { stack: 'all' } : {}),
      data: rows.map((r) => {
        const v = cellValue(r[i] ?? null, col, lang, zone);
        return typeof v === 'number' ? v : null;
      }),
    };
  });
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    c.setOption({
      animation: false,
      textStyle: { fontFamily: REPORT_FONT },
      grid: { left: 56, right: 16, top: 32, bottom: categories.some((s) => s.length > 8) ? 96 : 40 },
      legend: series.length > 1 ? { top: 0 } : { show: false },
      xAxis: {
        type: 'category',
        data: categories,
        axisLabel: { rotate: categories.some((s) => s.length > 8) ? 40 : 0, fontSize: 9 },
      },
      yAxis: { type: 'value' },
      series,
    });
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}

const columnIndex = (table: Table, key: string | undefined): number => {
  const i = key === undefined ? -1 : table.columns.findIndex((c) => c.key === key);
  if (i < 0) throw new Error(`chart column ${key} is not in table ${table.id}`);
  return i;
};

/** Rows as points on two numeric axes, joined in row order, one labelled line per group. */
function pathSvg(chart: Chart, table: Table, lang: Lang, width: number, height: number): string {
  const xi = columnIndex(table, chart.x);
  const yi = columnIndex(table, chart.y[0]);
  const gi = columnIndex(table, chart.group);
  const axisName = (i: number): string => {
    const c = table.columns[i];
    return c ? `${c.label[lang]}${c.unit ? ` (${c.unit})` : ''}` : '';
  };
  const li = chart.label === undefined ? -1 : columnIndex(table, chart.label);
  const lines = new Map<string, { value: [number, number]; name: string }[]>();
  for (const r of table.rows) {
    const x = r[xi];
    const y = r[yi];
    if (typeof x !== 'number' || typeof y !== 'number') continue;
    const g = String(r[gi] ?? '');
    const pts = lines.get(g) ?? [];
    const l = li < 0 ? null : (r[li] ?? null);
    pts.push({ value: [x, y], name: l === null ? '' : isText(l) ? l[lang] : String(l) });
    lines.set(g, pts);
  }
  const c = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    c.setOption({
      animation: false,
      textStyle: { fontFamily: REPORT_FONT },
      grid: { left: 64, right: 24, top: 32, bottom: 48 },
      legend: { top: 0 },
      xAxis: { type: 'value', scale: true, name: axisName(xi), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'value', scale: true, name: axisName(yi), nameLocation: 'middle', nameGap: 48 },
      series: [...lines].map(([name, data]) => ({
        name,
        type: 'line' as const,
        data,
        symbolSize: 7,
        label: { show: li >= 0, formatter: '{b}', fontSize: 9, position: 'top' as const },
      })),
    });
    return c.renderToSVGString();
  } finally {
    c.dispose();
  }
}
