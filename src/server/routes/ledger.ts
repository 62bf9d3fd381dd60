/**
 * The signed supply-chain ledger over HTTP (docs/ledger.md): organisations, EPCIS events signed by
 * the recording organisation, the entries with who signed them, checkpoints with witness
 * cosignatures, inclusion proof bundles, consistency proofs and the audit. The manufacturing and
 * logistics flows record through `/ledger/flows/*` (src/domains/supply-chain builds the events).
 *
 * One `Ledger` per server, opened on first use over `store.ledger` (the same database the CLI
 * uses with `--db`), with its writes queued in order: the ledger service of
 * `domains/supply-chain/ledger-service.ts`. These handlers check scope, parse and format.
 */
import { z } from '@hono/zod-openapi';
import { can, DEFAULT_ORG, issuesError, XinzhiError } from '../../core/index.js';
import { supplyChain } from '../../domains/index.js';
import { epcisEventSchema, parseEpcis, trace } from '../../ledger/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { notFoundResponse, problemResponses } from '../schemas.js';
import { recallRoute, TraceSchema, traceOf, traceRoute } from './ledger-trace.js';

const TAG = ['ledger'];

/** The signed event as recorded (the ledger accepted it through the same schema). */
const EpcisEventSchema = epcisEventSchema.meta({ id: 'EpcisEvent' });

const OrgSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    key_id: z.string().openapi({ description: 'C2SP note key id of the current key (8 hex digits)' }),
    public_key: z.string().openapi({ description: 'Verifier key `<name>+<key id>+<base64(0x01 || key)>`' }),
    public_key_raw: z.string().openapi({ description: 'Raw 32-byte Ed25519 public key, base64' }),
    created_at: z.string(),
    keys: z.array(
      z.object({ key_id: z.string(), valid_from: z.string(), valid_until: z.string().nullable() }),
    ),
  })
  .openapi('LedgerOrg');

const AppendResultSchema = z
  .object({ index: z.number().int(), leaf_hash: z.string(), event_id: z.string() })
  .openapi('LedgerAppendResult');

const CheckpointSchema = z
  .object({
    id: z.number().int(),
    size: z.number().int(),
    root: z.string().openapi({ description: 'Root hash, hex' }),
    note: z.string().openapi({ description: 'C2SP signed note (checkpoint) with all signature lines' }),
    created_at: z.string(),
    signers: z
      .array(z.object({ name: z.string(), key_id: z.string(), timestamp: z.number().nullable() }))
      .openapi({ description: 'The log signature and witness cosignatures (with their Unix time)' }),
  })
  .openapi('LedgerCheckpoint');

const EntrySchema = z
  .object({
    index: z.number().int(),
    leaf_hash: z.string(),
    event_id: z.string(),
    event_type: z.string(),
    event_time: z.string(),
    org: z.string().openapi({ description: 'The organisation that signed the event' }),
    key_id: z.string().openapi({ description: 'Its key id at signing time' }),
    recorded_at: z.string(),
    correction: z.boolean(),
    event: EpcisEventSchema,
  })
  .openapi('LedgerEntry');

const BundleSchema = z
  .object({
    index: z.number().int(),
    tree_size: z.number().int(),
    leaf_hash: z.string(),
    proof: z.array(z.string()),
    checkpoint: z.string(),
    public_key: z.string(),
    entry: z.string().optional(),
  })
  .openapi('LedgerProofBundle');

const AuditSchema = z
  .object({ ok: z.boolean(), entries: z.number().int(), checkpoints: z.number().int() })
  .loose()
  .openapi('LedgerAudit');

const json = <S extends z.ZodTypeAny>(description: string, schema: S) => ({
  description,
  content: { 'application/json': { schema } },
});
const body = <S extends z.ZodTypeAny>(schema: S) => ({
  body: { required: true, content: { 'application/json': { schema } } },
});
/** The engine returns readonly arrays; the response types want mutable ones of the same shape. */
const shaped = <S extends z.ZodTypeAny>(_schema: S, value: unknown): z.infer<S> => value as z.infer<S>;
const OrgName = z.string().min(1).max(200).openapi({ description: 'Recording organisation (name or id)' });
const Appended = z.object({ results: z.array(AppendResultSchema), checkpoint: CheckpointSchema });

const listOrgs = guardedRoute('read', {
  method: 'get',
  path: '/ledger/orgs',
  tags: TAG,
  summary: 'Organisations and their keys',
  responses: { 200: json('Organisations', z.object({ orgs: z.array(OrgSchema) })), ...problemResponses },
});

const createOrg = guardedRoute('ledger:manage', {
  method: 'post',
  path: '/ledger/orgs',
  tags: TAG,
  summary: 'Create an organisation with a new Ed25519 signing key (admin)',
  request: body(
    z.object({
      name: z
        .string()
        .min(1)
        .max(200)
        .regex(/^[^\s+]+$/, 'no spaces or +'),
    }),
  ),
  responses: { 201: json('The organisation', OrgSchema), ...problemResponses },
});

const appendEvents = guardedRoute('ledger:append', {
  method: 'post',
  path: '/ledger/events',
  tags: TAG,
  summary: 'Sign with the organisation key and append a GS1 EPCIS 2.0 event or EPCISDocument (operator)',
  request: body(
    z.object({
      org: OrgName,
      event: z.record(z.string(), z.unknown()).openapi({
        description: 'One EPCIS 2.0 JSON-LD event, or an EPCISDocument with epcisBody.eventList',
      }),
    }),
  ),
  responses: {
    201: json('Appended entries and the new checkpoint', Appended),
    ...problemResponses,
    ...notFoundResponse,
  },
});

const flowBody = (summary: string) => z.object({ org: OrgName }).loose().openapi({ description: summary });

const batchProduced = guardedRoute('ledger:append', {
  method: 'post',
  path: '/ledger/flows/batch-produced',
  tags: TAG,
  summary:
    'Manufacturing: record a produced batch (EPCIS ObjectEvent, or TransformationEvent with inputs) (operator)',
  request: body(
    flowBody(
      'org plus: gtin, lot, quantity, uom?, site (GLN), line?, producedAt (ISO or ms), zone?, expiry?, inputs?[{gtin, lot, quantity, uom?}], workOrder?',
    ),
  ),
  responses: {
    201: json('Appended entries and the new checkpoint', Appended),
    ...problemResponses,
    ...notFoundResponse,
  },
});

const shipmentHandover = guardedRoute('ledger:append', {
  method: 'post',
  path: '/ledger/flows/shipment-handover',
  tags: TAG,
  summary:
    'Logistics: record a shipment handover (EPCIS Aggregation, Object and Transaction events) (operator)',
  request: body(
    flowBody(
      'org plus: sscc, from (party GLN), to (party GLN), location (GLN), handedOverAt, zone?, contents?[{gtin, lot, quantity, uom?}], purchaseOrder?, despatchAdvice?',
    ),
  ),
  responses: {
    201: json('Appended entries and the new checkpoint', Appended),
    ...problemResponses,
    ...notFoundResponse,
  },
});

const listEntries = guardedRoute('read', {
  method: 'get',
  path: '/ledger/entries',
  tags: TAG,
  summary: 'Log entries in index order: the event, who signed it and when it was recorded',
  request: {
    query: z.object({
      from: z.coerce.number().int().min(0).optional().openapi({ description: 'First index (default 0)' }),
      limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Default 100' }),
    }),
  },
  responses: {
    200: json(
      'Entries',
      z.object({ origin: z.string(), size: z.number().int(), entries: z.array(EntrySchema) }),
    ),
    ...problemResponses,
  },
});

const listCheckpoints = guardedRoute('read', {
  method: 'get',
  path: '/ledger/checkpoints',
  tags: TAG,
  summary: 'Signed checkpoints, newest first, with their witness cosignatures',
  request: {
    query: z.object({
      limit: z.coerce.number().int().min(1).max(1000).optional().openapi({ description: 'Default 50' }),
    }),
  },
  responses: {
    200: json(
      'Checkpoints and the log key',
      z.object({
        origin: z.string(),
        size: z.number().int(),
        public_key: z.string().openapi({ description: "The log's verifier key" }),
        checkpoints: z.array(CheckpointSchema),
      }),
    ),
    ...problemResponses,
  },
});

const signCheckpoint = guardedRoute('ledger:append', {
  method: 'post',
  path: '/ledger/checkpoints',
  tags: TAG,
  summary:
    'Sign a checkpoint of the current tree (the latest is returned when the log has not grown) (operator)',
  responses: { 200: json('The checkpoint', CheckpointSchema), ...problemResponses },
});

const proveRoute = guardedRoute('read', {
  method: 'get',
  path: '/ledger/proofs/{index}',
  tags: TAG,
  summary: 'Inclusion proof bundle of one entry against the latest checkpoint (verifiable offline)',
  request: { params: z.object({ index: z.coerce.number().int().min(0) }) },
  responses: { 200: json('Proof bundle', BundleSchema), ...problemResponses, ...notFoundResponse },
});

const consistencyRoute = guardedRoute('read', {
  method: 'get',
  path: '/ledger/consistency',
  tags: TAG,
  summary: 'RFC 9162 consistency proof between two tree sizes',
  request: {
    query: z.object({
      from: z.coerce.number().int().min(1).openapi({ description: 'Older tree size' }),
      to: z.coerce
        .number()
        .int()
        .min(1)
        .optional()
        .openapi({ description: 'Newer tree size (default: current)' }),
    }),
  },
  responses: {
    200: json(
      'Consistency proof (hex)',
      z.object({
        size1: z.number().int(),
        size2: z.number().int(),
        root1: z.string(),
        root2: z.string(),
        proof: z.array(z.string()),
      }),
    ),
    ...problemResponses,
  },
});

const auditRoute = guardedRoute('ledger:manage', {
  method: 'get',
  path: '/ledger/audit',
  tags: TAG,
  summary: 'Recompute the log from storage against every signed checkpoint (admin)',
  responses: {
    200: json('Audit report; ok=false names the first tampered index', AuditSchema),
    ...problemResponses,
  },
});

/** The ledger router. */
export function ledgerRoutes(deps: ServerDeps) {
  const service = supplyChain.createLedgerService({ store: deps.store.ledger, clock: deps.clock });
  const { ledger, serial } = service;

  // One shared log, kept by the installation: other organisations do not see it (404) or write to
  // it (403); principals limited to sites read it but do not write.
  const guarded = router();
  guarded.use('/ledger/*', async (c, next) => {
    const scope = await scopeOf(c, deps.store);
    const read = c.req.method === 'GET' || c.req.method === 'HEAD';
    // Without the route's permission the route's own guard answers 403; scope comes second.
    const admin = c.req.path.endsWith('/ledger/audit') || (!read && c.req.path.endsWith('/ledger/orgs'));
    if (!can(scope.principal, admin ? 'ledger:manage' : read ? 'read' : 'ledger:append')) return next();
    if (read) scope.assertOrgReadable(DEFAULT_ORG, 'ledger');
    else {
      if (!scope.inOrg(undefined))
        throw new XinzhiError('FORBIDDEN', `the ledger belongs to the installation, not '${scope.org}'`, {
          field: 'authorization',
        });
      scope.assertOrgWritable('the ledger');
    }
    return next();
  });
  return guarded
    .openapi(listOrgs, async (c) =>
      c.json({ orgs: shaped(z.array(OrgSchema), await (await ledger()).listOrgs()) }, 200),
    )
    .openapi(createOrg, async (c) => {
      const { name } = c.req.valid('json');
      return c.json(shaped(OrgSchema, await serial((l) => l.createOrg(name))), 201);
    })
    .openapi(appendEvents, async (c) => {
      const b = c.req.valid('json');
      const parsed = parseEpcis(b.event);
      if (!parsed.ok) {
        const n = parsed.issues.length;
        throw issuesError(parsed.issues, {
          prefix: 'event',
          detail: `${n === 1 ? '' : `${n} problems: `}${parsed.issues.map((i) => i.message).join('; ')}`,
        });
      }
      const out = await service.append(b.org, parsed.value.events, parsed.value.context);
      return c.json(shaped(Appended, out), 201);
    })
    .openapi(batchProduced, async (c) => {
      const { org, ...input } = c.req.valid('json');
      return c.json(shaped(Appended, await service.recordBatchProduced(org, input)), 201);
    })
    .openapi(shipmentHandover, async (c) => {
      const { org, ...input } = c.req.valid('json');
      return c.json(shaped(Appended, await service.recordShipmentHandover(org, input)), 201);
    })
    .openapi(listEntries, async (c) => {
      const q = c.req.valid('query');
      const l = await ledger();
      const entries = await l.listEntries(q.from ?? 0, q.limit ?? 100);
      return c.json({ origin: l.origin, size: l.size, entries: shaped(z.array(EntrySchema), entries) }, 200);
    })
    .openapi(listCheckpoints, async (c) => {
      const q = c.req.valid('query');
      const l = await ledger();
      return c.json(
        {
          origin: l.origin,
          size: l.size,
          public_key: l.logPublicKey(),
          checkpoints: shaped(z.array(CheckpointSchema), await l.checkpoints(q.limit ?? 50)),
        },
        200,
      );
    })
    .openapi(signCheckpoint, async (c) =>
      c.json(shaped(CheckpointSchema, await serial((l) => l.checkpoint())), 200),
    )
    .openapi(proveRoute, async (c) => {
      const { index } = c.req.valid('param');
      // prove() may sign a checkpoint first, so it queues with the writes.
      const bundle = await serial((l) => l.prove(index));
      return c.json(shaped(BundleSchema, bundle), 200);
    })
    .openapi(consistencyRoute, async (c) => {
      const q = c.req.valid('query');
      const l = await ledger();
      const to = q.to ?? l.size;
      const proof = await l.consistencyProof(q.from, to);
      return c.json(
        {
          size1: q.from,
          size2: to,
          root1: (await l.rootAt(q.from)).toString('hex'),
          root2: (await l.rootAt(to)).toString('hex'),
          proof,
        },
        200,
      );
    })
    .openapi(auditRoute, async (c) => c.json(shaped(AuditSchema, await (await ledger()).audit()), 200))
    .openapi(traceRoute, async (c) => {
      const q = c.req.valid('query');
      const l = await ledger();
      // Proofs are against the latest checkpoint: sign one first when the log has grown past it.
      if (q.proofs !== 'false' && ((await l.store.latestCheckpoint())?.size ?? 0) < l.size)
        await serial((x) => x.checkpoint());
      return c.json(shaped(TraceSchema, await traceOf(l, q, q.direction, q.proofs !== 'false')), 200);
    })
    .openapi(recallRoute, async (c) => {
      const r = await traceOf(await ledger(), c.req.valid('query'), 'forward', false);
      return c.body(trace.recallCsv(r), 200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': 'attachment; filename="recall.csv"',
      }) as never;
    });
}
