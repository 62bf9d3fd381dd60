import { z } from '@hono/zod-openapi';
import { guardedRoute } from '../auth/guard.js';
import { noCredentialsYet } from '../auth/middleware.js';
import { router, type ServerDeps } from '../context.js';

const HealthSchema = z
  .object({
    status: z.enum(['ok']),
    version: z.string(),
    uptimeS: z.number(),
    series: z.number().int(),
    auth: z.enum(['keys', 'first-run', 'none']),
  })
  .openapi('Health');

const route = guardedRoute('public', {
  method: 'get',
  path: '/health',
  tags: ['health'],
  summary: 'Liveness and readiness (no key needed)',
  responses: { 200: { description: 'Healthy', content: { 'application/json': { schema: HealthSchema } } } },
});

export function healthRoutes(deps: ServerDeps, version: string) {
  const started = deps.clock.now();
  return router().openapi(route, async (c) => {
    const series = (await deps.store.listSeries()).length;
    const open = deps.auth.mode === 'none' || (await noCredentialsYet(deps.store));
    const auth = deps.auth.mode === 'none' ? 'none' : open && deps.auth.loopbackOnly ? 'first-run' : 'keys';
    return c.json(
      { status: 'ok' as const, version, uptimeS: (deps.clock.now() - started) / 1000, series, auth } as const,
      200,
    );
  });
}
