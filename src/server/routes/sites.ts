import { z } from '@hono/zod-openapi';
import { can, DEFAULT_ORG, XinzhiError } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf, siteDirectory } from '../auth/scope.js';
import { isInstallationAdmin } from '../auth/scope-grants.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

export const SiteSchema = z
  .object({ id: z.string(), org: z.string(), name: z.string(), createdAt: z.number() })
  .openapi('Site');

const list = guardedRoute('read', {
  method: 'get',
  path: '/sites',
  tags: ['access'],
  summary: 'Registered sites in scope (unregistered sites belong to organisation default)',
  responses: {
    200: {
      description: 'Sites',
      content: { 'application/json': { schema: z.object({ sites: z.array(SiteSchema) }) } },
    },
    ...problemResponses,
  },
});

const put = guardedRoute('access:manage', {
  method: 'put',
  path: '/sites/{id}',
  tags: ['access'],
  summary: 'Register a site under an organisation, rename it, or move it (admin)',
  request: {
    params: z.object({
      id: z
        .string()
        .min(1)
        .max(100)
        .openapi({ param: { name: 'id', in: 'path' }, example: 'plant1' }),
    }),
    body: {
      required: true,
      content: {
        'application/json': {
          schema: z
            .object({
              org: z.string().min(1).max(100).optional().openapi({ description: "Default: the caller's" }),
              name: z.string().min(1).max(200).optional(),
            })
            .strict(),
        },
      },
    },
  },
  responses: {
    200: { description: 'The site', content: { 'application/json': { schema: SiteSchema } } },
    ...problemResponses,
  },
});

export function siteRoutes(deps: ServerDeps) {
  return router()
    .openapi(list, async (c) => {
      const scope = await scopeOf(c, deps.store);
      const p = scope.principal;
      const sites = await deps.store.listSites();
      const all = can(p, 'access:manage') && isInstallationAdmin(p);
      return c.json({ sites: all ? sites : sites.filter((s) => scope.covers(s.id)) }, 200);
    })
    .openapi(put, async (c) => {
      const { id } = c.req.valid('param');
      const body = c.req.valid('json');
      const scope = await scopeOf(c, deps.store);
      const p = scope.principal;
      const org = body.org ?? p.scope.org;
      const forbid = (why: string) => new XinzhiError('FORBIDDEN', why, { field: 'id' });
      if (!can(p, 'access:manage')) throw forbid(`${p.name} may not manage sites`);
      const existing = (await deps.store.listSites()).find((s) => s.id === id);
      if (!isInstallationAdmin(p)) {
        if (org !== p.scope.org) throw forbid(`${p.name} may register sites only in '${p.scope.org}'`);
        if (p.scope.sites !== null && !p.scope.sites.includes(id))
          throw forbid(`site '${id}' is outside the scope of ${p.name}`);
        if (existing && existing.org !== org) throw forbid(`site '${id}' belongs to another organisation`);
        // An unregistered site with data is the default organisation's: claiming it would expose it.
        if (!existing && (await deps.store.listAssets({ rootId: id })).length > 0 && org !== DEFAULT_ORG)
          throw forbid(`site '${id}' already holds assets of organisation '${DEFAULT_ORG}'`);
      }
      const site = await deps.store.putSite({
        id,
        org,
        name: body.name ?? existing?.name ?? id,
        createdAt: existing?.createdAt ?? deps.clock.now(),
      });
      siteDirectory(deps.store).invalidate();
      return c.json(site, 200);
    });
}
