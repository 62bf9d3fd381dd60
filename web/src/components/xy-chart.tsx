/**
 * A line chart over a numeric x axis (seconds of a test or simulation), for curves that are not
 * timestamps: the tuning assistant's step/relay record and the before/after comparison.
 */
import { useMemo } from 'react';
import { useI18n } from '../i18n/i18n.js';
import { Chart } from './chart.js';

export interface XySeries {
  readonly name: string;
  readonly unit: string;
  readonly x: readonly number[];
  readonly y: readonly number[];
  readonly dashed?: boolean;
  /** Step line (piecewise constant), e.g. an output. */
  readonly step?: boolean;
}

export function XyChart(props: {
  series: readonly XySeries[];
  xName: string;
  label: string;
  height?: number;
}) {
  const i18n = useI18n();
  const option = useMemo(() => {
    const units = [...new Set(props.series.map((s) => s.unit))].slice(0, 2);
    return {
      animation: false,
      aria: { enabled: true, label: { description: props.label } },
      grid: { left: 64, right: units.length > 1 ? 64 : 24, top: 40, bottom: 40 },
      legend: { type: 'scroll', top: 0 },
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (typeof v === 'number' ? i18n.num(v, 2) : String(v)),
      },
      xAxis: { type: 'value', name: props.xName, nameLocation: 'middle', nameGap: 26, scale: true },
      yAxis: (units.length ? units : ['']).map((u, i) => ({
        type: 'value',
        name: u,
        scale: true,
        position: i === 0 ? 'left' : 'right',
        axisLine: { show: true },
        splitLine: { show: i === 0 },
      })),
      series: props.series.map((s) => ({
        name: s.name,
        type: 'line',
        showSymbol: false,
        ...(s.step ? { step: 'end' } : {}),
        lineStyle: s.dashed ? { type: 'dashed' } : {},
        yAxisIndex: Math.max(0, units.indexOf(s.unit)),
        data: s.x.map((x, i) => [x, s.y[i]]),
      })),
    };
  }, [props.series, props.xName, props.label, i18n]);
  return <Chart option={option} label={props.label} height={props.height ?? 300} />;
}
