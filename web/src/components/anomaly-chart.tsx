/**
 * A series with its anomaly score: the values on top with the detector's alerts marked, the score
 * (0–1) below with the alert threshold, sharing one zoomable time axis.
 */
import { useMemo } from 'react';
import type { Schema } from '../api/client.js';
import { useI18n } from '../i18n/i18n.js';
import { Chart } from './chart.js';

type AnomalyScores = Schema<'AnomalyScores'>;

export function AnomalyChart({
  scores,
  unit,
  label,
  height = 420,
}: {
  scores: AnomalyScores;
  unit: string;
  label: string;
  height?: number;
}) {
  const i18n = useI18n();
  const { t } = i18n;

  const option = useMemo(() => {
    const fmt = new Intl.DateTimeFormat(i18n.locale, { hour: '2-digit', minute: '2-digit' });
    const pts = scores.points;
    return {
      animation: false,
      aria: { enabled: true, label: { description: label } },
      legend: { top: 0 },
      tooltip: { trigger: 'axis' },
      axisPointer: { link: [{ xAxisIndex: 'all' }] },
      grid: [
        { left: 64, right: 24, top: 36, height: '52%' },
        { left: 64, right: 24, top: '72%', bottom: 60 },
      ],
      xAxis: [
        { type: 'time', gridIndex: 0, axisLabel: { show: false } },
        {
          type: 'time',
          gridIndex: 1,
          axisLabel: { formatter: (v: number) => fmt.format(v), hideOverlap: true },
        },
      ],
      yAxis: [
        {
          type: 'value',
          gridIndex: 0,
          scale: true,
          name: unit,
          axisLabel: { formatter: (v: number) => i18n.num(v, 2) },
        },
        { type: 'value', gridIndex: 1, min: 0, max: 1, name: t('anomalies.score') },
      ],
      dataZoom: [
        { type: 'inside', xAxisIndex: [0, 1], filterMode: 'none' },
        { type: 'slider', xAxisIndex: [0, 1], filterMode: 'none', height: 20, bottom: 10 },
      ],
      series: [
        {
          name: t('common.value'),
          type: 'line',
          showSymbol: false,
          xAxisIndex: 0,
          yAxisIndex: 0,
          data: pts.map((p) => [p.ts, p.value]),
        },
        {
          name: t('anomalies.alerts'),
          type: 'scatter',
          xAxisIndex: 0,
          yAxisIndex: 0,
          symbolSize: 10,
          itemStyle: { color: '#d03030' },
          data: pts.filter((p) => p.alert).map((p) => [p.ts, p.value]),
        },
        {
          name: t('anomalies.score'),
          type: 'line',
          showSymbol: false,
          xAxisIndex: 1,
          yAxisIndex: 1,
          areaStyle: { opacity: 0.15 },
          data: pts.map((p) => [p.ts, p.score]),
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', color: '#d03030' },
            label: { formatter: t('anomalies.threshold') },
            data: [{ yAxis: scores.threshold }],
          },
        },
      ],
    };
  }, [scores, unit, label, i18n, t]);

  return <Chart option={option} label={label} height={height} />;
}
