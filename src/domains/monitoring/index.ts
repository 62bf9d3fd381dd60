/** Monitoring: detectors and alarm rules over live series. */
export { createSeriesMonitor, type SeriesMonitor, type SeriesMonitorOptions } from './series-monitor.js';
