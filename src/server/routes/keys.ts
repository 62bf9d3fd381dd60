import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { endFirstRun, endRevokedKey } from '../auth/access-events.js';
import { createApiKey, publicKey } from '../auth/api-key.js';
import { auditSnapshot } from '../auth/audit.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { grantKeyScope, mayManageKey } from '../auth/scope-grants.js';
import { router, type ServerDeps } from '../context.js';
import { ApiKeyCreateSchema, ApiKeySchema, IdParam, notFoundResponse, problemResponses } from '../schemas.js';

const list = guardedRoute('access:manage', {
  method: 'get',
  path: '/keys',
  tags: ['keys'],
  summary: 'API keys, without secrets (admin)',
  responses: {
    200: {
      description: 'Keys',
      content: { 'application/json': { schema: z.object({ keys: z.array(ApiKeySchema) }) } },
    },
    ...problemResponses,
  },
});

const create = guardedRoute('access:manage', {
  method: 'post',
  path: '/keys',
  tags: ['keys'],
  summary: 'Create a key (admin); the secret is in this response only',
  request: { body: { required: true, content: { 'application/json': { schema: ApiKeyCreateSchema } } } },
  responses: {
    201: {
      description: 'The key and its secret',
      content: { 'application/json': { schema: ApiKeySchema.extend({ secret: z.string() }) } },
    },
    ...problemResponses,
  },
});

const revoke = guardedRoute('access:manage', {
  method: 'delete',
  path: '/keys/{id}',
  tags: ['keys'],
  summary: 'Revoke a key (admin)',
  request: { params: IdParam },
  responses: {
    200: { description: 'The revoked key', content: { 'application/json': { schema: ApiKeySchema } } },
    ...problemResponses,
    ...notFoundResponse,
  },
});

export function keyRoutes(deps: ServerDeps) {
  const app = router();
  const snapshot = async (id: string | undefined) => {
    const k = (await deps.store.listApiKeys()).find((x) => String(x.id) === id);
    return k ? publicKey(k) : null;
  };
  app.use(
    '/keys',
    auditSnapshot(
      () => 'key.create',
      () => null,
      () => undefined,
    ),
  );
  app.use(
    '/keys/:id',
    auditSnapshot(
      () => 'key.revoke',
      (c) => snapshot(c.req.param('id')),
    ),
  );
  // Rights end at once: a revoked key's sessions and streams, and open access with the first key.
  app.use('/keys', endFirstRun(deps));
  app.use('/keys/:id', endRevokedKey(deps));
  // An admin sees and revokes only keys it could have created; others answer 404 (scope.ts).
  const manageable = async (c: Parameters<typeof scopeOf>[0]) => {
    const scope = await scopeOf(c, deps.store);
    const keys = await deps.store.listApiKeys();
    return { scope, keys: keys.filter((k) => mayManageKey(scope.principal, k, scope.orgOfSite)) };
  };
  return app
    .openapi(list, async (c) => c.json({ keys: (await manageable(c)).keys.map(publicKey) }, 200))
    .openapi(create, async (c) => {
      const body = c.req.valid('json');
      const scope = await scopeOf(c, deps.store);
      const granted = grantKeyScope(scope.principal, body, scope.orgOfSite);
      const { record, secret } = await createApiKey(
        deps.store,
        { name: body.name, role: body.role, ...granted },
        deps.clock.now(),
      );
      return c.json({ ...publicKey(record), secret }, 201);
    })
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid('param');
      const key = (await manageable(c)).keys.find((k) => k.id === id);
      if (!key) {
        // Like every write out of scope: 403 for a key that exists elsewhere, 404 for none at all.
        if ((await deps.store.listApiKeys()).some((k) => k.id === id))
          throw new XinzhiError('FORBIDDEN', `API key ${id} is outside your scope`, { field: 'id' });
        throw new XinzhiError('NOT_FOUND', `no API key ${id}`, { field: 'id' });
      }
      if (key.revokedAt === null) await deps.store.revokeApiKey(id);
      const after = (await deps.store.listApiKeys()).find((k) => k.id === id) ?? key;
      return c.json(publicKey(after), 200);
    });
}
