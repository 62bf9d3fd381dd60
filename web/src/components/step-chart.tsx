/**
 * A line chart over a numeric x axis (training step or boosting round), for per-step metrics of
 * training runs; several runs' curves can share one chart. Only the ECharts parts used are imported.
 */
import { LineChart } from 'echarts/charts';
import { DataZoomComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, DataZoomComponent, CanvasRenderer]);

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
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
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
      },
      { notMerge: true },
    );
  }, [props.series, props.xLabel, props.yLabel]);
  return (
    <div
      ref={el}
      role="img"
      aria-label={props.label}
      style={{ height: props.height ?? 320, width: '100%' }}
    />
  );
}
