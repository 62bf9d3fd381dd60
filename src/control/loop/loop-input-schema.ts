/**
 * What creating a loop takes, written once: the HTTP API checks and documents requests with this
 * schema and `loopConfig` fills the defaults of the inferred type. The bounds are the ones
 * `loopConfig` checks again for callers that build an input in code.
 */
import { z } from 'zod';
import { ANTI_WINDUPS } from '../pid/pid-options.js';
import { LOOP_BOUNDS, OP_NODE_CONNECTOR_PATTERN, OP_NODE_ID_MAX, OP_TOPIC_PATTERN } from './loop-config.js';
import { PlantSpecSchema } from './plant-spec.js';

/** JSON has no Infinity: null stands for none (no integral action, no derivative filter, no rate limit). */
export const NoneAsNull = z.number().nullable().meta({ description: 'null means none (Infinity)' });

const hasControlCharacter = (v: string): boolean =>
  [...v].some((ch) => ch.charCodeAt(0) < 32 || ch === '\x7f');

export const OpTopicSchema = z
  .string()
  .max(LOOP_BOUNDS.opTopicMaxLength)
  .regex(
    OP_TOPIC_PATTERN,
    `must be one concrete topic under ${LOOP_BOUNDS.opTopicPrefix} (no + or # wildcards, no $SYS; levels of letters, digits, _ . -)`,
  )
  .meta({ example: 'xinzhi/cmd/plant1/oven1/heater' });

export const OpNodeSchema = z
  .object({
    connector: z.string().regex(OP_NODE_CONNECTOR_PATTERN, 'must be a connector id'),
    nodeId: z
      .string()
      .min(1)
      .max(OP_NODE_ID_MAX)
      .refine((v) => !hasControlCharacter(v), 'must not contain control characters'),
  })
  .strict()
  .meta({
    id: 'LoopOpNode',
    description:
      "OPC UA node the output is written to, through an opcua connector whose declaration lists it in 'writable'",
    example: { connector: 'press-plc', nodeId: 'ns=2;s=Press.ValveSetpoint' },
  });

/** Named as a whole: the generator inlines a union inside a union, so a nullable named plant would be copied. */
export const LoopPlantSchema = z
  .union([PlantSpecSchema, z.null()])
  .meta({ id: 'LoopPlant', description: 'Process model for the twin; null when none is known' });

export const LoopInputSchema = z.object({
  id: z.string().min(1).max(200),
  description: z.string().max(500).optional(),
  pvSeries: z.string().min(1).nullable().optional(),
  opTopic: OpTopicSchema.nullable().optional(),
  opNode: z.union([OpNodeSchema, z.null()]).optional(),
  opUnit: z.string().max(40).optional(),
  plant: LoopPlantSchema.optional(),
  sampleTimeMs: z
    .number()
    .min(LOOP_BOUNDS.minSampleTimeMs)
    .max(LOOP_BOUNDS.maxSampleTimeMs)
    .meta({ description: `Sample period, ${LOOP_BOUNDS.minSampleTimeMs} ms to 1 h` }),
  setpoint: z.number(),
  mode: z.enum(['auto', 'manual']).optional(),
  manualOutput: z.number().optional(),
  tuning: z.object({
    kc: z.number(),
    ti: NoneAsNull.optional(),
    td: z.number().min(0).optional(),
    b: z.number().optional(),
    c: z.number().optional(),
    n: NoneAsNull.optional(),
  }),
  limits: z.object({ outMin: z.number(), outMax: z.number(), rateLimit: NoneAsNull }).partial().optional(),
  antiWindup: z.enum(ANTI_WINDUPS).optional(),
  action: z.enum(['reverse', 'direct']).optional(),
  staleAfterMs: z.number().positive().optional(),
  setpointTracking: z.boolean().optional(),
});

/** A loop's configuration before defaults: what the API, the demo and stored documents give. */
export type LoopConfigInput = z.output<typeof LoopInputSchema>;
