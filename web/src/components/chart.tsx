/** A chart drawn from one ECharts option, with its accessible label: the common case of `useChart`. */
import type { ChartOption, ECharts } from '../lib/echarts.js';
import { useChart } from '../lib/use-chart.js';

export function Chart(props: {
  /** Build it with `useMemo`: a new object redraws the chart. */
  option: ChartOption | null;
  label: string;
  height?: number;
  testId?: string;
  className?: string;
  /** Attach event handlers (clicks on nodes, zoom); what it returns runs before the chart goes. */
  setup?: (c: ECharts) => (() => void) | undefined;
}) {
  const { el } = useChart(props.option, props.setup);
  return (
    <div
      ref={el}
      className={props.className ?? 'chart'}
      style={{ height: props.height ?? 300 }}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
    />
  );
}
