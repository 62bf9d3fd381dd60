/** A chart over days (category axis), with optional horizontal marks (thresholds). */
import { useMemo } from 'react';
import { Chart } from '../../components/chart.js';

export interface DailySeries<D> {
  readonly name: string;
  readonly type: 'line' | 'bar';
  /** The day's value; `null` leaves a gap (a line breaks, no bar). */
  readonly value: (day: D, index: number) => number | null;
  readonly dashed?: boolean;
  readonly color?: string;
  readonly step?: boolean;
}

export function DailyChart<D extends { readonly date: string }>(props: {
  readonly label: string;
  readonly days: readonly D[];
  readonly series: readonly DailySeries<D>[];
  readonly unit: string;
  readonly marks?: ReadonlyArray<{ readonly name: string; readonly value: number }>;
  readonly testId: string;
  readonly height?: number;
}) {
  const { days, series, marks, unit } = props;
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 56, right: 24, top: 36, bottom: 28 },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ${unit}` : '—'),
      },
      xAxis: { type: 'category', data: days.map((d) => d.date) },
      yAxis: { type: 'value', name: unit, nameLocation: 'end' },
      series: series.map((s, i) => ({
        name: s.name,
        type: s.type,
        data: days.map(s.value),
        showSymbol: false,
        connectNulls: false,
        ...(s.step ? { step: 'end' } : {}),
        ...(s.color ? { itemStyle: { color: s.color }, lineStyle: { color: s.color } } : {}),
        ...(s.dashed ? { lineStyle: { type: 'dashed', ...(s.color ? { color: s.color } : {}) } } : {}),
        ...(i === 0 && marks?.length
          ? {
              markLine: {
                symbol: 'none',
                label: { formatter: '{b}', position: 'insideEndTop' },
                lineStyle: { type: 'dashed', color: '#c0392b' },
                data: marks.map((m) => ({ name: m.name, yAxis: m.value })),
              },
            }
          : {}),
      })),
    }),
    [days, series, marks, unit],
  );
  // No frame (class ""): the farm's charts sit in their sections without the panel border.
  return (
    <Chart
      option={option}
      label={props.label}
      testId={props.testId}
      height={props.height ?? 280}
      className=""
    />
  );
}
