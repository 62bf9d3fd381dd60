/**
 * Maintenance: remaining useful life of machines on live data (the RUL monitor of one machine,
 * and the feed that runs one per mapped machine and keeps the mappings in
 * `maintenance.rul-mappings`).
 */
export {
  createRulFeed,
  type PointFeed,
  RUL_MAPPINGS_NS,
  type RulAssetStatus,
  type RulFeed,
  type RulFeedOptions,
  type RulMapping,
  type RulModelRef,
  type RulPoint,
  type RulState,
  rulMappingCollection,
  startRulFeed,
} from './rul-feed.js';
export { createRulMonitor, type RulMonitor, type RulMonitorOptions, type RulStatus } from './rul-monitor.js';
export { type RulStatusAtOptions, rulStatusAt } from './rul-status-at.js';
