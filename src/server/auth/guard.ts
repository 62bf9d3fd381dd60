/**
 * Every route says what it needs where it is defined. `route(permission, config)` replaces bare
 * `createRoute`: it puts the permission check in front of the route's validators (so a refused
 * request is 401/403 before its body is even read), and writes the OpenAPI `security` entry and an
 * `x-permission` extension into the operation, so the API description shows the same rule the
 * server enforces. Routes registered by hand (streamed bodies) use `documented` and `guard`.
 *
 * The auth middleware only authenticates; it never decides. A route nobody declared would
 * therefore be reachable by anyone, so `assertEveryRouteGuarded` (run by `createServer`) refuses
 * to build an app with such a route.
 */
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import type { Hono, MiddlewareHandler } from 'hono';
import { can, type Permission, type Principal, XinzhiError } from '../../core/index.js';
import type { AuthVariables } from './middleware.js';

/** What a route needs: one permission, or nothing at all (`public`: health, the API description, sign-in). */
export type Access = Permission | 'public';

/** OpenAPI security requirements of a protected operation: a key, or a session cookie. */
export const SECURITY: ReadonlyArray<Record<string, string[]>> = [{ bearer: [] }, { session: [] }];

const ACCESS = Symbol('xinzhi.access');
type Guard = MiddlewareHandler<{ Variables: AuthVariables }> & { [ACCESS]: Access };

/**
 * The check itself: 401 when nobody authenticated, 403 (naming the permission and the role) when
 * the principal lacks the permission. `public` lets everyone through.
 */
export function guard(access: Access): Guard {
  const mw: MiddlewareHandler<{ Variables: AuthVariables }> = async (c, next) => {
    if (access === 'public') return next();
    // The auth middleware leaves the principal unset for requests without credentials.
    const p = c.get('principal') as Principal | undefined;
    if (p === undefined)
      throw new XinzhiError('UNAUTHENTICATED', 'sign in, or send an API key: Authorization: Bearer xz_…', {
        field: 'authorization',
      });
    if (!can(p, access))
      throw new XinzhiError(
        'FORBIDDEN',
        `permission '${access}' is needed for ${c.req.method} ${c.req.path}; role '${p.role}' does not have it`,
        { field: 'authorization', context: { permission: access, role: p.role } },
      );
    return next();
  };
  return Object.assign(mw, { [ACCESS]: access });
}

/**
 * The OpenAPI fields that document `access` on an operation, for routes registered by hand:
 * `registerPath({ ...documented('data:write'), method: 'post', … })`.
 */
export const documented = (access: Access) => ({
  security: access === 'public' ? [] : [...SECURITY],
  'x-permission': access,
});

/**
 * `createRoute` with the access it needs.
 *
 * @example
 * const list = guardedRoute('read', { method: 'get', path: '/series', responses: { ... } });
 */
export function guardedRoute<P extends string, R extends Omit<RouteConfig, 'path'> & { path: P }>(
  access: Access,
  config: R,
): ReturnType<typeof createRoute<P, R>> {
  const own = config.middleware === undefined ? [] : [config.middleware].flat();
  // The guard goes first, before the route's own middleware and validators. The cast keeps the
  // route's type as written: the guard adds no variables, so handlers see the same env.
  return createRoute<P, R>({ ...config, ...documented(access), middleware: [guard(access), ...own] } as R);
}

/** The access a handler declares, if it is a guard. */
export const accessOf = (handler: unknown): Access | undefined =>
  typeof handler === 'function' ? (handler as Partial<Guard>)[ACCESS] : undefined;

/**
 * `METHOD path` → declared access for every route of `app`. Middleware registered with `use`
 * (method ALL, a wildcard path) belongs to no route and is skipped; everything else must carry a
 * guard, or it maps to undefined.
 */
export function routeAccess(app: Pick<Hono, 'routes'>): Map<string, Access | undefined> {
  const out = new Map<string, Access | undefined>();
  for (const r of app.routes) {
    if (r.method === 'ALL' && r.path.endsWith('*')) continue;
    const key = `${r.method} ${r.path}`;
    const access = accessOf(r.handler);
    if (!out.has(key) || access !== undefined) out.set(key, out.get(key) ?? access);
  }
  return out;
}

/** Throws, listing them, when any route of `app` has no declared access. */
export function assertEveryRouteGuarded(app: Pick<Hono, 'routes'>): void {
  const missing = [...routeAccess(app)].filter(([, a]) => a === undefined).map(([k]) => k);
  if (missing.length > 0)
    throw new Error(
      `routes without a declared permission (use route()/guard() from server/auth/guard.ts): ${missing.join(', ')}`,
    );
}
