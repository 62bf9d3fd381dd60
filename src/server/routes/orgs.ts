import { z } from '@hono/zod-openapi';
import { can, XinzhiError } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { principalOfRequest } from '../auth/scope.js';
import { isInstallationAdmin } from '../auth/scope-grants.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

export const OrgSchema = z
  .object({ id: z.string(), name: z.string(), createdAt: z.number() })
  .openapi('Organisation');

const list = guardedRoute('read', {
  method: 'get',
  path: '/orgs',
  tags: ['access'],
  summary: "Organisations: all for the installation's admin, otherwise one's own",
  responses: {
    200: {
      description: 'Organisations',
      content: { 'application/json': { schema: z.object({ orgs: z.array(OrgSchema) }) } },
    },
    ...problemResponses,
  },
});

const create = guardedRoute('access:manage', {
  method: 'post',
  path: '/orgs',
  tags: ['access'],
  summary: "Create an organisation (the installation's admin: an unrestricted admin of 'default')",
  request: {
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              id: z.string().min(1).max(100).openapi({ example: 'acme' }),
              name: z.string().min(1).max(200).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    201: { description: 'The organisation', content: { 'application/json': { schema: OrgSchema } } },
    ...problemResponses,
  },
});

export function orgRoutes(deps: ServerDeps) {
  return router()
    .openapi(list, async (c) => {
      const p = principalOfRequest(c);
      const orgs = await deps.store.listOrgs();
      const all = can(p, 'access:manage') && isInstallationAdmin(p);
      return c.json({ orgs: all ? orgs : orgs.filter((o) => o.id === p.scope.org) }, 200);
    })
    .openapi(create, async (c) => {
      const p = principalOfRequest(c);
      if (!(can(p, 'access:manage') && isInstallationAdmin(p)))
        throw new XinzhiError(
          'FORBIDDEN',
          "only an unrestricted admin of organisation 'default' creates organisations",
          { field: 'authorization' },
        );
      const { id, name } = c.req.valid('json');
      return c.json(await deps.store.createOrg({ id, name: name ?? id, createdAt: deps.clock.now() }), 201);
    });
}
