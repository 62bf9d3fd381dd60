import { type RefObject, useEffect, useRef } from 'react';
import { type ChartOption, type ECharts, echarts } from './echarts.js';

export interface ChartHandle {
  /** Put on the element the chart draws into. */
  readonly el: RefObject<HTMLDivElement | null>;
  /** The ECharts instance while the element is mounted, for charts that update in parts. */
  readonly chart: RefObject<ECharts | null>;
}

/**
 * One ECharts instance for the element's lifetime: created on mount, resized whenever the element
 * changes size (a ResizeObserver, so charts follow collapsing panels and not only the window), and
 * disposed on unmount. `setup` may attach event handlers; what it returns runs before disposal.
 * With `option`, the chart is redrawn from it (notMerge) whenever the option object changes, so
 * callers build it with `useMemo`.
 */
export function useChart(
  option?: ChartOption | null,
  setup?: (c: ECharts) => (() => void) | undefined,
): ChartHandle {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const setupRef = useRef(setup);
  setupRef.current = setup;
  useEffect(() => {
    const node = el.current;
    if (!node) return;
    const c = echarts.init(node, undefined, { renderer: 'canvas' });
    chart.current = c;
    const undo = setupRef.current?.(c);
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(node);
    return () => {
      undo?.();
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    if (option) chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return { el, chart };
}
