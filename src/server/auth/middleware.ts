import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { type Principal, principalOf, type Role, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { verifyApiKey } from './api-key.js';
import type { AuthOptions } from './policy.js';
import {
  CSRF_HEADER,
  csrfMatches,
  csrfTokenOf,
  isSafeMethod,
  isSessionId,
  SESSION_COOKIE,
  type SessionOptions,
  sameOrigin,
  sessionDefaults,
  sessionHash,
} from './sessions.js';

/** The browser session a request came with. */
export interface ActiveSession {
  /** SHA-256 of the session id (the store's key). */
  readonly hash: string;
  /** The synchronizer token the page must send back in `X-CSRF-Token`. */
  readonly csrf: string;
  readonly expiresAt: number;
}

export interface AuthVariables {
  role: Role;
  /** The key used, or null in open mode. */
  keyId: number | null;
  /**
   * Who is acting, with their permissions and scope. Unset when the request carried no
   * credentials and the server is not open: only `public` routes run then (see guard.ts).
   */
  principal: Principal;
  /** Set when the request authenticated with a session cookie. */
  session: ActiveSession | undefined;
}

export type AuthStore = Pick<
  Store,
  | 'findApiKeyByHash'
  | 'countApiKeys'
  | 'countUsers'
  | 'listApiKeys'
  | 'getUser'
  | 'findSession'
  | 'touchSession'
  | 'deleteSession'
>;

import { noCredentialsYet } from './first-run.js';

export { noCredentialsYet };

/**
 * Authenticates; it never authorises. Each route's guard (guard.ts) checks the permission it
 * declared. Credentials that are present but wrong are 401 on every route, even in open mode, so
 * a typo never silently falls back to anonymous or open access. A session cookie that is unknown
 * or expired is ignored (the page then signs in again), and a cookie-authenticated request that
 * changes state must pass the CSRF checks of sessions.ts.
 */
export function authMiddleware(
  store: AuthStore,
  auth: AuthOptions,
  options: { sessions?: SessionOptions; now?: () => number } = {},
): MiddlewareHandler<{ Variables: AuthVariables }> {
  const s = sessionDefaults(options.sessions);
  const now = options.now ?? Date.now;
  return async (c, next) => {
    const header = c.req.header('authorization');
    // Keys come only in the header: a key in a URL ends up in logs, history and Referer headers.
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    c.set('session', undefined);
    if (header !== undefined && token === undefined)
      throw new XinzhiError('UNAUTHENTICATED', "Authorization header must be 'Bearer <API key>'", {
        field: 'authorization',
      });
    if (token !== undefined) {
      const key = await verifyApiKey(store, token);
      if (!key)
        throw new XinzhiError('UNAUTHENTICATED', 'unknown or revoked API key', { field: 'authorization' });
      c.set('role', key.role);
      c.set('keyId', key.id);
      c.set('principal', principalOf('key', key.id, key.name, key.role, key));
      return next();
    }
    const cookie = getCookie(c, SESSION_COOKIE);
    if (cookie !== undefined && isSessionId(cookie)) {
      const principal = await sessionPrincipal(store, cookie, now(), s);
      if (principal) {
        if (!isSafeMethod(c.req.method)) {
          if (!sameOrigin(c))
            throw new XinzhiError('FORBIDDEN', 'cross-origin request refused (Origin is not this server)', {
              field: 'origin',
            });
          if (!csrfMatches(c.req.header(CSRF_HEADER), principal.session.csrf))
            throw new XinzhiError(
              'FORBIDDEN',
              'missing or wrong X-CSRF-Token header (read it from GET /api/v1/auth/me)',
              { field: CSRF_HEADER },
            );
        }
        c.set('role', principal.principal.role);
        c.set('keyId', principal.principal.kind === 'key' ? principal.principal.id : null);
        c.set('principal', principal.principal);
        c.set('session', principal.session);
        return next();
      }
    }
    if (auth.mode === 'none' || (auth.loopbackOnly && (await noCredentialsYet(store)))) {
      c.set('role', 'admin');
      c.set('keyId', null);
      c.set('principal', principalOf('open', null, 'open', 'admin'));
    }
    return next();
  };
}

/** The principal of a live session, or undefined (deleting the session when it has ended). */
async function sessionPrincipal(
  store: AuthStore,
  id: string,
  now: number,
  o: Required<SessionOptions>,
): Promise<{ principal: Principal; session: ActiveSession } | undefined> {
  const hash = sessionHash(id);
  const rec = await store.findSession(hash);
  if (!rec) return undefined;
  let principal: Principal | undefined;
  if (rec.expiresAt > now && rec.lastSeenAt > now - o.idleMs) {
    if (rec.userId !== null) {
      const u = await store.getUser(rec.userId);
      if (u && u.disabledAt === null) principal = principalOf('user', u.id, u.username, u.role, u);
    } else if (rec.keyId !== null) {
      const k = (await store.listApiKeys()).find((x) => x.id === rec.keyId);
      if (k && k.revokedAt === null) principal = principalOf('key', k.id, k.name, k.role, k);
    }
  }
  if (!principal) {
    await store.deleteSession(hash);
    return undefined;
  }
  if (now - rec.lastSeenAt >= o.touchEveryMs) await store.touchSession(hash, now);
  return { principal, session: { hash, csrf: csrfTokenOf(id), expiresAt: rec.expiresAt } };
}
