/**
 * Instructions in words → jobs (`xinzhi ask` over HTTP), for the command box of the fleet and farm
 * pages:
 *
 * - `POST /ask` parses one instruction (zh/en) into the contract result
 *   (shared/contracts/ask-output.md) with the spans of the text each field came from, and drafts
 *   what the engines take: a delivery becomes an order for the delivery planner (address through
 *   the geocoder: the offline gazetteer of the demo city unless another is injected), a field
 *   operation a job for the field-operation scheduler; `explanation` says what was assumed.
 *   Nothing is stored: the page shows the draft, the user edits and confirms it, and the confirmed
 *   order goes to `POST /logistics/plans/{id}/orders` (re-planned there).
 *
 * The address model is loaded once from `$XINZHI_ADDRESS_MODEL` or the cache `xinzhi ask` fills; a
 * server never trains it in a request (without a model, addresses carry only their text).
 */
import { z } from '@hono/zod-openapi';
import { issuesError, XinzhiError } from '../../core/index.js';
import { agriculture, ask } from '../../domains/index.js';
import { solveInWorker } from '../../optimize/index.js';
import { guardedRoute } from '../auth/guard.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

const AskBody = z
  .object({
    text: z
      .string()
      .max(ask.MAX_INSTRUCTION_CHARS)
      .openapi({ example: '明天上午送20箱牛奶到苏州市工业园区星湖街328号' }),
    now: z
      .string()
      .max(40)
      .optional()
      .openapi({ description: 'When it was written, ISO 8601 with offset (default: the server clock, UTC)' }),
  })
  .openapi('AskRequest');

const AskResponse = z
  .object({
    result: ask.AskResultSchema,
    highlights: z.array(ask.HighlightSchema),
    order: z
      .object({
        id: z.string(),
        lat: z.number(),
        lon: z.number(),
        demand: z.number(),
        window: z.tuple([z.number(), z.number()]).optional(),
        geocode: z.object({ lat: z.number(), lon: z.number(), precision: z.string(), matched: z.string() }),
      })
      .optional(),
    job: z
      .object({
        id: z.string(),
        type: z.string(),
        field: z.string(),
        hours: z.number(),
        earliest: z.string().optional(),
        latest: z.string().optional(),
      })
      .optional(),
    explanation: z.array(z.string()),
  })
  .openapi('AskResponse');

const parseRoute = guardedRoute('plan', {
  method: 'post',
  path: '/ask',
  tags: ['ask'],
  summary: 'Parse a delivery or field instruction (zh/en) and draft the order or field job (operator)',
  request: { body: { content: { 'application/json': { schema: AskBody } }, required: true } },
  responses: {
    200: {
      description: 'The parse, its spans and the draft for the engine',
      content: { 'application/json': { schema: AskResponse } },
    },
    ...problemResponses,
  },
});

const JobSchema = z.object({
  id: z.string().min(1).max(100),
  type: z.enum(['irrigate', 'spray', 'fertilise', 'harvest', 'sow', 'till', 'scout']),
  field: z.string().max(200).optional(),
  hours: z.number().positive().max(1000),
  earliest: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  latest: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
});

const scheduleRoute = guardedRoute('plan', {
  method: 'post',
  path: '/ask/field-schedule',
  tags: ['ask'],
  summary: 'Schedule confirmed field jobs with the field-operation scheduler (operator)',
  request: {
    body: {
      content: {
        'application/json': {
          schema: z
            .object({
              jobs: z.array(JobSchema).min(1).max(50),
              from: z
                .string()
                .regex(/^\d{4}-\d{2}-\d{2}$/)
                .openapi({ description: 'First day of the horizon (local date)' }),
              days: z
                .number()
                .int()
                .min(1)
                .max(30)
                .optional()
                .openapi({ description: 'Horizon, days (default 7)' }),
              weather: z
                .array(z.object({ date: z.string(), windMs: z.number().min(0), rainMm: z.number().min(0) }))
                .max(30)
                .optional()
                .openapi({ description: 'Daily forecast; default calm dry days (said in the explanation)' }),
            })
            .openapi('AskFieldScheduleRequest'),
        },
      },
      required: true,
    },
  },
  responses: {
    200: {
      description: 'The schedule of the field-operation scheduler and what was assumed',
      content: {
        'application/json': {
          schema: z.object({
            schedule: agriculture.OperationsScheduleSchema,
            explanation: z.array(z.string()),
          }),
        },
      },
    },
    ...problemResponses,
  },
});

const OPS = ['irrigate', 'spray', 'fertilise', 'harvest', 'sow', 'till', 'scout'];

/** The demo farm's crew when the request names none: one machine and one operator per kind of work. */
const DEMO_CREW = {
  machines: [
    { id: 'tractor-1', hoursPerDay: 10, can: ['till', 'sow', 'fertilise', 'harvest'] },
    { id: 'sprayer-1', hoursPerDay: 8, can: ['spray', 'fertilise'] },
    { id: 'pump-1', hoursPerDay: 24, can: ['irrigate'] },
    { id: 'ute-1', hoursPerDay: 10, can: ['scout'] },
  ],
  operators: [
    { id: 'op-a', hoursPerDay: 10, skills: OPS },
    { id: 'op-b', hoursPerDay: 10, skills: OPS },
    { id: 'pump-timer', hoursPerDay: 24, skills: ['irrigate'] },
  ],
};

export interface AskRouteOptions {
  /** Address labeller; default the cached CRF model, loaded on first use. */
  readonly tagger?: () => ask.AddressTagger | undefined;
  /** Default the offline gazetteer of the demo city (Suzhou). */
  readonly geocoder?: ask.Geocoder;
}

export function askRoutes(deps: ServerDeps, options: AskRouteOptions = {}) {
  let loaded: { tagger: ask.AddressTagger | undefined } | undefined;
  const tagger = (): ask.AddressTagger | undefined => {
    if (options.tagger) return options.tagger();
    if (!loaded) {
      const model = ask.loadAddressModel({ train: false });
      loaded = { tagger: model ? ask.crfAddressTagger(model) : undefined };
    }
    return loaded.tagger;
  };
  const geocoder = options.geocoder ?? ask.gazetteerGeocoder(ask.SUZHOU_GAZETTEER);
  return router()
    .openapi(scheduleRoute, async (c) => {
      const b = c.req.valid('json');
      const days = b.days ?? 7;
      const explanation: string[] = [];
      const start = Date.parse(`${b.from}T00:00:00Z`);
      if (!Number.isFinite(start))
        throw new XinzhiError('BAD_INPUT', `'${b.from}' is not a date`, { field: 'from' });
      const dates = Array.from({ length: days }, (_, i) =>
        new Date(start + i * 86_400_000).toISOString().slice(0, 10),
      );
      const weather = b.weather ?? dates.map((date) => ({ date, windMs: 0, rainMm: 0 }));
      if (!b.weather) explanation.push(`no forecast given: ${days} calm, dry days assumed from ${b.from}`);
      explanation.push(
        'crew: the demo farm’s machines and operators (tractor, sprayer, pump, ute; two operators)',
      );
      const jobs = b.jobs.map((j) => ({
        ...j,
        ...(j.earliest !== undefined && j.earliest < (weather[0]?.date ?? b.from)
          ? { earliest: weather[0]?.date }
          : {}),
      }));
      const r = await agriculture.scheduleOperations(
        { weather, ...DEMO_CREW, jobs, options: { timeLimit: 10 } },
        (p, o) => solveInWorker(p, o),
      );
      if (!r.ok)
        throw issuesError(r.issues, { detail: r.issues.map((i) => `${i.where}: ${i.message}`).join('; ') });
      return c.json({ schedule: r.value, explanation }, 200);
    })
    .openapi(parseRoute, async (c) => {
      const b = c.req.valid('json');
      const nowMs = deps.clock.now();
      const now = b.now ?? new Date(nowMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
      const t = tagger();
      const { result, highlights } = ask.parseInstruction(b.text, {
        now,
        ...(t ? { addressTagger: t } : {}),
      });
      const nowParsed = Date.parse(now);
      if (!Number.isFinite(nowParsed))
        throw new XinzhiError('BAD_INPUT', 'now is not a time', { field: 'now' });
      const id = `ask-${nowMs.toString(36)}`;
      if (result.kind === 'delivery') {
        const { order, explanation } = await ask.deliveryToOrder(result, geocoder, id, nowParsed);
        return c.json(
          {
            result,
            highlights,
            ...(order
              ? {
                  order: {
                    ...order,
                    window: order.window
                      ? ([order.window[0], order.window[1]] as [number, number])
                      : undefined,
                  },
                }
              : {}),
            explanation,
          },
          200,
        );
      }
      if (result.kind === 'field_op') {
        const { job, explanation } = ask.fieldOpToJob(result, id);
        return c.json({ result, highlights, job, explanation }, 200);
      }
      return c.json({ result, highlights, explanation: [result.reason] }, 200);
    });
}
