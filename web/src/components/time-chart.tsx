/**
 * A time chart of several series over ECharts: one y axis per unit (named with the unit), time
 * axis labels and tooltips formatted per locale in the browser's time zone, zoom by wheel, drag or
 * slider. Live data arrives often, so the chart is updated in parts: axes and formatting are redrawn
 * only when they change, new points are merged into the existing series.
 */
import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n/i18n.js';
import type { ECharts } from '../lib/echarts.js';
import { escapeHtml, html } from '../lib/escape-html.js';
import { useChart } from '../lib/use-chart.js';

export interface ChartSeries {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  /** [ts, value] pairs ascending by time. */
  readonly data: ReadonlyArray<readonly [number, number]>;
}

/** A forecast drawn after a series: the point forecast dashed, the prediction interval shaded. */
export interface ChartBand {
  readonly id: string;
  readonly name: string;
  readonly unit: string;
  /** [ts, point, lower, upper] ascending by time. */
  readonly data: ReadonlyArray<readonly [number, number, number, number]>;
}

export interface TimeChartProps {
  readonly series: readonly ChartSeries[];
  /** Forecast bands (optional). */
  readonly bands?: readonly ChartBand[];
  /** Fixed x range; without it the axis follows the data (live mode). */
  readonly window?: { readonly from: number; readonly to: number } | undefined;
  /** Width of the shown time span, ms: picks the axis label format. */
  readonly span: number;
  /** Called (debounced) with the visible window after the user zooms. */
  readonly onZoom?: (from: number, to: number) => void;
  readonly label: string;
  readonly height?: number;
}

const MAX_AXES = 3;

/** ECharts may call label formatters with a missing or non-finite value (empty data). */
const fmtTime = (f: Intl.DateTimeFormat, v: unknown): string => {
  const n = typeof v === 'number' ? v : Number(v);
  return Number.isFinite(n) ? f.format(n) : '';
};

const NO_BANDS: readonly ChartBand[] = [];

/** One invisible line of a band's stack: its lower edge, or its width shaded above that edge. */
const bandEdge = (b: ChartBand, yAxisIndex: number, part: 'lower' | 'width', data: number[][]) => ({
  id: `${b.id}#${part}`,
  type: 'line',
  showSymbol: false,
  yAxisIndex,
  stack: `${b.id}#band`,
  lineStyle: { opacity: 0 },
  ...(part === 'width' ? { areaStyle: { opacity: 0.2 } } : {}),
  tooltip: { show: false },
  data,
});

/** ECharts series for the bands: dashed forecast, then an invisible lower edge and the stacked width. */
function bandSeries(bands: readonly ChartBand[], axisOf: (unit: string) => number): unknown[] {
  return bands.flatMap((b) => {
    const yAxisIndex = axisOf(b.unit);
    return [
      {
        id: `${b.id}#point`,
        name: b.name,
        type: 'line',
        showSymbol: false,
        yAxisIndex,
        lineStyle: { type: 'dashed' },
        data: b.data.map((d) => [d[0], d[1]]),
      },
      bandEdge(
        b,
        yAxisIndex,
        'lower',
        b.data.map((d) => [d[0], d[2]]),
      ),
      bandEdge(
        b,
        yAxisIndex,
        'width',
        b.data.map((d) => [d[0], d[3] - d[2]]),
      ),
    ];
  });
}

/** Reports the visible window once the user has stopped zooming for 400 ms. */
const watchZoom =
  (zoomRef: { readonly current: TimeChartProps['onZoom'] }) =>
  (c: ECharts): (() => void) => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    c.on('datazoom', () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => {
        const dz = (c.getOption() as { dataZoom?: Array<{ startValue?: number; endValue?: number }> })
          .dataZoom?.[0];
        if (dz?.startValue !== undefined && dz.endValue !== undefined)
          zoomRef.current?.(dz.startValue, dz.endValue);
      }, 400);
    });
    return () => {
      if (timer) clearTimeout(timer);
    };
  };

export function TimeChart({
  series,
  bands = NO_BANDS,
  window,
  span,
  onZoom,
  label,
  height = 380,
}: TimeChartProps) {
  const zoomRef = useRef(onZoom);
  zoomRef.current = onZoom;
  const i18n = useI18n();
  const { el, chart } = useChart(undefined, watchZoom(zoomRef));

  // Axes and formatting change rarely: a full option with notMerge. Data changes often: merged.
  const units = [...new Set(series.map((s) => s.unit))];
  const unitKey = units.join('|');
  const from = window?.from;
  const to = window?.to;
  // biome-ignore lint/correctness/useExhaustiveDependencies: rebuilt when the units, locale or window change
  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const axes = units.slice(0, MAX_AXES);
    const dateFmt = new Intl.DateTimeFormat(
      i18n.locale,
      span > 2 * 86_400_000
        ? { month: 'short', day: 'numeric' }
        : { hour: '2-digit', minute: '2-digit', ...(span < 600_000 ? { second: '2-digit' } : {}) },
    );
    const tipFmt = new Intl.DateTimeFormat(i18n.locale, { dateStyle: 'medium', timeStyle: 'medium' });
    c.setOption(
      {
        animation: false,
        aria: { enabled: true, label: { description: label } },
        grid: { left: 64, right: 24 + Math.max(0, axes.length - 1) * 64, top: 40, bottom: 70 },
        legend: { type: 'scroll', top: 0 },
        tooltip: {
          trigger: 'axis',
          valueFormatter: undefined,
          formatter: (params: unknown) => {
            const ps = params as Array<{ seriesIndex: number; value: [number, number]; marker: string }>;
            const first = ps[0];
            if (!first) return '';
            const lines = ps.flatMap((p) => {
              const s = series[p.seriesIndex];
              // ECharts puts the returned markup into innerHTML: names and units are user data.
              if (s) return [p.marker + html`${s.name}: <b>${i18n.num(p.value[1], 3)}</b> ${s.unit}`];
              const k = p.seriesIndex - series.length;
              const b = k % 3 === 0 ? bands[k / 3] : undefined;
              const row = b?.data.find((d) => d[0] === p.value[0]);
              return b && row
                ? [
                    p.marker +
                      html`${b.name}: <b>${i18n.num(row[1], 3)}</b> [${i18n.num(row[2], 3)}, ${i18n.num(row[3], 3)}] ${b.unit}`,
                  ]
                : [];
            });
            return `${escapeHtml(fmtTime(tipFmt, first.value[0]))}<br/>${lines.join('<br/>')}`;
          },
        },
        xAxis: {
          type: 'time',
          ...(from === undefined ? {} : { min: from }),
          ...(to === undefined ? {} : { max: to }),
          axisLabel: { formatter: (v: number) => fmtTime(dateFmt, v), hideOverlap: true },
        },
        yAxis: (axes.length > 0 ? axes : ['']).map((u, i) => ({
          type: 'value',
          name: u,
          scale: true,
          position: i === 0 ? 'left' : 'right',
          offset: i <= 1 ? 0 : (i - 1) * 64,
          axisLine: { show: true },
          axisLabel: { formatter: (v: number) => i18n.num(v, 2) },
          splitLine: { show: i === 0 },
        })),
        dataZoom: [
          { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
          {
            type: 'slider',
            xAxisIndex: 0,
            filterMode: 'none',
            height: 22,
            bottom: 12,
            labelFormatter: (v: number) => fmtTime(dateFmt, v),
          },
        ],
        series: [
          ...series.map((s) => ({
            id: s.id,
            name: s.name,
            type: 'line',
            showSymbol: false,
            sampling: 'lttb',
            yAxisIndex: Math.min(Math.max(0, units.indexOf(s.unit)), MAX_AXES - 1),
            data: s.data,
          })),
          ...bandSeries(bands, (u) => Math.min(Math.max(0, units.indexOf(u)), MAX_AXES - 1)),
        ],
      },
      { notMerge: true },
    );
  }, [
    unitKey,
    i18n,
    from,
    to,
    span,
    label,
    series.map((s) => s.id).join(','),
    bands.map((b) => b.id).join(','),
  ]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: units stand for the axes
  useEffect(() => {
    const axisOf = (u: string) => Math.min(Math.max(0, units.indexOf(u)), MAX_AXES - 1);
    chart.current?.setOption(
      { series: [...series.map((s) => ({ id: s.id, data: s.data })), ...bandSeries(bands, axisOf)] },
      { lazyUpdate: true, silent: true },
    );
  }, [series, bands]);

  return <div ref={el} className="chart" style={{ height }} role="img" aria-label={label} />;
}
