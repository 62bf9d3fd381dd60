/**
 * The dashboard's one ECharts registration: every chart type and component any page draws, from
 * ECharts' tree-shakable entry points (the full `echarts` bundle is twice the size). Charts import
 * `echarts` from here, so adding a chart type is one line in one place.
 */
import { BarChart, CustomChart, GraphChart, HeatmapChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  LineChart,
  BarChart,
  ScatterChart,
  HeatmapChart,
  GraphChart,
  CustomChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };
export type ECharts = echarts.ECharts;
export type ChartOption = echarts.EChartsCoreOption;
