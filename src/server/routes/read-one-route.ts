/** The route that reads one thing by its path parameters, as every area declares it. */
import type { z } from '@hono/zod-openapi';
import { guardedRoute } from '../auth/guard.js';
import { jsonResponse, notFoundResponse, problemResponses } from '../schemas.js';

/** `GET path` with the `read` permission: 200 with `schema`, 404 when there is no such thing. */
export function readOneRoute<P extends string, Q extends z.ZodObject, S extends z.ZodTypeAny>(o: {
  readonly path: P;
  readonly tags: string[];
  readonly summary: string;
  readonly params: Q;
  readonly schema: S;
  readonly description: string;
}) {
  return guardedRoute('read', {
    method: 'get',
    path: o.path,
    tags: o.tags,
    summary: o.summary,
    request: { params: o.params },
    responses: { 200: jsonResponse(o.schema, o.description), ...problemResponses, ...notFoundResponse },
  });
}
