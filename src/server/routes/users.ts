/**
 * Users of the admin's own organisation: list, create, disable, enable, reset a password. An admin
 * limited to sites sees and manages only users limited to those sites (as it can only create
 * such users). Like every write out of scope, changing a user outside it is refused (403); an id
 * that names no user at all is 404.
 */
import { z } from '@hono/zod-openapi';
import { type Principal, ROLES, XinzhiError } from '../../core/index.js';
import { auditNote } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { createUser, disableUser, enableUser, publicUser, resetPassword } from '../auth/users.js';
import { router, type ServerDeps } from '../context.js';
import { IdParam, jsonResponse, notFoundResponse, problemResponses } from '../schemas.js';

const UserSchema = z
  .object({
    id: z.number().int(),
    username: z.string(),
    role: z.enum(ROLES),
    org: z.string(),
    sites: z.array(z.string()).nullable(),
    oidc: z.object({ issuer: z.string(), subject: z.string() }).nullable(),
    createdAt: z.number(),
    passwordChangedAt: z.number().nullable(),
    disabledAt: z.number().nullable(),
  })
  .openapi('User');

const Password = z.string().min(1).max(4096).openapi({ description: 'At least 12 characters' });

const UserCreate = z
  .object({
    username: z.string().min(1).max(64),
    password: Password,
    role: z.enum(ROLES),
    sites: z.array(z.string().min(1).max(100)).min(1).max(1000).nullable().optional(),
  })
  .strict()
  .openapi('UserCreate', { description: "Created in the caller's organisation" });

const list = guardedRoute('access:manage', {
  method: 'get',
  path: '/users',
  tags: ['users'],
  summary: "Users of the caller's organisation",
  responses: { 200: jsonResponse(z.object({ users: z.array(UserSchema) }), 'Users'), ...problemResponses },
});
const create = guardedRoute('access:manage', {
  method: 'post',
  path: '/users',
  tags: ['users'],
  summary: 'Create a user (password hashed with scrypt; never returned)',
  request: { body: { required: true, content: { 'application/json': { schema: UserCreate } } } },
  responses: { 201: jsonResponse(UserSchema, 'The user'), ...problemResponses },
});
const action = (path: string, summary: string) =>
  guardedRoute('access:manage', {
    method: 'post',
    path: `/users/{id}/${path}`,
    tags: ['users'],
    summary,
    request: { params: IdParam },
    responses: { 200: jsonResponse(UserSchema, 'The user'), ...problemResponses, ...notFoundResponse },
  });
const disable = action('disable', 'Disable a user: sign-in refused, sessions and live streams end now');
const enable = action('enable', 'Enable a disabled user again');
const passwd = guardedRoute('access:manage', {
  method: 'post',
  path: '/users/{id}/password',
  tags: ['users'],
  summary: "Set a user's password; the user's sessions end",
  request: {
    params: IdParam,
    body: {
      required: true,
      content: { 'application/json': { schema: z.object({ password: Password }).strict() } },
    },
  },
  responses: { 200: jsonResponse(UserSchema, 'The user'), ...problemResponses, ...notFoundResponse },
});

/**
 * Whether `p` may see and manage `u`: a user of its organisation, and for an admin limited to
 * sites one limited to some of them (else a plant admin could reset an org-wide admin's password).
 */
function manages(p: Principal, u: { org: string; sites: readonly string[] | null }): boolean {
  if (p.kind === 'system') return true;
  if (u.org !== p.scope.org) return false;
  const mine = p.scope.sites;
  return mine === null || u.sites?.every((s) => mine.includes(s)) === true;
}

export function userRoutes(deps: ServerDeps) {
  /** The user, if the caller may manage it. */
  const own = async (p: Principal, id: number) => {
    const u = await deps.store.getUser(id);
    if (!u) throw new XinzhiError('NOT_FOUND', `no user ${id}`, { field: 'id' });
    if (!manages(p, u))
      throw new XinzhiError('FORBIDDEN', `user ${id} is outside your scope`, { field: 'id' });
    return u;
  };
  return router()
    .openapi(list, async (c) => {
      const p = c.get('principal');
      const users = (await deps.store.listUsers(p.scope.org)).filter((u) => manages(p, u));
      return c.json({ users: users.map(publicUser) }, 200);
    })
    .openapi(create, async (c) => {
      const p = c.get('principal');
      const b = c.req.valid('json');
      if (p.scope.sites !== null && (b.sites ?? null) === null)
        throw new XinzhiError(
          'FORBIDDEN',
          'an admin limited to sites can only create users limited to them',
          {
            field: 'sites',
          },
        );
      if (p.scope.sites !== null && b.sites?.some((s) => !p.scope.sites?.includes(s)))
        throw new XinzhiError('FORBIDDEN', 'sites outside your own scope', { field: 'sites' });
      const u = await createUser(deps, { ...b, sites: b.sites ?? null, org: p.scope.org }, deps.clock.now());
      auditNote(c, { action: 'user.create', target: String(u.id), after: publicUser(u) });
      return c.json(publicUser(u), 201);
    })
    .openapi(disable, async (c) => {
      const before = await own(c.get('principal'), c.req.valid('param').id);
      const u = await disableUser(deps, before.id, deps.clock.now());
      auditNote(c, {
        action: 'user.disable',
        target: String(u.id),
        before: publicUser(before),
        after: publicUser(u),
      });
      return c.json(publicUser(u), 200);
    })
    .openapi(enable, async (c) => {
      const before = await own(c.get('principal'), c.req.valid('param').id);
      const u = await enableUser(deps, before.id);
      auditNote(c, {
        action: 'user.enable',
        target: String(u.id),
        before: publicUser(before),
        after: publicUser(u),
      });
      return c.json(publicUser(u), 200);
    })
    .openapi(passwd, async (c) => {
      const before = await own(c.get('principal'), c.req.valid('param').id);
      const u = await resetPassword(deps, before.id, c.req.valid('json').password, deps.clock.now());
      // Before/after show that the password changed (its time), never a hash.
      auditNote(c, {
        action: 'user.password',
        target: String(u.id),
        before: publicUser(before),
        after: publicUser(u),
      });
      return c.json(publicUser(u), 200);
    });
}
