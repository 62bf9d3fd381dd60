import { OpenAPIHono } from '@hono/zod-openapi';
import type { AlarmService } from '../analytics/index.js';
import type { LoopManager } from '../control/index.js';
import { type Clock, type Limits, type Logger, parseTime, XinzhiError } from '../core/index.js';
import type { CleaningPipeline } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import type { AccessEvents } from './auth/access-events.js';
import type { AuditVariables } from './auth/audit.js';
import type { LoginLimitOptions } from './auth/login-limiter.js';
import type { AuthVariables } from './auth/middleware.js';
import type { OidcOptions } from './auth/oidc.js';
import type { ScryptParams } from './auth/password.js';
import type { AuthOptions } from './auth/policy.js';
import type { SessionOptions } from './auth/sessions.js';
import type { Leases } from './cluster/leases.js';
import type { ConnectorManager } from './connectors/connector-manager.js';
import type { LiveBus } from './live/bus.js';
import { sendProblem, validationProblem } from './problem.js';

export type AppEnv = { Variables: AuthVariables & AuditVariables };

/** What every router gets: the wired dependency graph (see app.ts). */
export interface ServerDeps {
  readonly store: Store;
  readonly pipeline: CleaningPipeline;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly auth: AuthOptions;
  /** Live feed source for SSE; the store given here should be `observeStore(store, bus)`. */
  readonly bus: LiveBus;
  /** SSE heartbeat interval; default 15 s. */
  readonly heartbeatMs?: number;
  /** Largest request body accepted by batch ingest, in bytes; default `limits.bodyBytes.points`. */
  readonly maxBodyBytes?: number;
  /** What one request may make the server do; default `DEFAULT_LIMITS`. */
  readonly limits?: Limits;
  /** The alarm service shared with live monitoring; default one over `store`, without notifications. */
  readonly alarms?: AlarmService;
  /** Live monitoring, told when an operator changes a series' alarm rules. */
  readonly monitoring?: { reload(seriesId: string): Promise<void> };
  /** The running control loops; default a manager whose loops read the bus and have no broker. */
  readonly loops?: LoopManager;
  /**
   * Announces revoked keys, disabled users and the end of first-run mode, so live connections of
   * that principal end (SSE here, MQTT in the broker). Default: an emitter of this app only.
   */
  readonly access?: AccessEvents;
  /**
   * How often a live stream re-reads its rights from the store, to notice keys revoked or users
   * disabled by another process (the CLI); changes through this server end streams at once. Default 5 s.
   */
  readonly rightsRecheckMs?: number;
  /** Optional OpenID Connect sign-in (auth/oidc.ts); off by default. */
  readonly oidc?: OidcOptions;
  /** Session lifetimes (idle 30 min, absolute 12 h by default). */
  readonly sessions?: SessionOptions;
  /** Failed sign-in limits (see login-limiter.ts for the defaults). */
  readonly loginLimits?: LoginLimitOptions;
  /** This node and its leases, for `GET /api/v1/cluster`; default a lone node `local` holding every lease. */
  readonly cluster?: { readonly nodeId: string; readonly nats: boolean; readonly leases: Leases };
  /** The connectors this server runs (OPC UA, Modbus, Sparkplug); without it the API lists declarations only. */
  readonly connectors?: ConnectorManager;
  /** scrypt cost of new password hashes; default `DEFAULT_SCRYPT` (N=2^17, r=8, p=1). */
  readonly passwordParams?: ScryptParams;
}

/** A router whose zod failures become problem+json naming the field. */
export const router = (): OpenAPIHono<AppEnv> =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success)
        return sendProblem(c, validationProblem(result.error, result.target, new URL(c.req.url).pathname));
      return undefined;
    },
  });

/** Reads an ISO 8601 / epoch-ms query parameter, naming it when it is not a time. */
export function timeParam(value: string | undefined, field: string, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const t = parseTime(value);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `'${value}' is not an ISO 8601 time or epoch milliseconds`, { field });
  return t;
}
