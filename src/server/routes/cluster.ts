/**
 * `GET /api/v1/cluster`: which node answered, whether it is part of a NATS cluster, and who holds
 * each lease (the work that runs on one node at a time), as the cluster sees it.
 */
import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { createLocalLeases } from '../cluster/leases.js';
import { router, type ServerDeps } from '../context.js';
import { ProblemSchema, problemResponses } from '../schemas.js';

const ClusterSchema = z
  .object({
    nodeId: z.string().openapi({ description: 'This node (`xinzhi serve --node-id`)' }),
    nats: z.boolean().openapi({ description: 'Whether the node shares its live bus and leases over NATS' }),
    leases: z.record(z.string(), z.string()).openapi({
      description: 'Lease name → node id of its holder (`loop.<id>` leases only for `access:manage`)',
    }),
  })
  .openapi('Cluster');

const route = guardedRoute('read', {
  method: 'get',
  path: '/cluster',
  tags: ['health'],
  summary: 'This node, and the holder of each lease in the cluster',
  responses: {
    200: { description: 'The cluster view', content: { 'application/json': { schema: ClusterSchema } } },
    ...problemResponses,
    503: {
      description: 'The lease bucket cannot be read (NATS unreachable)',
      content: { 'application/problem+json': { schema: ProblemSchema } },
    },
  },
});

export function clusterRoutes(deps: ServerDeps) {
  const cluster = deps.cluster ?? { nodeId: 'local', nats: false, leases: createLocalLeases('local') };
  return router().openapi(route, async (c) => {
    let leases: Record<string, string>;
    try {
      leases = await cluster.leases.holders();
    } catch (e) {
      throw new XinzhiError('NATS_UNREACHABLE', `cannot read the lease bucket: ${(e as Error).message}`, {
        cause: e,
      });
    }
    // Loop ids name plants of one organisation: only access managers see every loop's holder.
    const p = c.get('principal');
    const all = p === undefined || p.permissions.has('access:manage');
    if (!all)
      leases = Object.fromEntries(Object.entries(leases).filter(([name]) => !name.startsWith('loop.')));
    return c.json({ nodeId: cluster.nodeId, nats: cluster.nats, leases }, 200);
  });
}
