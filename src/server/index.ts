export {
  createRulFeed,
  RUL_MAPPINGS_NS,
  type RulAssetStatus,
  type RulFeed,
  type RulMapping,
  type RulPoint,
  startRulFeed,
} from '../domains/maintenance/index.js';
export { API_VERSION, type CreateServerOptions, createServer } from './app.js';
export { type AccessEvent, type AccessEvents, createAccessEvents } from './auth/access-events.js';
export {
  API_KEY_RE,
  createApiKey,
  generateApiKey,
  hashApiKey,
  publicKey,
  verifyApiKey,
} from './auth/api-key.js';
export { auditCsv, auditNdjson, csvCell } from './auth/audit-export.js';
export { noCredentialsYet } from './auth/first-run.js';
export {
  type Access,
  accessOf,
  assertEveryRouteGuarded,
  guard,
  guardedRoute,
  routeAccess,
} from './auth/guard.js';
export { type OidcOptions, oidcFromEnv } from './auth/oidc.js';
export { hashPassword, verifyPassword } from './auth/password.js';
export { type AuthMode, type AuthOptions, isLoopbackHost } from './auth/policy.js';
export { type OrgOfSite, type ScopeCheck, scopeCheck, siteDirectory } from './auth/scope.js';
export { grantKeyScope, isInstallationAdmin } from './auth/scope-grants.js';
export { createUser, disableUser, enableUser, publicUser, resetPassword } from './auth/users.js';
export { createLocalLeases, type LeasedWork, type Leases } from './cluster/leases.js';
export { createNatsBus, type NatsBus, type NatsBusOptions } from './cluster/nats-bus.js';
export { createNatsLeases, type NatsLeases, type NatsLeasesOptions } from './cluster/nats-leases.js';
export { defaultNodeId } from './cluster/node-id.js';
export {
  type ConnectorManager,
  type ConnectorStatus,
  createConnectorManager,
  pkiFolderFor,
} from './connectors/connector-manager.js';
export {
  CONNECTOR_DOCS,
  type ConnectorInput,
  type ConnectorSpec,
  connectorCollection,
  connectorInputSchema,
} from './connectors/connector-spec.js';
export type { AppEnv, ServerDeps } from './context.js';
export { createLiveBus, type LiveBus } from './live/bus.js';
export { observeStore } from './live/observe-store.js';
export { type Problem, problem, problemType } from './problem.js';
export { type ServerHandle, type StartServerOptions, startServer } from './start.js';
