/**
 * Queueing and staffing over HTTP. `GET /queueing` gives the metrics of one queueing model
 * (M/M/1, M/M/c, M/M/c/K, Erlang B, Kingman's G/G/1). `POST /staffing` turns arrivals per shift —
 * entered, or forecast from a stored series of arrivals — into the fewest servers per shift that
 * meet a target service level within an answer time (Erlang C), with ASA, occupancy and the
 * head-count to schedule after shrinkage.
 *
 * Units at this edge: arrivals per hour, service and answer times in minutes (what a shift
 * planner has at hand); the engine works in any consistent unit, here minutes.
 */
import { z } from '@hono/zod-openapi';
import { XinzhiError } from '../../core/index.js';
import { staffing as staffingDomain } from '../../domains/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';
import { AggregateSchema } from './series-forecast.js';

const num = (description: string) => z.coerce.number().finite().optional().openapi({ description });

const queueing = guardedRoute('read', {
  method: 'get',
  path: '/queueing',
  tags: ['staffing'],
  summary: 'Metrics of a queueing model (rates in any one time unit; times come out in that unit)',
  request: {
    query: z.object({
      model: z.enum(['mm1', 'mmc', 'mmck', 'erlang-b', 'kingman']),
      arrivalRate: num('λ, arrivals per time unit'),
      serviceRate: num('μ, services per time unit per server'),
      servers: num('c (mmc, mmck, erlang-b)'),
      capacity: num('K, most in the system (mmck)'),
      ca2: num('Squared coefficient of variation of inter-arrival times (kingman)'),
      cs2: num('Squared coefficient of variation of service times (kingman)'),
    }),
  },
  responses: {
    200: {
      description: 'The model and its metrics',
      content: {
        'application/json': {
          schema: z.object({ model: z.string(), metrics: z.record(z.string(), z.number()) }),
        },
      },
    },
    ...problemResponses,
  },
});

const StaffingBody = z
  .object({
    shifts: z
      .array(z.object({ label: z.string().min(1).max(100), arrivalsPerHour: z.number().finite().min(0) }))
      .min(1)
      .max(1000)
      .optional()
      .openapi({ description: 'Arrivals per hour of each shift (a forecast you have)' }),
    forecast: z
      .object({
        series: z
          .string()
          .min(1)
          .openapi({ description: 'A stored series counting arrivals (orders, calls, trucks)' }),
        shiftHours: z.number().positive().max(24).default(8),
        horizon: z.number().int().min(1).max(90).default(3).openapi({ description: 'Shifts to forecast' }),
        aggregate: AggregateSchema.default('sum'),
        history: z
          .number()
          .int()
          .min(4)
          .max(500)
          .default(90)
          .openapi({ description: 'Shifts of history fitted' }),
      })
      .optional()
      .openapi({ description: 'Or: forecast arrivals per shift from a stored series' }),
    serviceMinutes: z.number().positive().openapi({ description: 'Mean service (handling) time, minutes' }),
    serviceLevel: z
      .number()
      .gt(0)
      .lt(1)
      .default(0.8)
      .openapi({ description: 'Share answered within answerMinutes' }),
    answerMinutes: z.number().min(0).default(1).openapi({ description: 'Answer-time target, minutes' }),
    shrinkage: z
      .number()
      .min(0)
      .lt(1)
      .default(0)
      .openapi({ description: 'Share of paid time not available' }),
    maxAsaMinutes: z.number().positive().optional().openapi({ description: 'Optional cap on the mean wait' }),
    maxOccupancy: z.number().gt(0).max(1).optional(),
  })
  .strict()
  .openapi('StaffingRequest');

const ShiftSchema = z.object({
  label: z.string(),
  start: z.number().nullable().openapi({ description: 'Shift start (epoch ms) for forecast shifts' }),
  arrivalsPerHour: z.number(),
  load: z.number().openapi({ description: 'Offered load, Erlang' }),
  servers: z.number().int().openapi({ description: 'Fewest servers on duty meeting every target' }),
  scheduled: z.number().int().openapi({ description: 'Head-count to schedule after shrinkage' }),
  serviceLevel: z.number().nullable(),
  probabilityOfWaiting: z.number(),
  asaMinutes: z.number().openapi({ description: 'Average speed of answer (mean wait), minutes' }),
  occupancy: z.number(),
});

const StaffingResponse = z
  .object({
    target: z.object({
      serviceLevel: z.number(),
      answerMinutes: z.number(),
      serviceMinutes: z.number(),
      shrinkage: z.number(),
    }),
    shifts: z.array(ShiftSchema),
    forecast: z
      .object({
        series: z.string(),
        history: z.number(),
        model: z.string(),
        level: z.number(),
        lowerPerHour: z.array(z.number()),
        upperPerHour: z.array(z.number()),
      })
      .nullable(),
    summary: z.string(),
  })
  .openapi('StaffingResult');

const staffing = guardedRoute('plan', {
  method: 'post',
  path: '/staffing',
  tags: ['staffing'],
  summary:
    'Servers per shift for a target service level (Erlang C), from arrivals or a series forecast (operator)',
  request: { body: { required: true, content: { 'application/json': { schema: StaffingBody } } } },
  responses: {
    200: { description: 'Staffing per shift', content: { 'application/json': { schema: StaffingResponse } } },
    ...problemResponses,
  },
});

const missingParam =
  (model: string): staffingDomain.MissingParam =>
  (field) =>
    new XinzhiError('BAD_INPUT', `model ${model} needs ${field}`, { field });

export function staffingRoutes(deps: ServerDeps) {
  return router()
    .openapi(queueing, (c) => {
      const q = c.req.valid('query');
      const m = q.model;
      const all = staffingDomain.queueMetrics(m, q, missingParam(m));
      // The metrics this route has always answered: scalars only, the model's own set.
      const metrics = (
        m === 'erlang-b'
          ? staffingDomain.pickMetrics(all, ['A', 'blocking'])
          : m === 'kingman'
            ? staffingDomain.pickMetrics(all, ['rho', 'Wq', 'W', 'Lq'])
            : staffingDomain.omitMetrics(all, ['p', 'asa', 'serviceLevel'])
      ) as Record<string, number>;
      return c.json({ model: m, metrics }, 200);
    })
    .openapi(staffing, async (c) =>
      c.json(
        await staffingDomain.planStaffing({ store: deps.store, clock: deps.clock }, c.req.valid('json')),
        200,
      ),
    );
}
