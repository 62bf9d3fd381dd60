import { OpenAPIHono } from '@hono/zod-openapi';
import type { AlarmService } from '../analytics/index.js';
import type { LoopManager } from '../control/index.js';
import { type Clock, type Limits, type Logger, parseTime, XinzhiError } from '../core/index.js';
import type { CleaningPipeline } from '../ingest/index.js';
import type { Store } from '../store/index.js';
import type { AuthVariables } from './auth/middleware.js';
import type { AuthOptions } from './auth/policy.js';
import type { LiveBus } from './live/bus.js';
import { sendProblem, validationProblem } from './problem.js';

export type AppEnv = { Variables: AuthVariables };

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
