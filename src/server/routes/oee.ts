/**
 * `GET /oee`: OEE after ISO 22400 (availability × performance × quality) of every line and of
 * each of its machines over a window, computed from the stored state and counter series by
 * `domains/manufacturing` (`groupOee`). A machine counts when its asset has an ideal cycle time
 * attribute (`idealCycleTimeS` or `idealCycleTimeMs`) and `state` + `parts_total` series.
 *
 * Each computation reads the window's raw state and counter points, so results are kept for a
 * few seconds: a dashboard polling every 5 s from several browsers costs one computation.
 */
import { createRoute, z } from '@hono/zod-openapi';
import { parseDuration, XinzhiError } from '../../core/index.js';
import { manufacturing } from '../../domains/index.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { problemResponses } from '../schemas.js';

/** Default window: the last 8 hours (one shift). */
export const DEFAULT_OEE_WINDOW_MS = 8 * 3_600_000;
/** Results are reused for this long. */
const CACHE_MS = 5000;
/** A machine silent this long counts as unknown time, not as its last state. */
const STALE_AFTER_MS = 5 * 60_000;

const FiguresSchema = z.object({
  availability: z
    .number()
    .nullable()
    .openapi({ description: 'APT / PBT; null when there was no planned busy time' }),
  effectiveness: z.number().nullable().openapi({ description: 'Performance: PRI × PQ / APT' }),
  quality: z.number().nullable().openapi({ description: 'GQ / PQ' }),
  oee: z.number().nullable(),
  pq: z.number().openapi({ description: 'Produced quantity' }),
  gq: z.number().openapi({ description: 'Good quantity' }),
  apt: z.number().openapi({ description: 'Actual production time, ms' }),
  pbt: z.number().openapi({ description: 'Planned busy time, ms' }),
});

const OeeReportSchema = z
  .object({
    from: z.number(),
    to: z.number(),
    lines: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        group: FiguresSchema.nullable(),
        machines: z.array(FiguresSchema.extend({ id: z.string(), name: z.string() })),
      }),
    ),
  })
  .openapi('OeeReport');

const route = createRoute({
  method: 'get',
  path: '/oee',
  tags: ['oee'],
  summary: 'OEE (ISO 22400) of each line and machine: availability × performance × quality',
  request: {
    query: z.object({
      root: z
        .string()
        .optional()
        .openapi({ description: 'Only lines under this asset', example: 'factory1' }),
      from: z.string().optional().openapi({ description: 'Window start; default: `to` minus `window`' }),
      to: z.string().optional().openapi({ description: 'Window end; default: now' }),
      window: z
        .string()
        .optional()
        .openapi({ description: 'Window length when `from` is not given; default 8h' }),
    }),
  },
  responses: {
    200: {
      description: 'OEE per line and machine',
      content: { 'application/json': { schema: OeeReportSchema } },
    },
    ...problemResponses,
  },
});

type Figures = z.infer<typeof FiguresSchema>;
const figures = (r: manufacturing.OeeResult): Figures => ({
  availability: r.availability,
  effectiveness: r.effectiveness,
  quality: r.quality,
  oee: r.oee,
  pq: r.pq,
  gq: r.gq,
  apt: r.apt,
  pbt: r.pbt,
});

export function oeeRoutes(deps: ServerDeps) {
  const cache = new Map<string, { at: number; body: z.infer<typeof OeeReportSchema> }>();
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const now = deps.clock.now();
    const windowMs = q.window === undefined ? DEFAULT_OEE_WINDOW_MS : parseDuration(q.window);
    if (windowMs === undefined || windowMs <= 0)
      throw new XinzhiError('BAD_INPUT', `'${q.window}' is not a duration like 8h or 1d`, {
        field: 'window',
      });
    const to = timeParam(q.to, 'to', now);
    const from = timeParam(q.from, 'from', to - windowMs);
    if (from >= to) throw new XinzhiError('BAD_INPUT', `'from' must be before 'to'`, { field: 'from' });
    // Live windows (ending now) are cached by their length, so polling reuses a recent result.
    const key = q.to === undefined && q.from === undefined ? `live:${q.root ?? ''}:${windowMs}` : undefined;
    const hit = key === undefined ? undefined : cache.get(key);
    if (hit && now - hit.at < CACHE_MS) return c.json(hit.body, 200);

    const assets = await deps.store.listAssets(q.root === undefined ? {} : { rootId: q.root });
    const lines = assets.filter((a) => a.kind === 'line');
    const names = new Map(assets.map((a) => [a.id, a.name]));
    const out = [];
    for (const line of lines) {
      const g = await manufacturing.groupOee(deps.store, line.id, { from, to, staleAfterMs: STALE_AFTER_MS });
      if (g.machines.length === 0) continue;
      out.push({
        id: line.id,
        name: line.name,
        group: g.group ? figures(g.group) : null,
        machines: g.machines.map((m) => ({
          id: m.assetId,
          name: names.get(m.assetId) ?? m.assetId,
          ...figures(m.result),
        })),
      });
    }
    const body = { from, to, lines: out };
    if (key !== undefined) cache.set(key, { at: now, body });
    return c.json(body, 200);
  });
}
