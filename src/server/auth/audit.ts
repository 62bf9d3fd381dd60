/**
 * The audit log of every write. `auditMiddleware` appends one line per state-changing request
 * (any method but GET/HEAD/OPTIONS) after it is answered: who (the authenticated principal, never a
 * name the client sent), what (`action`, method, path, target), the status, when and from which
 * address. Handlers add what only they know with `auditNote`: a precise action, the target id,
 * the object before and after, a client-supplied comment. Refused anonymous writes (401) are not
 * logged, so a flood of them cannot fill the log, except sign-in attempts, which are.
 */
import type { Context, MiddlewareHandler } from 'hono';
import type { Clock, Logger, Principal } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { clientIp } from './client-ip.js';
import { asMiddleware } from './guard.js';
import type { AuthVariables } from './middleware.js';
import { isSafeMethod } from './sessions.js';

export interface AuditNote {
  /** e.g. `user.create`, `series.update`; default `http.write`. */
  readonly action?: string;
  readonly target?: string | undefined;
  readonly before?: unknown;
  readonly after?: unknown;
  /** Free text from the client (such as an old client's `user` field), kept only as a labelled comment. */
  readonly comment?: string;
  /** Who tried, when nobody authenticated (failed sign-in): the username they gave. */
  readonly claimedName?: string;
  /** The organisation the object belongs to, when not the actor's. */
  readonly org?: string;
}

export interface AuditVariables {
  audit: AuditNote | undefined;
}

/** Adds to (or overrides parts of) the audit line of this request. */
export function auditNote(c: Context, note: AuditNote): void {
  const prev = (c.get('audit') as AuditNote | undefined) ?? {};
  c.set('audit', { ...prev, ...note });
}

/** Actor fields of an audit line for a principal. */
export const actorOf = (p: Principal) => ({
  actorKind: p.kind,
  actorId: p.id,
  actorName: p.name,
  org: p.scope.org,
});

export function auditMiddleware(
  store: Pick<Store, 'appendAudit'>,
  clock: Clock,
  logger: Logger,
): MiddlewareHandler<{ Variables: AuthVariables & AuditVariables }> {
  return async (c, next) => {
    c.set('audit', undefined);
    await next();
    const note = c.get('audit');
    if (isSafeMethod(c.req.method) && note === undefined) return;
    const p = c.get('principal') as Principal | undefined;
    const status = c.res.status;
    if (!p && note?.claimedName === undefined) return;
    const actor = p
      ? actorOf(p)
      : {
          actorKind: 'anonymous',
          actorId: null,
          actorName: (note?.claimedName ?? '').slice(0, 200) || '(none)',
          org: null,
        };
    try {
      await store.appendAudit({
        ...actor,
        ...(note?.org === undefined ? {} : { org: note.org }),
        ts: clock.now(),
        action: note?.action ?? 'http.write',
        method: c.req.method,
        path: c.req.path.slice(0, 2000),
        target: note?.target?.slice(0, 2000) ?? null,
        status,
        ip: clientIp(c),
        before: note?.before ?? null,
        after: note?.after ?? null,
        comment: note?.comment?.slice(0, 2000) ?? null,
      });
    } catch (err) {
      // The request is done; losing its audit line is an operational error to see in the log.
      logger.error({ err, path: c.req.path }, 'audit: could not record a write');
    }
  };
}

/** Secrets never reach the log: a created key's `secret`, passwords, hashes, tokens. */
function redact(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return v;
  return Object.fromEntries(
    Object.entries(v).map(([k, x]) => [k, /secret|password|hash|token/i.test(k) ? '[redacted]' : x]),
  );
}

/**
 * The name the loop trail, alarm records and ledger show for whoever acts: always the
 * authenticated principal. A name the client sent (older clients' `user` field) is not trusted;
 * it goes to the audit log as a labelled comment only.
 */
export function actingAs(c: Context, clientName?: string): string {
  const p = c.get('principal') as Principal | undefined;
  if (clientName !== undefined) auditNote(c, { comment: `client-supplied name: ${clientName}` });
  if (!p) return 'anonymous';
  if (p.kind === 'user') return `user:${p.name}`;
  if (p.kind === 'key') return `key:${p.id} ${p.name}`;
  return p.kind;
}

/**
 * Middleware that puts the object before and after a change into the request's audit line:
 * `snapshot` reads it before the handler runs; after a successful change the response body (the
 * object as changed, which every such route returns) is the "after".
 */
export function auditSnapshot(
  action: (c: Context) => string,
  snapshot: (c: Context) => unknown,
  target: (c: Context) => string | undefined = (c) => c.req.param('id'),
): MiddlewareHandler {
  return asMiddleware<MiddlewareHandler>(async (c, next) => {
    if (isSafeMethod(c.req.method)) return next();
    let before: unknown = null;
    try {
      before = (await snapshot(c)) ?? null;
    } catch {
      before = null;
    }
    await next();
    if (!c.res.ok) return;
    let after: unknown = null;
    if ((c.res.headers.get('content-type') ?? '').includes('json'))
      after = await c.res
        .clone()
        .json()
        .then(redact)
        .catch(() => null);
    auditNote(c, { action: action(c), target: target(c), before, after });
  });
}
