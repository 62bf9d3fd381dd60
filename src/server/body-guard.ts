/**
 * Request-body limits for every route, in front of the routers: a size per route
 * (`Limits.bodyBytes`: batches, events, uploads, and a small default for everything else) and, for
 * JSON bodies, a nesting-depth check before any handler parses and walks them. Without it a 50 MB
 * event was stored as is, and a deeply nested body reached `JSON.stringify` in a handler: a 500.
 */
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { decodeUtf8, jsonDepthExceeded, type Limits, XinzhiError } from '../core/index.js';

const tooLarge = (max: number, setting: string): never => {
  throw new XinzhiError(
    'PAYLOAD_TOO_LARGE',
    `request body is larger than ${max} bytes (limit ${setting}); send less per request or raise the limit`,
    { field: '(body)' },
  );
};

/** Which `bodyBytes` limit a path falls under, and the flag that raises it. */
export function bodyLimitFor(path: string, limits: Limits): { max: number; setting: string } {
  const p = path.replace(/^\/api\/v1/, '').replace(/\/+$/, '');
  if (p === '/points')
    return { max: limits.bodyBytes.points, setting: 'bodyBytes.points, --max-body-points' };
  if (p === '/events')
    return { max: limits.bodyBytes.events, setting: 'bodyBytes.events, --max-body-events' };
  if (p === '/images') return { max: limits.bodyBytes.images, setting: 'bodyBytes.images' };
  if (p === '/imports' || p === '/jobs/uploads')
    return { max: limits.bodyBytes.imports, setting: 'bodyBytes.imports, --max-upload' };
  return { max: limits.bodyBytes.other, setting: 'bodyBytes.other, --max-body' };
}

export function bodyGuard(limits: Limits): MiddlewareHandler {
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD' || method === 'OPTIONS' || c.req.raw.body === null)
      return next();
    const { max, setting } = bodyLimitFor(c.req.path, limits);
    if (setting.startsWith('bodyBytes.imports')) {
      // Uploads stream to disk: only a declared length is checked here, the route counts the rest.
      const declared = Number(c.req.header('content-length') ?? '0');
      if (declared > max) tooLarge(max, setting);
      return next();
    }
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    const json = type === '' || type === 'application/json' || type.endsWith('+json');
    const ndjson =
      type === 'application/x-ndjson' || type === 'application/ndjson' || type === 'application/jsonl';
    return bodyLimit({ maxSize: max, onError: () => tooLarge(max, setting) })(c, async () => {
      if (json || ndjson) {
        // Strict UTF-8: a lenient decode would turn bad bytes into U+FFFD inside ids and values.
        const bytes = await c.req.arrayBuffer();
        // Handlers (and a route's own limit) read the body again: give them a fresh request.
        c.req.raw = new Request(c.req.raw, { body: bytes });
        const text = decodeUtf8(new Uint8Array(bytes));
        if (text === undefined)
          throw new XinzhiError('BAD_INPUT', 'request body is not valid UTF-8', { field: '(body)' });
        // Batches check depth per item themselves (JSON and NDJSON alike).
        const at =
          json && !setting.startsWith('bodyBytes.points') ? jsonDepthExceeded(text, limits.jsonDepth) : -1;
        if (at >= 0)
          throw new XinzhiError(
            'BAD_INPUT',
            `request body nests arrays/objects deeper than ${limits.jsonDepth} levels (at character ${at}; limit jsonDepth)`,
            { field: '(body)' },
          );
      }
      await next();
    });
  };
}
