/**
 * `/api/v1/connectors`: the OPC UA, Modbus and Sparkplug connectors declared in the store, with
 * their live status (state, node running it, last value time, messages/s, error counts). Reading
 * needs `read`; declaring, changing and removing connectors `series:manage` (they create series).
 */
import { z } from '@hono/zod-openapi';
import { DEFAULT_ORG, type Principal, XinzhiError } from '../../core/index.js';
import { guardedRoute } from '../auth/guard.js';
import { principalOfRequest } from '../auth/scope.js';
import {
  CONNECTOR_ID_RE,
  type ConnectorSpec,
  ConnectorSpecSchema,
  connectorCollection,
  connectorInputSchema,
} from '../connectors/connector-spec.js';
import { router, type ServerDeps } from '../context.js';
import { problemResponses } from '../schemas.js';

const StatusSchema = z
  .object({
    id: z.string(),
    kind: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    state: z.enum(['running', 'elsewhere', 'starting', 'failed', 'stopped', 'disabled']),
    node: z.string().nullable(),
    lastValueAt: z.number().nullable(),
    messages: z.number(),
    messagesPerSecond: z.number(),
    readings: z.number(),
    quarantined: z.number(),
    errors: z.number(),
    lastError: z.string().nullable(),
  })
  .openapi('ConnectorStatus');

const idParam = z.object({
  id: z
    .string()
    .regex(CONNECTOR_ID_RE, 'lower-case letters, digits, _ and -, at most 63')
    .openapi({ param: { name: 'id', in: 'path' } }),
});

const list = guardedRoute('read', {
  method: 'get',
  path: '/connectors',
  tags: ['connectors'],
  summary: 'Declared connectors and their status',
  responses: {
    200: {
      description: 'Connectors',
      content: { 'application/json': { schema: z.object({ connectors: z.array(StatusSchema) }) } },
    },
    ...problemResponses,
  },
});

/**
 * A connector writes series anywhere its declaration says: only a principal of the installation's
 * organisation with no site or device restriction may declare or remove one.
 */
const unrestricted = (p: Principal): boolean =>
  p.kind === 'open' ||
  p.kind === 'system' ||
  (p.scope.org === DEFAULT_ORG && p.scope.sites === null && p.scope.asset === null);

function mustBeUnrestricted(p: Principal, id?: string): void {
  if (unrestricted(p)) return;
  // A read says nothing about what exists outside the caller's scope.
  if (id !== undefined)
    throw new XinzhiError('NOT_FOUND', `connector '${id}' does not exist`, { field: 'id' });
  throw new XinzhiError(
    'FORBIDDEN',
    `${p.name} is limited to some sites or an organisation; connectors are declared installation-wide`,
    {
      field: 'authorization',
    },
  );
}

const get = guardedRoute('series:manage', {
  method: 'get',
  path: '/connectors/{id}',
  tags: ['connectors'],
  summary:
    'One connector declaration (secrets are never stored: passwords are named by an environment variable)',
  request: { params: idParam },
  responses: {
    200: {
      description: 'The declaration',
      content: { 'application/json': { schema: ConnectorSpecSchema } },
    },
    ...problemResponses,
  },
});

const put = guardedRoute('series:manage', {
  method: 'put',
  path: '/connectors/{id}',
  tags: ['connectors'],
  summary: 'Declare or change a connector; the server (one node in a cluster) starts it',
  request: {
    params: idParam,
    body: { required: true, content: { 'application/json': { schema: connectorInputSchema } } },
  },
  responses: {
    200: {
      description: 'The declaration',
      content: { 'application/json': { schema: ConnectorSpecSchema } },
    },
    ...problemResponses,
  },
});

const remove = guardedRoute('series:manage', {
  method: 'delete',
  path: '/connectors/{id}',
  tags: ['connectors'],
  summary: 'Stop and remove a connector (its series and points stay)',
  request: { params: idParam },
  responses: { 204: { description: 'Removed' }, ...problemResponses },
});

export function connectorRoutes(deps: ServerDeps) {
  const sync = async (): Promise<void> => {
    await deps.connectors
      ?.sync()
      .catch((err: unknown) => deps.logger.warn({ err }, 'connectors: sync failed'));
  };
  return router()
    .openapi(list, async (c) => {
      // Connectors are declared installation-wide: a principal limited to an organisation, sites
      // or a device sees none of them, as GET /connectors/{id} answers it 404.
      if (!unrestricted(principalOfRequest(c))) return c.json({ connectors: [] }, 200);
      if (deps.connectors) return c.json({ connectors: await deps.connectors.statuses() }, 200);
      const docs = await connectorCollection.list(deps.store);
      return c.json(
        {
          connectors: docs.map(({ doc }) => ({
            id: doc.id,
            kind: doc.kind,
            name: doc.name ?? doc.id,
            enabled: doc.enabled,
            state: 'stopped' as const,
            node: null,
            lastValueAt: null,
            messages: 0,
            messagesPerSecond: 0,
            readings: 0,
            quarantined: 0,
            errors: 0,
            lastError: null,
          })),
        },
        200,
      );
    })
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param');
      mustBeUnrestricted(principalOfRequest(c), id);
      const doc = await connectorCollection.get(deps.store, id);
      if (!doc) throw new XinzhiError('NOT_FOUND', `connector '${id}' does not exist`, { field: 'id' });
      return c.json(doc, 200);
    })
    .openapi(put, async (c) => {
      const { id } = c.req.valid('param');
      mustBeUnrestricted(principalOfRequest(c));
      const input = c.req.valid('json');
      const spec = { ...input, id, updatedAt: deps.clock.now() } as ConnectorSpec;
      await connectorCollection.put(deps.store, id, spec);
      await sync();
      return c.json(spec, 200);
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param');
      mustBeUnrestricted(principalOfRequest(c));
      if (!(await connectorCollection.get(deps.store, id)))
        throw new XinzhiError('NOT_FOUND', `connector '${id}' does not exist`, { field: 'id' });
      await connectorCollection.delete(deps.store, id);
      await sync();
      return c.body(null, 204);
    });
}
