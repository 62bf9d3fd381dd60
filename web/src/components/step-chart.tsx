/**
 * A line chart over a numeric x axis (training step or boosting round), for per-step metrics of
 * training runs; several runs' curves can share one chart.
 */
import { useMemo } from 'react';
import { Chart } from './chart.js';

export interface StepSeries {
  readonly name: string;
  /** `[step, value]` pairs (JSON has no tuples: they arrive as arrays). */
  readonly data: ReadonlyArray<readonly number[]>;
  readonly dashed?: boolean;
}

export function StepChart(props: {
  readonly series: readonly StepSeries[];
  readonly xLabel: string;
  readonly yLabel: string;
  readonly label: string;
  readonly height?: number;
}) {
  const option = useMemo(
    () => ({
      animation: false,
      grid: { left: 60, right: 20, top: 40, bottom: 60 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'value', name: props.xLabel, nameLocation: 'middle', nameGap: 28, min: 'dataMin' },
      yAxis: { type: 'value', name: props.yLabel, scale: true },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 4 }],
      series: props.series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: false,
        data: s.data.map(([x, y]) => [x, y]),
        ...(s.dashed ? { lineStyle: { type: 'dashed' } } : {}),
      })),
    }),
    [props.series, props.xLabel, props.yLabel],
  );
  // No framed `.chart` panel: the runs page draws this chart bare, as it always has.
  return <Chart option={option} label={props.label} height={props.height ?? 320} className="" />;
}
