import type { MiddlewareHandler } from 'hono';
import { type Principal, principalOf, type Role, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { verifyApiKey } from './api-key.js';
import type { AuthOptions } from './policy.js';

export interface AuthVariables {
  role: Role;
  /** The key used, or null in open mode. */
  keyId: number | null;
  /**
   * Who is acting, with their permissions and scope. Unset when the request carried no
   * credentials and the server is not open: only `public` routes run then (see guard.ts).
   */
  principal: Principal;
}

/**
 * Authenticates; it never authorises. Each route's guard (guard.ts) checks the permission it
 * declared. Credentials that are present but wrong are 401 on every route, even in open mode, so
 * a typo never silently falls back to anonymous or open access.
 */
export function authMiddleware(
  store: Pick<Store, 'findApiKeyByHash' | 'countApiKeys'>,
  auth: AuthOptions,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const path = c.req.path;
    const header = c.req.header('authorization');
    const query = path === '/api/v1/stream' ? c.req.query('access_token') : undefined;
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? query;
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
    } else if (auth.mode === 'none' || (auth.loopbackOnly && (await store.countApiKeys()) === 0)) {
      c.set('role', 'admin');
      c.set('keyId', null);
      c.set('principal', principalOf('open', null, 'open', 'admin'));
    }
    return next();
  };
}
