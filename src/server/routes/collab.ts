/**
 * Collaboration cases over HTTP (docs/collaboration.md): `POST /collab/delivery` (shared delivery,
 * every coalition routed on the routing worker) and `POST /collab/capacity` (pooled capacity, LPs
 * on the solver worker). Both answer the coalition table, the allocations and the sentences (en,
 * zh). Bodies are parsed by the domain, whose errors name the field. Request sizes are bounded
 * tighter than the CLI's: a request routes at most 63 coalitions of at most 60 orders.
 */
import type { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { collaboration } from '../../domains/index.js';
import { routing, solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router } from '../context.js';
import { problemResponses } from '../schemas.js';

/** Shippers per request: 63 coalitions routed. */
export const API_MAX_SHIPPERS = 6;
/** Orders per request, all shippers together. */
export const API_MAX_ORDERS = 60;

const CaseResult = collaboration.CaseResultSchema;

const route = <S extends z.ZodType>(path: string, summary: string, description: string, body: S) =>
  guardedRoute('plan', {
    method: 'post',
    path,
    tags: ['collaboration'],
    summary,
    description,
    request: {
      body: {
        required: true,
        content: {
          'application/json': { schema: body },
        },
      },
    },
    responses: {
      200: {
        description: 'Coalition table, allocations, core, sentences',
        content: { 'application/json': { schema: CaseResult } },
      },
      ...problemResponses,
    },
  });

const deliveryRoute = route(
  '/collab/delivery',
  'Shared delivery: route every coalition of shippers, split the saving by Shapley and nucleolus (operator)',
  `{depot: [x, y], capacity, cost_per_km?, cost_per_vehicle?, currency?, shippers: [{name, orders: [{at: [x, y], demand}]}]}; at most ${API_MAX_SHIPPERS} shippers and ${API_MAX_ORDERS} orders`,
  collaboration.sharedDeliverySchema,
);
const capacityRoute = route(
  '/collab/capacity',
  'Pooled capacity: joint production plan by LP, shared by shadow prices (Owen) and by Shapley (operator)',
  `{products: [{name, profit, uses: {resource: amount}}], partners: [{name, capacity: {resource: amount}}]}; at most ${collaboration.MAX_POOL_PARTNERS} partners`,
  collaboration.pooledCapacitySchema,
);

export function collabRoutes() {
  return router()
    .openapi(deliveryRoute, async (c) => {
      const body = c.req.valid('json');
      if (body.shippers.length > API_MAX_SHIPPERS)
        throw new XinzhiError(
          'BAD_INPUT',
          `at most ${API_MAX_SHIPPERS} shippers per request (the CLI takes more)`,
          {
            field: 'shippers',
          },
        );
      const orders = body.shippers.reduce((n, s) => n + s.orders.length, 0);
      if (orders > API_MAX_ORDERS)
        throw new XinzhiError('BAD_INPUT', `at most ${API_MAX_ORDERS} orders per request, got ${orders}`, {
          field: 'shippers',
        });
      const r = await collaboration.sharedDelivery(body, (p) => solveInWorker(p), {
        iterations: 300,
        timeLimitS: 0.5,
        route: (inst, options) => routing.solveInWorker(inst, options),
      });
      return c.json(r, 200);
    })
    .openapi(capacityRoute, async (c) => {
      const r = await collaboration.pooledCapacity(c.req.valid('json'), (p) => solveInWorker(p));
      return c.json(r, 200);
    });
}
