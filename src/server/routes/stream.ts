import { z } from '@hono/zod-openapi';
import { streamSSE } from 'hono/streaming';
import type { XEvent } from '../../core/index.js';
import type { PointWrite } from '../../store/index.js';
import { whenRightsEnd } from '../auth/access-events.js';
import { guardedRoute } from '../auth/guard.js';
import { principalOfRequest, scopeCheck, siteDirectory } from '../auth/scope.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

const route = guardedRoute('read', {
  method: 'get',
  path: '/stream',
  tags: ['stream'],
  summary: 'Live feed (Server-Sent Events) of new points and events',
  description:
    'Messages: `event: points` with `{"series", "points":[{ts,value,quality}]}` per series and write; ' +
    '`event: event` with an Event and its `id`, so `Last-Event-ID` replays missed events on reconnect; ' +
    'a `: ping` comment every 15 s. Browsers authenticate with their session cookie (never a key in the URL).',
  request: {
    query: z.object({
      series: z
        .string()
        .optional()
        .openapi({ description: 'Comma-separated series ids; default: all series' }),
      events: z.enum(['true', 'false']).optional().openapi({ description: 'Include events (default true)' }),
      lastEventId: z.coerce
        .number()
        .int()
        .min(0)
        .optional()
        .openapi({ description: 'Same as the Last-Event-ID header' }),
    }),
  },
  responses: {
    200: { description: 'text/event-stream', content: { 'text/event-stream': { schema: z.string() } } },
    ...problemResponses,
  },
});

/** A client slower than this many queued messages is dropped; it reconnects and replays events. */
const MAX_QUEUE = 10_000;

export function streamRoutes(deps: ServerDeps, shutdown: AbortSignal) {
  return router().openapi(route, async (c) => {
    const q = c.req.valid('query');
    // Only what the principal may read goes out; the site map is refreshed with each heartbeat.
    const principal = principalOfRequest(c);
    const sites = siteDirectory(deps.store);
    let scope = scopeCheck(principal, await sites.orgOfSite());
    const wanted = q.series
      ? new Set(
          q.series
            .split(',')
            .map((s) => s.trim())
            .filter((s) => s !== ''),
        )
      : undefined;
    const withEvents = q.events !== 'false';
    const headerId = Number(c.req.header('last-event-id'));
    const lastEventId = Number.isInteger(headerId) && headerId >= 0 ? headerId : q.lastEventId;

    return streamSSE(c, async (stream) => {
      let queued = 0;
      let chain: Promise<unknown> = Promise.resolve();
      let stop: () => void = () => {};
      const done = new Promise<void>((resolve) => {
        stop = resolve;
      });
      const send = (msg: { event: string; data: string; id?: string }): void => {
        if (stream.aborted || stream.closed) return;
        if (++queued > MAX_QUEUE) {
          stop();
          return;
        }
        chain = chain.then(() => stream.writeSSE(msg)).finally(() => queued--);
      };
      const onPoints = (points: readonly PointWrite[]): void => {
        const bySeries = new Map<string, Array<{ ts: number; value: number; quality: number }>>();
        for (const p of points) {
          if ((wanted && !wanted.has(p.seriesId)) || !scope.covers(p.seriesId)) continue;
          let list = bySeries.get(p.seriesId);
          if (!list) {
            list = [];
            bySeries.set(p.seriesId, list);
          }
          list.push({ ts: p.ts, value: p.value, quality: p.quality ?? 0 });
        }
        for (const [series, pts] of bySeries)
          send({ event: 'points', data: JSON.stringify({ series, points: pts }) });
      };
      let lastSent = lastEventId ?? 0;
      const onEvent = (e: XEvent): void => {
        if (e.id <= lastSent) return;
        if (wanted && e.seriesId !== null && !wanted.has(e.seriesId)) return;
        if (!scope.eventVisible(e)) return;
        lastSent = e.id;
        send({ event: 'event', id: String(e.id), data: JSON.stringify(e) });
      };

      const offPoints = deps.bus.onPoints(onPoints);
      const offEvent = withEvents ? deps.bus.onEvent(onEvent) : () => {};
      const heartbeat = setInterval(() => {
        if (stream.aborted) return;
        chain = chain.then(() => stream.write(': ping\n\n'));
        void sites.orgOfSite().then(
          (map) => {
            scope = scopeCheck(principal, map);
          },
          () => undefined,
        );
      }, deps.heartbeatMs ?? 15_000);
      stream.onAbort(() => stop());
      // Rights end, stream ends: revoked key, disabled user, signed-out session, end of first-run.
      const unwatch = whenRightsEnd(
        deps,
        { principal: c.get('principal'), session: c.get('session') },
        stop,
        deps.rightsRecheckMs,
      );
      const onShutdown = (): void => stop();
      shutdown.addEventListener('abort', onShutdown);

      // Hello first, so clients know the feed is live, then the events missed since Last-Event-ID.
      await stream.write(': xinzhi live feed\n\n');
      if (withEvents && lastEventId !== undefined) {
        const missed = await deps.store.listEvents({ afterId: lastEventId, limit: 1000 });
        for (const e of missed) onEvent(e);
      }
      if (shutdown.aborted) stop();
      await done;
      clearInterval(heartbeat);
      offPoints();
      offEvent();
      shutdown.removeEventListener('abort', onShutdown);
      unwatch();
      await chain.catch(() => undefined);
    });
  });
}
