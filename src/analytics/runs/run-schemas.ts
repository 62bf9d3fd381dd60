import { z } from 'zod';

/**
 * The shapes of tracked runs and the model registry, written once: the engine's types are
 * inferred from these schemas and the HTTP API answers with them (the `id` names the schema in
 * `/api/openapi.json`, from which the dashboard's client is generated). Config and evaluation
 * stay open records: they are whatever the trainer of a kind chose to log.
 */
export const RunStatusSchema = z.enum(['running', 'finished', 'failed']);

export const RunArtefactSchema = z
  .object({
    name: z.string(),
    kind: z.string().meta({ description: '`model`, `report`, `file`…' }),
    bytes: z.number(),
    sha256: z.string().optional(),
    path: z.string().optional(),
  })
  .meta({ id: 'RunArtefact' });

const RunFields = {
  id: z.string(),
  kind: z.string(),
  name: z.string(),
  status: RunStatusSchema,
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  config: z.record(z.string(), z.unknown()).meta({ description: 'The trainer’s settings' }),
  data: z.object({ fingerprint: z.string(), source: z.string().optional(), rows: z.number().optional() }),
  evaluation: z.record(z.string(), z.unknown()).meta({ description: 'Final metrics, by name' }),
  artefacts: z.array(RunArtefactSchema),
  hasModel: z.boolean(),
  error: z.string().optional(),
};

export const RunRecordSchema = z
  .object({
    ...RunFields,
    metrics: z
      .record(z.string(), z.array(z.tuple([z.number(), z.number()])))
      .meta({ description: 'Scalar metrics by name: `[step, value]` pairs in step order' }),
  })
  .meta({ id: 'RunRecord' });

/** A run in a listing: the metric series left out, their names kept. */
export const RunSummarySchema = z
  .object({ ...RunFields, metricNames: z.array(z.string()) })
  .meta({ id: 'RunSummary' });

export const RunComparisonSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    evaluation: z.record(z.string(), z.unknown()),
    config: z.record(z.string(), z.unknown()),
  })
  .meta({ id: 'RunComparison' });

export const ModelVersionSchema = z
  .object({
    version: z.number().int(),
    runId: z.string(),
    createdAt: z.number(),
    evaluation: z.record(z.string(), z.unknown()),
    note: z.string().optional(),
  })
  .meta({ id: 'ModelVersion' });

export const RegisteredModelSchema = z
  .object({
    name: z.string(),
    versions: z.array(ModelVersionSchema),
    production: z.number().int().nullable().meta({ description: 'The version in production, or null' }),
    history: z
      .array(z.object({ version: z.number().int(), at: z.number() }))
      .meta({ description: 'Production versions in the order they were promoted (the last is current)' }),
  })
  .meta({ id: 'RegisteredModel' });

export type RunStatus = z.infer<typeof RunStatusSchema>;
export type RunArtefact = z.infer<typeof RunArtefactSchema>;
export type RunRecord = z.infer<typeof RunRecordSchema>;
export type RunSummary = z.infer<typeof RunSummarySchema>;
export type RunComparison = z.infer<typeof RunComparisonSchema>;
export type ModelVersion = z.infer<typeof ModelVersionSchema>;
export type RegisteredModel = z.infer<typeof RegisteredModelSchema>;
