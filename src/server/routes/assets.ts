import { z } from '@hono/zod-openapi';
import type { Asset } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { type AssetNode, AssetNodeSchema, problemResponses } from '../schemas.js';

const route = guardedRoute('read', {
  method: 'get',
  path: '/assets',
  tags: ['assets'],
  summary: 'The asset hierarchy (site → area → line → equipment) as a tree',
  request: {
    query: z.object({
      root: z
        .string()
        .optional()
        .openapi({ description: 'Only the subtree under this asset id', example: 'plant1' }),
    }),
  },
  responses: {
    200: {
      description: 'Root nodes with their children',
      content: { 'application/json': { schema: z.object({ assets: z.array(AssetNodeSchema) }) } },
    },
    ...problemResponses,
  },
});

/** Builds the tree from a flat list ordered by id (parents before children). */
export function assetTree(assets: readonly Asset[]): AssetNode[] {
  const nodes = new Map<string, AssetNode>();
  const roots: AssetNode[] = [];
  for (const a of assets) nodes.set(a.id, { ...a, attributes: { ...a.attributes }, children: [] });
  for (const n of nodes.values()) {
    const parent = n.parentId === null ? undefined : nodes.get(n.parentId);
    if (parent) parent.children.push(n);
    else roots.push(n);
  }
  return roots;
}

export function assetRoutes(deps: ServerDeps) {
  return router().openapi(route, async (c) => {
    const { root } = c.req.valid('query');
    const scope = await scopeOf(c, deps.store);
    const assets = await deps.store.listAssets(root === undefined ? {} : { rootId: root });
    return c.json({ assets: assetTree(scope.filter(assets, (a) => a.id)) }, 200);
  });
}
