import type { MiddlewareHandler } from 'hono';
import { type Principal, principalOf, type Role, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { verifyApiKey } from './api-key.js';
import { type AuthOptions, requiredRole, roleAtLeast } from './policy.js';

export interface AuthVariables {
  role: Role;
  /** The key used, or null in open mode. */
  keyId: number | null;
  /** Who is acting, with their permissions and scope. */
  principal: Principal;
}

/** Paths anyone may read: health (for load balancers) and the API description. */
const PUBLIC = new Set(['/api/v1/health', '/api/openapi.json']);

/** Authenticates the Bearer key and enforces the role a route needs (see policy.ts). */
export function authMiddleware(
  store: Pick<Store, 'findApiKeyByHash' | 'countApiKeys'>,
  auth: AuthOptions,
): MiddlewareHandler<{ Variables: AuthVariables }> {
  return async (c, next) => {
    const path = c.req.path;
    if (PUBLIC.has(path) || !path.startsWith('/api/')) return next();
    const header = c.req.header('authorization');
    const query = path === '/api/v1/stream' ? c.req.query('access_token') : undefined;
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1] ?? query;
    let role: Role;
    if (header !== undefined && token === undefined)
      throw new XinzhiError('UNAUTHENTICATED', "Authorization header must be 'Bearer <API key>'", {
        field: 'authorization',
      });
    if (token !== undefined) {
      const key = await verifyApiKey(store, token);
      if (!key)
        throw new XinzhiError('UNAUTHENTICATED', 'unknown or revoked API key', { field: 'authorization' });
      role = key.role;
      c.set('keyId', key.id);
      c.set('principal', principalOf('key', key.id, key.name, key.role, key));
    } else if (auth.mode === 'none' || (auth.loopbackOnly && (await store.countApiKeys()) === 0)) {
      role = 'admin';
      c.set('keyId', null);
      c.set('principal', principalOf('open', null, 'open', 'admin'));
    } else {
      throw new XinzhiError('UNAUTHENTICATED', 'an API key is required: Authorization: Bearer xz_…', {
        field: 'authorization',
      });
    }
    const needed = requiredRole(c.req.method, path);
    if (!roleAtLeast(role, needed))
      throw new XinzhiError(
        'FORBIDDEN',
        `role '${role}' may not ${c.req.method} ${path}; it needs '${needed}'`,
        {
          field: 'authorization',
        },
      );
    c.set('role', role);
    return next();
  };
}
