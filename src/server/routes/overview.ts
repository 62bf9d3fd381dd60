/**
 * `GET /overview`: what the dashboard's landing page shows in one request: the sites with their
 * lines and asset/series counts, data freshness (how many series reported within a minute,
 * within 15 minutes, longer ago, never), open quarantine, and recent warnings and alerts.
 */
import { z } from '@hono/zod-openapi';
import type { Asset, Point, Series } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { scopeOf } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { EventSchema, problemResponses } from '../schemas.js';

/** Latest point younger than this: fresh; younger than RECENT_MS: recent; else stale. */
export const FRESH_MS = 60_000;
export const RECENT_MS = 15 * 60_000;
/** Open quarantine rows are counted up to this many (the page says "10,000+"). */
const QUARANTINE_COUNT_CAP = 10_000;
const ALERT_WINDOW_MS = 24 * 3_600_000;

const FreshnessSchema = z
  .object({
    series: z.number().int(),
    fresh: z
      .number()
      .int()
      .openapi({ description: `Latest point under ${FRESH_MS / 1000} s old` }),
    recent: z
      .number()
      .int()
      .openapi({ description: `Latest point under ${RECENT_MS / 60_000} min old` }),
    stale: z.number().int(),
    empty: z.number().int().openapi({ description: 'No point yet' }),
    latestTs: z.number().nullable(),
  })
  .openapi('Freshness');

const OverviewSchema = z
  .object({
    now: z.number(),
    sites: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        kind: z.string(),
        assets: z.number().int(),
        series: z.number().int(),
        lines: z.array(
          z.object({ id: z.string(), name: z.string(), kind: z.string(), machines: z.number().int() }),
        ),
        freshness: FreshnessSchema,
      }),
    ),
    freshness: FreshnessSchema,
    quarantineOpen: z
      .number()
      .int()
      .openapi({ description: `Open rows, counted up to ${QUARANTINE_COUNT_CAP}` }),
    alerts: z
      .array(EventSchema)
      .openapi({ description: 'Events of severity warning or worse in the last 24 h, newest first (≤ 50)' }),
  })
  .openapi('Overview');

const route = guardedRoute('read', {
  method: 'get',
  path: '/overview',
  tags: ['overview'],
  summary: 'Sites, lines, data freshness, open quarantine and recent alerts, for the dashboard',
  responses: {
    200: { description: 'The overview', content: { 'application/json': { schema: OverviewSchema } } },
    ...problemResponses,
  },
});

/** Line-like assets: the level whose children are machines, vehicles or zones. */
const GROUP_KINDS = new Set(['line', 'field', 'depot']);

export function freshness(series: readonly Series[], latest: ReadonlyMap<string, Point>, now: number) {
  let fresh = 0;
  let recent = 0;
  let stale = 0;
  let empty = 0;
  let latestTs: number | null = null;
  for (const s of series) {
    const p = latest.get(s.id);
    if (!p) {
      empty++;
      continue;
    }
    const age = now - p.ts;
    if (age < FRESH_MS) fresh++;
    else if (age < RECENT_MS) recent++;
    else stale++;
    if (latestTs === null || p.ts > latestTs) latestTs = p.ts;
  }
  return { series: series.length, fresh, recent, stale, empty, latestTs };
}

const under = (rootId: string) => (id: string) => id === rootId || id.startsWith(`${rootId}/`);

export function overviewRoutes(deps: ServerDeps) {
  return router().openapi(route, async (c) => {
    const now = deps.clock.now();
    const scope = await scopeOf(c, deps.store);
    const [allAssets, allSeries, latest, allQuarantine, allEvents] = await Promise.all([
      deps.store.listAssets(),
      deps.store.listSeries(),
      deps.store.latest(),
      deps.store.listQuarantine({ status: 'open', limit: QUARANTINE_COUNT_CAP }),
      deps.store.listEvents({ from: now - ALERT_WINDOW_MS, order: 'desc', limit: 500 }),
    ]);
    // Only what the principal may see is counted, so totals reveal nothing of other scopes.
    const assets = scope.filter(allAssets, (a) => a.id);
    const series = scope.filter(allSeries, (s) => s.id);
    const quarantine = allQuarantine.filter((q) =>
      q.seriesId === null ? !scope.narrowed && scope.inOrg(undefined) : scope.covers(q.seriesId),
    );
    const events = allEvents.filter((e) => scope.eventVisible(e));
    const roots = assets.filter((a) => a.parentId === null);
    const childCount = new Map<string, number>();
    for (const a of assets)
      if (a.parentId !== null) childCount.set(a.parentId, (childCount.get(a.parentId) ?? 0) + 1);
    const sites = roots.map((site: Asset) => {
      const inSite = under(site.id);
      const siteSeries = series.filter((s) => inSite(s.assetId));
      return {
        id: site.id,
        name: site.name,
        kind: site.kind,
        assets: assets.filter((a) => inSite(a.id)).length,
        series: siteSeries.length,
        lines: assets
          .filter((a) => inSite(a.id) && GROUP_KINDS.has(a.kind))
          .map((a) => ({ id: a.id, name: a.name, kind: a.kind, machines: childCount.get(a.id) ?? 0 })),
        freshness: freshness(siteSeries, latest, now),
      };
    });
    const alerts = events
      .filter((e) => e.severity !== 'info')
      .slice(0, 50)
      .map((e) => ({ ...e, data: { ...e.data } }));
    return c.json(
      {
        now,
        sites,
        freshness: freshness(series, latest, now),
        quarantineOpen: quarantine.length,
        alerts,
      },
      200,
    );
  });
}
