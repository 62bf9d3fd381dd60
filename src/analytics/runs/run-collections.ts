/**
 * The collections of tracked training: run records (`runs.records`), the model each finished run
 * produced (`runs.models`, apart so listing runs stays light) and the model registry
 * (`runs.registry`, one document per model name). Records and registry entries are checked against
 * the same schemas the API answers with (`run-schemas.ts`).
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection } from '../../store/index.js';
import { RegisteredModelSchema, RunRecordSchema } from './run-schemas.js';

export const runCollection = defineCollection(DOC_NAMESPACES.runsRecords, RunRecordSchema);

/** A model is whatever its trainer wrote; the trainer's own loader checks it when it is used. */
export const runModelCollection = defineCollection(DOC_NAMESPACES.runsModels, z.unknown());

export const registryCollection = defineCollection(DOC_NAMESPACES.runsRegistry, RegisteredModelSchema);
