/**
 * The OPC UA client connector. Not re-exported from `ingest/index.ts`: node-opcua takes seconds to
 * load, so commands and the server import this module only when an OPC UA connector is used.
 */
export {
  type BrowsedVariable,
  type BrowseOptions,
  type BrowseOutcome,
  type BrowseProgress,
  browseVariables,
} from './browse.js';
export {
  type OpcuaConnector,
  type OpcuaConnectorOptions,
  type OpcuaStatus,
  startOpcuaConnector,
} from './connector.js';
export { ucumOfUnitId, uneceCode } from './engineering-units.js';
export {
  connectOpcua,
  type OpcuaConnection,
  type OpcuaConnectOptions,
  openPki,
  SECURITY_MODES,
  SECURITY_POLICIES,
  type SecurityModeName,
  type SecurityPolicyName,
} from './session.js';
export { type StatusVerdict, statusVerdict } from './status-quality.js';
export {
  type MonitoredSeries,
  type SubscribeOptions,
  type SubscriptionSet,
  subscribeSeries,
} from './subscribe.js';
export {
  asNodeValue,
  createNodeWriter,
  type NodeWriter,
  type NodeWriterOptions,
  type WriteLimits,
  type WriteOutcome,
} from './write.js';
