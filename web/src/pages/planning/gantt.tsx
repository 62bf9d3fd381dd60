/**
 * Gantt: one row per line, one block of the x axis per period; within a period each product's run
 * takes a width proportional to its hours over the period's regular hours (or the hours used, when
 * overtime ran), so a full period is a full block.
 */
import { useMemo } from 'react';
import type { Schema } from '../../api/client.js';
import { Chart } from '../../components/chart.js';
import { useI18n } from '../../i18n/i18n.js';
import { escapeHtml } from '../../lib/escape-html.js';
import { GanttTable } from './gantt-table.js';

type PlanResult = Schema<'PlanResult'>;

const PALETTE = ['#2f6fb0', '#d9822b', '#3a9a5b', '#a64ca6', '#c23b3b', '#6b7b8c', '#b59b00', '#1f9e9e'];

interface Block {
  readonly value: [number, number, number];
  readonly product: string;
  readonly quantity: number;
  readonly hours: number;
  readonly period: string;
  readonly line: string;
}

/** What ECharts hands a custom series' `renderItem`. */
interface RenderApi {
  value(i: number): number;
  coord(v: [number, number]): [number, number];
  size(v: [number, number]): [number, number];
  style(): Record<string, unknown>;
}

function blocksOf(result: PlanResult, lines: readonly string[]): Block[] {
  const blocks: Block[] = [];
  for (const lp of result.lines) {
    const y = lines.indexOf(lp.line);
    const x0 = result.periods.indexOf(lp.period);
    const span = Math.max(lp.regularHours, lp.usedHours) || 1;
    let at = x0;
    for (const p of lp.production) {
      const w = (p.hours / span) * 0.96;
      blocks.push({
        value: [at, at + w, y],
        product: p.product,
        quantity: p.quantity,
        hours: p.hours,
        period: lp.period,
        line: lp.line,
      });
      at += w;
    }
  }
  return blocks;
}

export function Gantt({ result, lineNames }: { result: PlanResult; lineNames: ReadonlyMap<string, string> }) {
  const { t, num } = useI18n();
  const lines = useMemo(() => [...new Set(result.lines.map((l) => l.line))], [result]);
  const option = useMemo(() => {
    const products = [...new Set(result.lines.flatMap((l) => l.production.map((p) => p.product)))];
    const blocks = blocksOf(result, lines);
    return {
      animation: false,
      tooltip: {
        formatter: (p: { data: Block }) =>
          escapeHtml(
            t('planning.ganttTip', {
              product: p.data.product,
              quantity: num(p.data.quantity, 1),
              hours: num(p.data.hours, 1),
              line: p.data.line,
              period: p.data.period,
            }),
          ),
      },
      legend: { data: products, top: 0 },
      grid: { left: 110, right: 20, top: 32, bottom: 30 },
      xAxis: {
        type: 'value',
        min: 0,
        max: result.periods.length,
        interval: 1,
        axisLabel: { formatter: (v: number) => result.periods[v] ?? '' },
        splitLine: { show: true },
      },
      yAxis: {
        type: 'category',
        data: lines.map((l) => lineNames.get(l) ?? l),
        inverse: true,
      },
      series: products.map((product, i) => {
        const own = blocks.filter((b) => b.product === product);
        return {
          name: product,
          type: 'custom',
          itemStyle: { color: PALETTE[i % PALETTE.length] },
          encode: { x: [0, 1], y: 2 },
          data: own,
          renderItem: (params: { dataIndex: number }, a: RenderApi) => {
            const start = a.coord([a.value(0), a.value(2)]);
            const end = a.coord([a.value(1), a.value(2)]);
            const h = a.size([0, 1])[1] * 0.6;
            const width = Math.max(1, end[0] - start[0]);
            const block = own[params.dataIndex];
            // A label only where it fits: product and units, the hours are in the tooltip and table.
            const label = block ? `${product} ${num(block.quantity, 0)}` : '';
            return {
              type: 'group',
              children: [
                {
                  type: 'rect',
                  shape: { x: start[0], y: start[1] - h / 2, width, height: h },
                  style: a.style(),
                },
                ...(width > label.length * 7 + 6
                  ? [
                      {
                        type: 'text',
                        style: {
                          text: label,
                          x: start[0] + 4,
                          y: start[1],
                          verticalAlign: 'middle',
                          fill: '#fff',
                          font: '11px sans-serif',
                        },
                      },
                    ]
                  : []),
              ],
            };
          },
        };
      }),
    };
  }, [result, lines, lineNames, t, num]);
  return (
    <>
      {/* Not framed like the other charts: it sits in the plan view, between headings. */}
      <Chart
        option={option}
        label={t('planning.ganttLabel')}
        height={70 + lines.length * 56}
        testId="plan-gantt"
        className="gantt-chart"
      />
      <GanttTable result={result} lineNames={lineNames} />
    </>
  );
}
