/**
 * Logistics API: delivery plans and warehouse slotting.
 *
 * - `POST /logistics/plans` plans the day for posted orders and vans (hybrid genetic search in a
 *   worker thread, so the event loop keeps serving) and stores the plan: the delivery service's
 *   work (`domains/logistics/delivery-service.ts`); these handlers parse times and format.
 * - `GET /logistics/plans` lists stored plans (newest first), `GET /logistics/plans/{id}` gives one.
 * - `POST /logistics/plans/{id}/orders` adds orders mid-day and re-plans from `now`: stops already
 *   started, and each van's next stop, stay; the rest is re-optimised. The plan's revision grows.
 * - `POST /logistics/slotting` assigns SKUs to pick locations (JSON lists or the CSV texts the
 *   `slot` command reads) and reports the saving against the current layout.
 */
import { z } from '@hono/zod-openapi';
import { type Issue, issuesError, parseTime, type Result, XinzhiError } from '../../core/index.js';
import { logistics } from '../../domains/index.js';
import {
  parseLocationsCsv,
  parseSkusCsv,
  type Sku,
  type SlotLocation,
  slotSkus,
} from '../../optimize/slotting/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { jsonResponse, notFoundResponse, problemResponses } from '../schemas.js';
import { readOneRoute } from './read-one-route.js';

const Time = z
  .union([z.number(), z.string()])
  .openapi({ description: 'ISO 8601 time or epoch milliseconds', example: '2024-05-01T08:00:00+08:00' });

const PlaceSchema = z.object({ lat: z.number().min(-90).max(90), lon: z.number().min(-180).max(180) });

const OrderSchema = PlaceSchema.extend({
  id: z.string().min(1),
  demand: z.number().min(0).openapi({ description: "Quantity in the vans' capacity unit" }),
  window: z
    .tuple([Time, Time])
    .optional()
    .openapi({ description: 'Delivery window [from, to]; default the shift' }),
  serviceMin: z.number().min(0).optional().openapi({ description: 'Minutes at the stop (default 5)' }),
});

const VanSchema = z.object({
  id: z.string().min(1),
  capacity: z.number().positive(),
  shiftStart: Time,
  shiftEnd: Time,
});

export const PlanBodySchema = z
  .object({
    id: z
      .string()
      .regex(/^[A-Za-z0-9._-]{1,100}$/)
      .optional()
      .openapi({ description: 'Plan id (default: generated); posting an existing id replaces it' }),
    depot: PlaceSchema,
    orders: z.array(OrderSchema).max(2000),
    vans: z.array(VanSchema).min(1).max(200),
    speedKmh: z.number().positive().optional().openapi({ description: 'Average road speed (default 40)' }),
    costPerKm: z.number().min(0).optional().openapi({ description: 'Cost per km (default 1)' }),
    roadFactor: z
      .number()
      .min(1)
      .optional()
      .openapi({ description: 'Road / great-circle distance (default 1.3)' }),
    timeLimitS: z
      .number()
      .positive()
      .max(120)
      .optional()
      .openapi({ description: 'Search time, s (default 2)' }),
    seed: z.number().int().optional(),
  })
  .openapi('DeliveryPlanRequest');

const StoredPlanSchema = logistics.StoredDeliveryPlanSchema;

const PlanSummarySchema = z
  .object({
    id: z.string(),
    createdAt: z.number(),
    revision: z.number(),
    source: z.enum(['api', 'demo']),
    orders: z.number(),
    vans: z.number(),
    distanceKm: z.number(),
    feasible: z.boolean(),
  })
  .openapi('DeliveryPlanSummary');

const createPlan = guardedRoute('plan', {
  method: 'post',
  path: '/logistics/plans',
  tags: ['logistics'],
  summary: 'Plan deliveries: orders + vans → routes with times, loads and distances (operator)',
  request: { body: { content: { 'application/json': { schema: PlanBodySchema } }, required: true } },
  responses: { 201: jsonResponse(StoredPlanSchema, 'The stored plan'), ...problemResponses },
});

const listRoute = guardedRoute('read', {
  method: 'get',
  path: '/logistics/plans',
  tags: ['logistics'],
  summary: 'Stored delivery plans, newest first',
  responses: {
    200: jsonResponse(z.object({ plans: z.array(PlanSummarySchema) }), 'Plans'),
    ...problemResponses,
  },
});

const IdPath = z.object({ id: z.string().openapi({ param: { name: 'id', in: 'path' } }) });

const getRoute = readOneRoute({
  path: '/logistics/plans/{id}',
  tags: ['logistics'],
  summary: 'One delivery plan with its problem',
  params: IdPath,
  schema: StoredPlanSchema,
  description: 'The plan',
});

const addOrders = guardedRoute('plan', {
  method: 'post',
  path: '/logistics/plans/{id}/orders',
  tags: ['logistics'],
  summary: 'Add orders mid-day and re-plan what is not yet committed (operator)',
  request: {
    params: IdPath,
    body: {
      content: {
        'application/json': {
          schema: z.object({
            orders: z.array(OrderSchema).min(1).max(500),
            now: Time.optional().openapi({ description: 'Re-plan time (default: the server clock)' }),
            timeLimitS: z.number().positive().max(120).optional(),
            seed: z.number().int().optional(),
          }),
        },
      },
      required: true,
    },
  },
  responses: {
    200: jsonResponse(StoredPlanSchema, 'The new revision'),
    ...problemResponses,
    ...notFoundResponse,
  },
});

const SkuSchema = z.object({
  id: z.string().min(1),
  picks: z.number().min(0),
  size: z.number().positive().optional(),
  currentLocation: z.string().optional(),
});
const LocationSchema = z.object({
  id: z.string().min(1),
  distance: z.number().min(0),
  capacity: z.number().positive().optional(),
});

const slotting = guardedRoute('plan', {
  method: 'post',
  path: '/logistics/slotting',
  tags: ['logistics'],
  summary: 'Warehouse slotting: SKUs to locations by least expected travel, with the saving (operator)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              skus: z.array(SkuSchema).max(5000).optional(),
              locations: z.array(LocationSchema).max(5000).optional(),
              skusCsv: z.string().optional().openapi({ description: 'CSV as `xinzhi slot` reads it' }),
              locationsCsv: z.string().optional(),
            })
            .openapi('SlottingRequest'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: jsonResponse(
      z.object({
        skus: z.array(SkuSchema),
        locations: z.array(LocationSchema),
        assignments: z.array(z.object({ sku: z.string(), location: z.string(), travel: z.number() })),
        travel: z.number(),
        currentTravel: z.number().optional(),
        saving: z.number().optional(),
        savingPct: z.number().optional(),
        method: z.enum(['sort', 'hungarian']),
      }),
      'The assignment, its expected travel and the saving',
    ),
    ...problemResponses,
  },
});

/** Turns a failed Result into a 400 problem listing every issue. */
function unwrap<T>(r: Result<T>, prefix = ''): T {
  if (r.ok) return r.value;
  const issues = r.issues.map((i: Issue) => ({ ...i, where: prefix + (i.where ?? '') }));
  const first = issues[0];
  throw issuesError(issues, { detail: `${first?.where}: ${first?.message}` });
}

function time(v: number | string, field: string): number {
  const t = typeof v === 'number' ? v : parseTime(v);
  if (t === undefined || !Number.isFinite(t))
    throw new XinzhiError('BAD_INPUT', `'${v}' is not an ISO 8601 time or epoch milliseconds`, { field });
  return t;
}

type OrderIn = z.infer<typeof OrderSchema>;
const toOrder = (o: OrderIn, field: string): logistics.Order => ({
  id: o.id,
  lat: o.lat,
  lon: o.lon,
  demand: o.demand,
  ...(o.window
    ? { window: [time(o.window[0], `${field}.window.0`), time(o.window[1], `${field}.window.1`)] }
    : {}),
  ...(o.serviceMin !== undefined ? { serviceMin: o.serviceMin } : {}),
});

/** The domain types are deeply readonly; the JSON they serialise to is the schema's. */

const skuOf = (s: z.infer<typeof SkuSchema>): Sku => ({
  id: s.id,
  picks: s.picks,
  ...(s.size !== undefined ? { size: s.size } : {}),
  ...(s.currentLocation !== undefined ? { currentLocation: s.currentLocation } : {}),
});
const locationOf = (l: z.infer<typeof LocationSchema>): SlotLocation => ({
  id: l.id,
  distance: l.distance,
  ...(l.capacity !== undefined ? { capacity: l.capacity } : {}),
});

const summary = (p: logistics.StoredPlan) => ({
  id: p.id,
  createdAt: p.createdAt,
  revision: p.revision,
  source: p.source,
  orders: p.problem.orders.length,
  vans: p.problem.vans.length,
  distanceKm: p.plan.distanceKm,
  feasible: p.plan.feasible,
});

export interface LogisticsRouteOptions {
  /** The routing search; default a worker thread per solve. Injectable for tests. */
  readonly solve?: logistics.RoutingSolver;
}

export function logisticsRoutes(deps: ServerDeps, options: LogisticsRouteOptions = {}) {
  const deliveries = logistics.createDeliveryService({
    store: deps.store,
    clock: deps.clock,
    ...(options.solve ? { solve: options.solve } : {}),
  });
  return router()
    .openapi(createPlan, async (c) => {
      const b = c.req.valid('json');
      const problem: logistics.DeliveryProblem = {
        depot: b.depot,
        orders: b.orders.map((o, i) => toOrder(o, `orders.${i}`)),
        vans: b.vans.map((v, i) => ({
          id: v.id,
          capacity: v.capacity,
          shiftStart: time(v.shiftStart, `vans.${i}.shiftStart`),
          shiftEnd: time(v.shiftEnd, `vans.${i}.shiftEnd`),
        })),
        ...(b.speedKmh !== undefined ? { speedKmh: b.speedKmh } : {}),
        ...(b.costPerKm !== undefined ? { costPerKm: b.costPerKm } : {}),
        ...(b.roadFactor !== undefined ? { roadFactor: b.roadFactor } : {}),
      };
      const opts = { timeLimitS: b.timeLimitS ?? 2, seed: b.seed ?? 1 };
      return c.json(await deliveries.plan(problem, opts, { id: b.id }), 201);
    })
    .openapi(listRoute, async (c) => c.json({ plans: (await deliveries.list()).map(summary) }, 200))
    .openapi(getRoute, async (c) => c.json(await deliveries.get(c.req.valid('param').id), 200))
    .openapi(addOrders, async (c) => {
      const { id } = c.req.valid('param');
      const b = c.req.valid('json');
      const added = b.orders.map((o, i) => toOrder(o, `orders.${i}`));
      const now = b.now === undefined ? undefined : time(b.now, 'now');
      const opts = { timeLimitS: b.timeLimitS ?? 2, seed: b.seed ?? 1 };
      return c.json(await deliveries.addOrders(id, added, opts, now), 200);
    })
    .openapi(slotting, async (c) => {
      const b = c.req.valid('json');
      const skus =
        b.skus?.map(skuOf) ??
        (b.skusCsv !== undefined ? unwrap(parseSkusCsv(b.skusCsv), 'skusCsv: ') : undefined);
      const locations =
        b.locations?.map(locationOf) ??
        (b.locationsCsv !== undefined
          ? unwrap(parseLocationsCsv(b.locationsCsv), 'locationsCsv: ')
          : undefined);
      if (!skus) throw new XinzhiError('BAD_INPUT', 'give skus (JSON) or skusCsv', { field: 'skus' });
      if (!locations)
        throw new XinzhiError('BAD_INPUT', 'give locations (JSON) or locationsCsv', { field: 'locations' });
      // The assignment is O(n²·m) at worst (about 0.1 s for 1000 × 1000 here): inline is fine at the caps.
      const r = unwrap(slotSkus(skus, locations));
      return c.json({ skus, locations, ...r, assignments: [...r.assignments] }, 200);
    });
}
