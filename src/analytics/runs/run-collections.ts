/**
 * The collections of tracked training: run records (`runs.records`), the model each finished run
 * produced (`runs.models`, apart so listing runs stays light) and the model registry
 * (`runs.registry`, one document per model name).
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection, documentOf } from '../../store/index.js';
import type { RegisteredModel, RunRecord } from './run-schemas.js';

const RunRecordSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.string(),
  name: z.string(),
  status: z.enum(['running', 'finished', 'failed']),
  startedAt: z.number(),
  finishedAt: z.number().nullable(),
  config: z.record(z.string(), z.unknown()),
  data: z.looseObject({ fingerprint: z.string() }),
  metrics: z.record(z.string(), z.array(z.tuple([z.number(), z.number()]))),
  evaluation: z.record(z.string(), z.unknown()),
  artefacts: z.array(z.looseObject({ name: z.string(), kind: z.string(), bytes: z.number() })),
  hasModel: z.boolean(),
  error: z.string().optional(),
});

export const runCollection = defineCollection(
  DOC_NAMESPACES.runsRecords,
  documentOf<RunRecord>(RunRecordSchema),
);

/** A model is whatever its trainer wrote; the trainer's own loader checks it when it is used. */
export const runModelCollection = defineCollection(DOC_NAMESPACES.runsModels, z.unknown());

const RegisteredModelSchema = z.looseObject({
  name: z.string().min(1),
  versions: z.array(
    z.looseObject({
      version: z.number().int().min(1),
      runId: z.string(),
      createdAt: z.number(),
      evaluation: z.record(z.string(), z.unknown()),
      note: z.string().optional(),
    }),
  ),
  production: z.number().int().nullable(),
  history: z.array(z.looseObject({ version: z.number().int(), at: z.number() })),
});

export const registryCollection = defineCollection(
  DOC_NAMESPACES.runsRegistry,
  documentOf<RegisteredModel>(RegisteredModelSchema),
);
