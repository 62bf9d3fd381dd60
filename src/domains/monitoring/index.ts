/** Monitoring: detectors and alarm rules over live series, and the alarms an operator asks for. */
export {
  ALARM_STATE_FILTERS,
  type AlarmFilter,
  type AlarmStateFilter,
  findAlarms,
  isShelved,
} from './alarm-filter.js';
export { type AnomalyHistory, anomalyHistory, type ScoredPoint } from './anomaly-history.js';
export { createLiveMonitor, type LiveMonitor, type LiveMonitorOptions, shardOf } from './live-monitor.js';
export {
  defaultMonitorConfig,
  loadMonitorConfig,
  MIN_MISSING_MS,
  MIN_STUCK_MS,
  MONITOR_CONFIG_NS,
  type MonitorConfig,
  type MonitorOverrides,
  mergeMonitorConfig,
  rulesOf,
  type SeriesMonitorConfig,
  type SignalKind,
  signalOf,
} from './monitor-config.js';
export {
  changeMonitorOverrides,
  MONITOR_RULES,
  type MonitorRulesChange,
  type MonitorRulesView,
  monitorRules,
  monitorSchemas,
  setMonitorOverrides,
} from './monitor-overrides.js';
export { monitorRulesCollection } from './monitor-rules-collection.js';
export {
  createSeriesMonitor,
  OPERATOR_DETECTOR,
  type SeriesMonitor,
  type SeriesMonitorOptions,
  type SuppressWhile,
} from './series-monitor.js';
