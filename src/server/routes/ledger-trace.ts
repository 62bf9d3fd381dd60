/**
 * Lot and item traces over HTTP (docs/ledger.md, "Tracing a lot"): `GET /ledger/trace` answers the
 * forward or backward trace with a proof per event, `GET /ledger/trace/recall.csv` the recall report
 * of a forward trace. Mounted by ledger.ts under the ledger's own scope check (one installation log:
 * other organisations get 404, principals without `read` 403).
 */
import { z } from '@hono/zod-openapi';
import { parseTime, XinzhiError } from '../../core/index.js';
import { type Ledger, trace } from '../../ledger/index.js';
import { guardedRoute } from '../auth/guard.js';
import { problemResponses } from '../schemas.js';

const TAG = ['ledger'];

const Party = z.object({ type: z.string(), id: z.string() });
const Hop = z.object({
  index: z.number().int(),
  event_id: z.string(),
  leaf_hash: z.string(),
  declared_event_id: z.string().nullable(),
  event_type: z.string(),
  action: z.string().nullable(),
  biz_step: z.string().nullable(),
  disposition: z.string().nullable(),
  time: z.string(),
  org: z.string().openapi({ description: 'The organisation that signed the event' }),
  location: z.string().nullable(),
  sources: z.array(Party),
  destinations: z.array(Party),
  biz_transactions: z.array(z.string()),
  keys: z.array(z.string()).openapi({ description: 'The traced identifiers this event names' }),
  quantities: z.array(
    z.object({ key: z.string(), quantity: z.number().nullable(), uom: z.string().nullable() }),
  ),
  proof: z
    .object({ tree_size: z.number().int(), proof: z.array(z.string()) })
    .nullable()
    .openapi({ description: 'RFC 9162 inclusion proof against `checkpoint` (null: not checkpointed yet)' }),
});
const Node = z.object({
  id: z.string(),
  kind: z.enum(['lot', 'item', 'container', 'class', 'other']),
  role: z.enum(['start', 'derived', 'source', 'carrier', 'content']),
  first_time: z.string().nullable(),
  last_time: z.string().nullable(),
  holder: z.object({ org: z.string(), location: z.string().nullable() }).nullable(),
  orgs: z.array(z.string()),
});
const Edge = z.object({
  from: z.string(),
  to: z.string(),
  kind: z.enum(['transformed', 'packed', 'unpacked']),
  index: z.number().int(),
  time: z.string(),
  quantity: z.number().nullable(),
  uom: z.string().nullable(),
});
export const TraceSchema = z
  .object({
    direction: z.enum(['forward', 'backward']),
    start: z.array(z.string()),
    at: z.string().nullable(),
    nodes: z.array(Node),
    edges: z.array(Edge),
    hops: z.array(Hop),
    truncated: z.boolean(),
    retracted: z.array(z.number().int()),
    checkpoint: z.object({ size: z.number().int(), note: z.string(), public_key: z.string() }).nullable(),
  })
  .openapi('LedgerTrace');

const Query = z.object({
  id: z
    .union([z.string(), z.array(z.string())])
    .openapi({ description: 'EPC URN, LGTIN lot class, SSCC or GS1 Digital Link; repeat for several' }),
  direction: z
    .enum(['forward', 'backward'])
    .openapi({ description: 'forward: where it went; backward: where it came from' }),
  at: z
    .string()
    .max(64)
    .optional()
    .openapi({ description: 'The trace as it stood then (ISO 8601 or epoch)' }),
  max_events: z.coerce
    .number()
    .int()
    .min(1)
    .max(100_000)
    .optional()
    .openapi({ description: 'Default 10000' }),
  proofs: z
    .enum(['true', 'false'])
    .optional()
    .openapi({ description: 'Attach inclusion proofs (default true)' }),
});

export const traceRoute = guardedRoute('read', {
  method: 'get',
  path: '/ledger/trace',
  tags: TAG,
  summary:
    'Forward or backward trace of a lot or item across organisations, each event with its inclusion proof',
  request: { query: Query },
  responses: {
    200: { description: 'The trace', content: { 'application/json': { schema: TraceSchema } } },
    ...problemResponses,
  },
});

export const recallRoute = guardedRoute('read', {
  method: 'get',
  path: '/ledger/trace/recall.csv',
  tags: TAG,
  summary:
    'Recall report of an input lot: every customer that received something made from it, with quantities',
  request: { query: Query.omit({ direction: true, proofs: true }) },
  responses: {
    200: {
      description: 'CSV, one row per shipment and thing shipped',
      content: { 'text/csv': { schema: z.string() } },
    },
    ...problemResponses,
  },
});

type TraceQuery = { id: string | string[]; at?: string | undefined; max_events?: number | undefined };

/** Runs the trace a validated query asks for. */
export async function traceOf(
  ledger: Ledger,
  q: TraceQuery,
  direction: trace.TraceDirection,
  proofs: boolean,
): Promise<trace.TraceResult> {
  const at = q.at === undefined ? undefined : parseTime(q.at);
  if (q.at !== undefined && at === undefined)
    throw new XinzhiError('BAD_INPUT', `at '${q.at.slice(0, 40)}' is not a time`, { field: 'at' });
  const ids = Array.isArray(q.id) ? q.id : [q.id];
  return trace.traceLot(ledger, ids, {
    direction,
    proofs,
    ...(at === undefined ? {} : { at }),
    ...(q.max_events === undefined ? {} : { maxEvents: q.max_events }),
  });
}
