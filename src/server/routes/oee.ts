/**
 * `GET /oee`: OEE after ISO 22400 (availability × performance × quality) of every line and of
 * each of its machines over a window, computed from the stored state and counter series by
 * `domains/manufacturing` (`groupOee`). A machine counts when its asset has an ideal cycle time
 * attribute (`idealCycleTimeS` or `idealCycleTimeMs`) and `state` + `parts_total` series.
 *
 * Each computation reads the window's raw state and counter points (about 0.5–1.5 s for an hour
 * of 1 Hz data from 11 machines on this 2-core machine while the demo ingests), so live windows
 * (no `from`/`to`) are served stale-while-revalidate: a result younger than 15 s is returned as
 * it is; an older one is returned at once while one recomputation runs in the background. Only
 * the very first request waits. Dashboards polling from several browsers thus cost at most one
 * computation per 15 s, and the figures lag the clock by at most that.
 */
import { z } from '@hono/zod-openapi';
import { parseDuration, XinzhiError } from '../../core/index.js';
import { manufacturing } from '../../domains/index.js';
import { guardedRoute } from '../auth/guard.js';
import { type ScopeCheck, scopeOf } from '../auth/scope.js';
import { router, type ServerDeps, timeParam } from '../context.js';
import { problemResponses } from '../schemas.js';

/** Default window: the last 8 hours (one shift). */
export const DEFAULT_OEE_WINDOW_MS = 8 * 3_600_000;
/** Live results are fresh for this long; older ones are refreshed in the background. */
export const OEE_REFRESH_MS = 15_000;

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

const route = guardedRoute('read', {
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

type Report = manufacturing.OeeReport;

const compute = (deps: ServerDeps, root: string | undefined, from: number, to: number): Promise<Report> =>
  manufacturing.oeeReport(deps.store, { root, from, to });

/**
 * The report limited to a scope: lines outside it go; a line with machines outside it keeps only
 * its in-scope machines and loses its group figures, which aggregated the others too.
 */
function scoped(report: Report, scope: ScopeCheck): Report {
  const lines = [];
  for (const line of report.lines) {
    const machines = scope.filter(line.machines, (m) => m.id);
    if (machines.length === 0) continue;
    lines.push(machines.length === line.machines.length ? line : { ...line, group: null, machines });
  }
  return { ...report, lines };
}

export function oeeRoutes(deps: ServerDeps) {
  const live = new Map<string, { at: number; body: Report; refreshing?: Promise<void> }>();
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    const scope = await scopeOf(c, deps.store);
    const json = (r: Report) => c.json(scoped(r, scope), 200);
    const now = deps.clock.now();
    const windowMs = q.window === undefined ? DEFAULT_OEE_WINDOW_MS : parseDuration(q.window);
    if (windowMs === undefined || windowMs <= 0)
      throw new XinzhiError('BAD_INPUT', `'${q.window}' is not a duration like 8h or 1d`, {
        field: 'window',
      });
    const to = timeParam(q.to, 'to', now);
    const from = timeParam(q.from, 'from', to - windowMs);
    if (from >= to) throw new XinzhiError('BAD_INPUT', `'from' must be before 'to'`, { field: 'from' });
    if (q.to !== undefined || q.from !== undefined) return json(await compute(deps, q.root, from, to));

    const key = `${q.root ?? ''}:${windowMs}`;
    const hit = live.get(key);
    if (!hit) {
      const body = await compute(deps, q.root, from, to);
      live.set(key, { at: now, body });
      return json(body);
    }
    if (now - hit.at >= OEE_REFRESH_MS && !hit.refreshing) {
      hit.refreshing = compute(deps, q.root, now - windowMs, now)
        .then((body) => {
          live.set(key, { at: now, body });
        })
        .catch((e: unknown) => {
          delete hit.refreshing;
          deps.logger.warn(
            { err: e instanceof Error ? e.message : String(e) },
            'oee: background refresh failed',
          );
        });
    }
    return json(hit.body);
  });
}
