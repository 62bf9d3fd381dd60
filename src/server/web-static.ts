/**
 * Serves the built dashboard (`web/dist`, made by `npm run build:web`) from the API's Hono app:
 * hashed assets under `/assets/` are cached for a year (their names change with their content),
 * `index.html` is revalidated on every load, and any other GET outside `/api/` falls back to
 * `index.html` so that deep links work. Without a build, `/` says how to make one.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type MiddlewareHandler } from 'hono';
import { guard } from './auth/guard.js';

/** `web/dist` of this package: two levels up from src/server (tsx) or dist/server (built). */
export const DEFAULT_WEB_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'web', 'dist');

export interface WebStaticOptions {
  /** Directory of the built dashboard; default `DEFAULT_WEB_ROOT`. */
  readonly root?: string;
}

const IMMUTABLE = 'public, max-age=31536000, immutable';
const REVALIDATE = 'no-cache';

export function webStaticRoutes(options: WebStaticOptions = {}): Hono {
  const root = options.root ?? DEFAULT_WEB_ROOT;
  const app = new Hono();
  const index = join(root, 'index.html');
  if (!existsSync(index)) {
    app.get('/', guard('public'), (c) =>
      c.text(
        `The dashboard is not built (no ${index}). Run \`npm run build\` (or \`npm run build:web\`) and reload; ` +
          'the API is at /api/v1 and its description at /api/openapi.json.\n',
        503,
      ),
    );
    return app;
  }
  const assets = serveStatic({ root });
  const shell = serveStatic({ root, path: 'index.html' });
  const files = serveStatic({ root });
  const cached =
    (mw: MiddlewareHandler, policy: string): MiddlewareHandler =>
    async (c, next) => {
      const res = await mw(c, next);
      if (res instanceof Response) {
        if (res.ok) res.headers.set('Cache-Control', policy);
        return res;
      }
      if (c.res.ok) c.res.headers.set('Cache-Control', policy);
      return undefined;
    };
  app.use('/assets/*', cached(assets, IMMUTABLE));
  app.get('*', guard('public'), async (c, next) => {
    if (c.req.path.startsWith('/api/') || c.req.path.startsWith('/assets/')) return next();
    // A file of the build (favicon, index.html) if there is one, else the app shell: deep links
    // like /telemetry load the dashboard, whose router takes over (API paths keep their 404).
    const found = await cached(files, REVALIDATE)(c, async () => {});
    if (found instanceof Response) return found;
    if (c.finalized) return c.res;
    return cached(shell, REVALIDATE)(c, next);
  });
  return app;
}
