/**
 * Control loops over HTTP: list and create loops, change their wiring (operator), operate them (mode,
 * setpoint, manual output, tuning, limits — each audited with who, when, old → new), read their trend
 * and audit trail, and run the tuning assistant on a copy of the loop's plant model.
 *
 * The assistant runs inline: a step or relay test on the demo oven with the closed-loop comparison
 * takes well under a second of CPU, the order of one large query.
 */
import { z } from '@hono/zod-openapi';
import {
  AssistantResultSchema,
  type ControlLoop,
  LoopInputSchema,
  type LoopManager,
  LoopPlantSchema,
  NoneAsNull,
  runAssistant,
  TUNING_RULES,
} from '../../control/index.js';
import { compact, XinzhiError } from '../../core/index.js';
import { actingAs, auditSnapshot } from '../auth/audit.js';
import { type Access, guardedRoute } from '../auth/guard.js';
import { type ScopeCheck, scopeOf } from '../auth/scope.js';
import { connectorCollection } from '../connectors/connector-spec.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';

const Num = NoneAsNull;
const TuningSchema = z
  .object({ kc: z.number(), ti: Num, td: z.number(), b: z.number(), c: z.number(), n: Num })
  .openapi('LoopTuning', { description: 'Ideal (ISA) form: Kc, Ti and Td in seconds' });
const LimitsSchema = z
  .object({ outMin: z.number(), outMax: z.number(), rateLimit: Num })
  .openapi('LoopLimits', { description: 'Output limits and rate limit (output units per second)' });
const ConfigSchema = z
  .object({
    id: z.string(),
    description: z.string(),
    pvSeries: z.string().nullable(),
    opTopic: z.string().nullable(),
    opNode: z.object({ connector: z.string(), nodeId: z.string() }).nullable(),
    opUnit: z.string(),
    plant: LoopPlantSchema,
    sampleTimeMs: z.number(),
    setpoint: z.number(),
    mode: z.enum(['auto', 'manual']),
    manualOutput: z.number(),
    tuning: TuningSchema,
    limits: LimitsSchema,
    antiWindup: z.string(),
    action: z.enum(['reverse', 'direct']),
    staleAfterMs: z.number(),
    setpointTracking: z.boolean(),
  })
  .openapi('LoopConfig');
const LoopSchema = z
  .object({
    id: z.string(),
    config: ConfigSchema,
    status: z.enum(['ok', 'pv-stale', 'op-failed', 'stopped']),
    pv: z.object({ ts: z.number(), value: z.number() }).nullable(),
    sp: z.number(),
    op: z.number(),
    mode: z.enum(['auto', 'manual']),
    terms: z.object({ p: z.number(), i: z.number(), d: z.number() }),
    saturated: z.enum(['high', 'low']).nullable(),
    opError: z.string().nullable().openapi({ description: 'Why the output write fails, while it fails' }),
  })
  .openapi('ControlLoop');

const IdPath = z.object({
  id: z
    .string()
    .min(1)
    .openapi({
      param: { name: 'id', in: 'path' },
      description: 'Loop id, URL-encoded',
      example: 'oven-01%2FTIC-101',
    }),
});
const Who = {
  user: z.string().min(1).max(200).optional().openapi({
    description: 'Ignored as identity (the signed-in principal acts); kept as a comment in the audit log',
  }),
  reason: z.string().max(500).optional(),
};
const CreateBody = LoopInputSchema.extend({ user: Who.user }).openapi('LoopCreate');
const PatchBody = CreateBody.pick({
  description: true,
  pvSeries: true,
  opTopic: true,
  opNode: true,
  opUnit: true,
  plant: true,
  sampleTimeMs: true,
  antiWindup: true,
  action: true,
  staleAfterMs: true,
  setpointTracking: true,
})
  .partial()
  .extend({ user: Who.user })
  .openapi('LoopPatch');
const ModeBody = z.object({ mode: z.enum(['auto', 'manual']), output: z.number().optional(), ...Who });
const ValueBody = z.object({ value: z.number(), ...Who });
const TuningBody = z.object({
  kc: z.number().optional(),
  ti: Num.optional(),
  td: z.number().min(0).optional(),
  b: z.number().optional(),
  c: z.number().optional(),
  n: Num.optional(),
  ...Who,
});
const LimitsBody = z.object({
  outMin: z.number().optional(),
  outMax: z.number().optional(),
  rateLimit: Num.optional(),
  ...Who,
});
const AssistantBody = z
  .object({
    test: z.enum(['step', 'relay']),
    rule: z.enum(TUNING_RULES).optional(),
    type: z.enum(['P', 'PI', 'PID']).optional(),
    tauC: z.number().positive().optional(),
    size: z
      .number()
      .positive()
      .optional()
      .openapi({ description: 'Step size or relay amplitude (output units)' }),
    op0: z.number().optional().openapi({ description: 'Operating point (default: the current output)' }),
    setpointStep: z.number().optional(),
  })
  .openapi('AssistantRequest');

const json = (schema: z.ZodTypeAny, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <S extends z.ZodType>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
const errors = { ...problemResponses, ...notFoundResponse };

const listRoute = guardedRoute('read', {
  method: 'get',
  path: '/control/loops',
  tags: ['control'],
  summary: 'Control loops with their live state',
  responses: { 200: json(z.object({ loops: z.array(LoopSchema) }), 'Loops'), ...problemResponses },
});
const createLoopRoute = guardedRoute('loops:configure', {
  method: 'post',
  path: '/control/loops',
  tags: ['control'],
  summary: 'Create and start a loop (operator, audited)',
  request: body(CreateBody),
  responses: { 201: json(LoopSchema, 'The new loop'), ...problemResponses },
});
const getRoute = guardedRoute('read', {
  method: 'get',
  path: '/control/loops/{id}',
  tags: ['control'],
  summary: 'One loop',
  request: { params: IdPath },
  responses: { 200: json(LoopSchema, 'The loop'), ...errors },
});
const patchRoute = guardedRoute('loops:configure', {
  method: 'patch',
  path: '/control/loops/{id}',
  tags: ['control'],
  summary: 'Change wiring or sampling; the loop restarts without a bump (operator, audited)',
  request: { params: IdPath, ...body(PatchBody) },
  responses: { 200: json(LoopSchema, 'The loop'), ...errors },
});
const action = <S extends z.ZodType>(access: Access, path: string, summary: string, schema: S) =>
  guardedRoute(access, {
    method: 'post',
    path: `/control/loops/{id}/${path}`,
    tags: ['control'],
    summary: `${summary} (operator, audited)`,
    request: { params: IdPath, ...body(schema) },
    responses: { 200: json(LoopSchema, 'The loop after the change'), ...errors },
  });
const deleteRoute = guardedRoute('loops:configure', {
  method: 'delete',
  path: '/control/loops/{id}',
  tags: ['control'],
  summary:
    'Stop and delete a loop: its retained output is withdrawn, its configuration removed; its audit trail stays (audited)',
  request: {
    params: IdPath,
    query: z.object({ user: Who.user, reason: Who.reason }),
  },
  responses: { 204: { description: 'Deleted' }, ...errors },
});
const modeRoute = action('loops:operate', 'mode', 'Switch manual/auto; manual may set the output', ModeBody);
const setpointRoute = action('loops:operate', 'setpoint', 'Change the setpoint', ValueBody);
const outputRoute = action('loops:operate', 'output', 'Set the output in manual', ValueBody);
const tuningRoute = action('loops:configure', 'tuning', 'Change tuning (ideal form), bumpless', TuningBody);
const limitsRoute = action('loops:configure', 'limits', 'Change output and rate limits', LimitsBody);
const historyRoute = guardedRoute('read', {
  method: 'get',
  path: '/control/loops/{id}/history',
  tags: ['control'],
  summary: 'The trend kept by the running loop (SP, PV, OP per sample), oldest first',
  request: {
    params: IdPath,
    query: z.object({ limit: z.coerce.number().int().min(1).max(100_000).optional() }),
  },
  responses: {
    200: json(
      z.object({
        samples: z.array(
          z.object({
            ts: z.number(),
            sp: z.number(),
            pv: z.number().nullable(),
            op: z.number(),
            mode: z.enum(['auto', 'manual']),
          }),
        ),
      }),
      'Samples',
    ),
    ...errors,
  },
});
const auditRoute = guardedRoute('read', {
  method: 'get',
  path: '/control/loops/{id}/audit',
  tags: ['control'],
  summary: 'Every change to the loop: who, when, what, old → new',
  request: {
    params: IdPath,
    query: z.object({ limit: z.coerce.number().int().min(1).max(10_000).optional() }),
  },
  responses: {
    200: json(
      z.object({
        entries: z.array(
          z.object({
            loopId: z.string(),
            ts: z.number(),
            who: z.string(),
            what: z.string(),
            old: z.unknown(),
            new: z.unknown(),
            reason: z.string().optional(),
          }),
        ),
      }),
      'Audit entries, oldest first',
    ),
    ...errors,
  },
});
const assistantRoute = guardedRoute('loops:configure', {
  method: 'post',
  path: '/control/loops/{id}/assistant',
  tags: ['control'],
  summary:
    'Tuning assistant: step or relay test on a copy of the plant model, proposed tuning, and a before/after closed-loop comparison (simulation only; nothing changes)',
  request: { params: IdPath, ...body(AssistantBody) },
  responses: {
    200: json(AssistantResultSchema, 'Test record, model, proposal, comparison'),
    ...errors,
  },
});

/** A loop as the API shows it. */
export function loopView(loop: ControlLoop) {
  const s = loop.snapshot();
  return {
    id: loop.id,
    config: s.config,
    status: s.status,
    pv: s.pv,
    sp: s.config.setpoint,
    op: s.op,
    mode: s.config.mode,
    terms: s.terms,
    saturated: s.saturated,
    opError: s.opError,
  };
}

const inf = (v: number | null | undefined): number | undefined => (v === null ? Number.POSITIVE_INFINITY : v);

const COMMAND_PREFIX = 'xinzhi/cmd/';

/**
 * Where a loop acts: its PV series, else the asset path of its command topic. A loop with neither
 * belongs to the whole installation (the default organisation's unrestricted principals).
 */
const loopPath = (cfg: { pvSeries: string | null; opTopic: string | null }): string | null =>
  cfg.pvSeries ?? (cfg.opTopic?.startsWith(COMMAND_PREFIX) ? cfg.opTopic.slice(COMMAND_PREFIX.length) : null);

const loopVisible = (
  scope: ScopeCheck,
  cfg: { pvSeries: string | null; opTopic: string | null },
): boolean => {
  const path = loopPath(cfg);
  return path === null ? !scope.narrowed && scope.inOrg(undefined) : scope.covers(path);
};

/** A loop's PV series and command topic must both be writable by whoever wires them. */
function assertWiring(
  scope: ScopeCheck,
  b: { pvSeries?: string | null | undefined; opTopic?: string | null | undefined },
) {
  if (b.pvSeries) scope.assertWritable(b.pvSeries, 'pvSeries');
  if (b.opTopic) {
    if (b.opTopic.startsWith(COMMAND_PREFIX))
      scope.assertWritable(b.opTopic.slice(COMMAND_PREFIX.length), 'opTopic');
    else if (scope.narrowed || !scope.inOrg(undefined))
      throw new XinzhiError(
        'FORBIDDEN',
        `opTopic must be under ${COMMAND_PREFIX}<site>/… for ${scope.principal.name}`,
        {
          field: 'opTopic',
        },
      );
  }
}

/**
 * A loop writing to an OPC UA node: the node is not under any asset path, so only principals of
 * the whole installation may wire one; and the connector's declaration must list it as writable
 * (checked again at each write, when the declaration may have changed).
 */
async function assertOpNode(
  scope: ScopeCheck,
  store: ServerDeps['store'],
  node: { connector: string; nodeId: string } | null | undefined,
): Promise<void> {
  if (!node) return;
  if (scope.narrowed || !scope.inOrg(undefined))
    throw new XinzhiError(
      'FORBIDDEN',
      `${scope.principal.name} may not wire a loop to an OPC UA node (installation-wide principals only)`,
      { field: 'opNode' },
    );
  const spec = await connectorCollection.get(store, node.connector);
  if (!spec)
    throw new XinzhiError('BAD_INPUT', `no connector '${node.connector}'`, { field: 'opNode.connector' });
  if (spec.kind !== 'opcua')
    throw new XinzhiError('BAD_INPUT', `connector '${node.connector}' is ${spec.kind}, not opcua`, {
      field: 'opNode.connector',
    });
  const writable = (spec.config as { writable?: unknown }).writable;
  if (!Array.isArray(writable) || !writable.includes(node.nodeId))
    throw new XinzhiError(
      'FORBIDDEN',
      `node ${node.nodeId} is not on the writable list of connector '${node.connector}'`,
      { field: 'opNode.nodeId' },
    );
}

export function controlRoutes(deps: ServerDeps, loops: LoopManager) {
  type Ctx = Parameters<typeof scopeOf>[0];
  /** The loop if visible in scope; NOT_FOUND otherwise, as if it did not exist. */
  const readable = async (c: Ctx, id: string) => {
    const loop = loops.require(id);
    if (!loopVisible(await scopeOf(c, deps.store), loop.config))
      throw new XinzhiError('NOT_FOUND', `no loop '${id}'`, { field: 'id' });
    return loop;
  };
  /** The loop if it may be changed in scope; FORBIDDEN otherwise. */
  const writable = async (c: Ctx, id: string) => {
    const loop = loops.require(id);
    const scope = await scopeOf(c, deps.store);
    if (!loopVisible(scope, loop.config))
      throw new XinzhiError('FORBIDDEN', `loop '${id}' is outside the scope of ${scope.principal.name}`, {
        field: 'id',
      });
    return loop;
  };
  const app = router();
  // The loop before and after every change, in the request's audit line.
  const loopAudit = auditSnapshot(
    (c) => {
      const last = c.req.path.split('/').at(-1) ?? '';
      return c.req.method === 'DELETE'
        ? 'loop.delete'
        : `loop.${['mode', 'setpoint', 'output', 'tuning', 'limits', 'assistant'].includes(last) ? last : 'update'}`;
    },
    (c) => {
      const loop = loops.get(c.req.param('id') ?? '');
      return loop ? loopView(loop) : null;
    },
  );
  app.use('/control/loops/:id', loopAudit);
  app.use('/control/loops/:id/*', loopAudit);
  app.use(
    '/control/loops',
    auditSnapshot(
      () => 'loop.create',
      () => null,
      () => undefined,
    ),
  );
  return app
    .openapi(listRoute, async (c) => {
      const scope = await scopeOf(c, deps.store);
      return c.json(
        {
          loops: loops
            .list()
            .filter((l) => loopVisible(scope, l.config))
            .map(loopView),
        },
        200,
      );
    })
    .openapi(createLoopRoute, async (c) => {
      const { user, ...b } = c.req.valid('json');
      const scope = await scopeOf(c, deps.store);
      assertWiring(scope, b);
      await assertOpNode(scope, deps.store, b.opNode);
      if (loopPath({ pvSeries: b.pvSeries ?? null, opTopic: b.opTopic ?? null }) === null)
        scope.assertOrgWritable('loops wired to no series or command topic');
      const loop = await loops.create(b, actingAs(c, user));
      return c.json(loopView(loop), 201);
    })
    .openapi(getRoute, async (c) => c.json(loopView(await readable(c, c.req.valid('param').id)), 200))
    .openapi(patchRoute, async (c) => {
      const { user, ...b } = c.req.valid('json');
      await writable(c, c.req.valid('param').id);
      const scope = await scopeOf(c, deps.store);
      assertWiring(scope, b);
      await assertOpNode(scope, deps.store, b.opNode);
      const loop = await loops.update(c.req.valid('param').id, compact(b), actingAs(c, user));
      return c.json(loopView(loop), 200);
    })
    .openapi(deleteRoute, async (c) => {
      const { user, reason } = c.req.valid('query');
      await writable(c, c.req.valid('param').id);
      await loops.remove(c.req.valid('param').id, actingAs(c, user), reason);
      return c.body(null, 204);
    })
    .openapi(modeRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const b = c.req.valid('json');
      await loop.setMode(b.mode, actingAs(c, b.user), compact({ manualOutput: b.output, reason: b.reason }));
      return c.json(loopView(loop), 200);
    })
    .openapi(setpointRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const b = c.req.valid('json');
      await loop.setSetpoint(b.value, actingAs(c, b.user), b.reason);
      return c.json(loopView(loop), 200);
    })
    .openapi(outputRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const b = c.req.valid('json');
      await loop.setManualOutput(b.value, actingAs(c, b.user), b.reason);
      return c.json(loopView(loop), 200);
    })
    .openapi(tuningRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const { user, reason, ...t } = c.req.valid('json');
      const change = compact({ ...t, ti: inf(t.ti), n: inf(t.n) });
      if (Object.keys(change).length === 0)
        throw new XinzhiError('BAD_INPUT', 'give at least one of kc, ti, td, b, c, n', { field: 'tuning' });
      await loop.setTuning(change, actingAs(c, user), reason);
      return c.json(loopView(loop), 200);
    })
    .openapi(limitsRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const { user, reason, ...l } = c.req.valid('json');
      await loop.setLimits(compact({ ...l, rateLimit: inf(l.rateLimit) }), actingAs(c, user), reason);
      return c.json(loopView(loop), 200);
    })
    .openapi(historyRoute, async (c) => {
      const loop = await readable(c, c.req.valid('param').id);
      const { limit } = c.req.valid('query');
      const all = loop.history();
      return c.json({ samples: limit === undefined ? [...all] : all.slice(-limit) }, 200);
    })
    .openapi(auditRoute, async (c) => {
      const id = c.req.valid('param').id;
      await readable(c, id);
      const { limit } = c.req.valid('query');
      return c.json({ entries: await loops.audit.list(id, limit) }, 200);
    })
    .openapi(assistantRoute, async (c) => {
      const loop = await writable(c, c.req.valid('param').id);
      const b = c.req.valid('json');
      const cfg = loop.config;
      if (!cfg.plant)
        throw new XinzhiError(
          'BAD_INPUT',
          `loop '${cfg.id}' has no plant model; set one with PATCH (plant)`,
          {
            field: 'plant',
          },
        );
      const op = loop.snapshot().op;
      const result = runAssistant({
        plant: cfg.plant,
        config: cfg,
        op0: b.op0 ?? Math.min(Math.max(op, cfg.limits.outMin), cfg.limits.outMax),
        ...compact({
          rule: b.rule,
          type: b.type,
          tauC: b.tauC,
          size: b.size,
          setpointStep: b.setpointStep,
        }),
        test: b.test,
      });
      return c.json(result, 200);
    });
}
