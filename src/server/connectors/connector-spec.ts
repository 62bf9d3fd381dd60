/**
 * Connectors declared in the store (the collection `ingest.connectors`, one document per id, so
 * SQLite and PostgreSQL hold them alike without a table of their own). Secrets are never stored:
 * an OPC UA password is named by the environment variable that holds it on the server.
 */
import { z } from '@hono/zod-openapi';
import { registerMapSchema } from '../../ingest/modbus/register-map.js';
import { DOC_NAMESPACES, defineCollection, documentOf } from '../../store/index.js';

export const CONNECTOR_KINDS = ['opcua', 'modbus', 'sparkplug'] as const;
export type ConnectorKind = (typeof CONNECTOR_KINDS)[number];

const seriesId = z.string().min(3).max(256);

export const opcuaConfigSchema = z
  .object({
    endpoint: z.string().regex(/^opc\.tcp:\/\/[^\s]+$/, 'must be opc.tcp://host:port[/path]'),
    securityMode: z.enum(['None', 'Sign', 'SignAndEncrypt']).default('None'),
    securityPolicy: z
      .enum(['None', 'Basic256Sha256', 'Aes128_Sha256_RsaOaep', 'Aes256_Sha256_RsaPss'])
      .optional(),
    user: z.string().max(200).optional(),
    /** Environment variable holding the password on the server. */
    passwordEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/)
      .max(100)
      .optional(),
    items: z
      .array(
        z
          .object({ nodeId: z.string().min(1).max(512), seriesId, unit: z.string().max(64).optional() })
          .strict(),
      )
      .min(1)
      .max(50_000),
    samplingIntervalMs: z.number().int().min(0).max(3_600_000).default(1000),
    publishingIntervalMs: z.number().int().min(10).max(3_600_000).default(1000),
    deadband: z
      .object({ type: z.enum(['absolute', 'percent']), value: z.number().min(0) })
      .strict()
      .optional(),
    maxItemsPerSubscription: z.number().int().min(1).max(100_000).default(1000),
    /**
     * nodeIds control loops may write through this connector; none by default. A loop naming any
     * other node is refused when it is configured and when it writes.
     */
    writable: z.array(z.string().min(1).max(512)).max(10_000).default([]),
    /** Least time between two writes to one node (a slow PLC is not flooded). */
    minWriteIntervalMs: z.number().int().min(0).max(3_600_000).default(500),
  })
  .strict();

export const modbusConfigSchema = z
  .object({
    devices: z
      .array(
        z
          .object({
            host: z.string().min(1).max(253),
            port: z.number().int().min(1).max(65_535).default(502),
            unitId: z.number().int().min(0).max(255).default(1),
            asset: z.string().min(1).max(200),
            map: registerMapSchema,
            timeoutMs: z.number().int().min(10).max(60_000).default(1000),
            retries: z.number().int().min(0).max(10).default(2),
            minGapMs: z.number().int().min(0).max(60_000).default(0),
          })
          .strict(),
      )
      .min(1)
      .max(1000),
  })
  .strict();

export const sparkplugConfigSchema = z
  .object({
    /** `embedded` (the server's own broker, in-process) or an mqtt:// URL. */
    broker: z
      .union([z.literal('embedded'), z.string().regex(/^(mqtts?|wss?):\/\/[^\s]+$/)])
      .default('embedded'),
    group: z.string().min(1).max(100).optional(),
    assetRoot: z.string().min(1).max(200).optional(),
    hostId: z.string().min(1).max(100).optional(),
  })
  .strict();

export const connectorInputSchema = z
  .discriminatedUnion('kind', [
    z
      .object({
        kind: z.literal('opcua'),
        name: z.string().max(200).optional(),
        enabled: z.boolean().default(true),
        config: opcuaConfigSchema,
      })
      .strict(),
    z
      .object({
        kind: z.literal('modbus'),
        name: z.string().max(200).optional(),
        enabled: z.boolean().default(true),
        config: modbusConfigSchema,
      })
      .strict(),
    z
      .object({
        kind: z.literal('sparkplug'),
        name: z.string().max(200).optional(),
        enabled: z.boolean().default(true),
        config: sparkplugConfigSchema,
      })
      .strict(),
  ])
  .openapi('ConnectorInput');

export type ConnectorInput = z.infer<typeof connectorInputSchema>;
/** A declared connector as stored and answered: the input with its id and the time it changed. */
export const ConnectorSpecSchema = connectorInputSchema
  .and(z.object({ id: z.string(), updatedAt: z.number() }))
  .openapi('Connector');
export type ConnectorSpec = z.infer<typeof ConnectorSpecSchema>;

export const CONNECTOR_ID_RE = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const CONNECTOR_DOCS = DOC_NAMESPACES.ingestConnectors;

/** What the manager and the API rely on; the rest was checked by `connectorInputSchema` on write. */
export const connectorCollection = defineCollection(
  CONNECTOR_DOCS,
  documentOf<ConnectorSpec>(
    z.looseObject({
      id: z.string().regex(CONNECTOR_ID_RE),
      kind: z.enum(CONNECTOR_KINDS),
      enabled: z.boolean(),
      updatedAt: z.number(),
      config: z.looseObject({}),
    }),
  ),
);
