/**
 * Which machine's telemetry feeds which RUL model, written once: the HTTP API validates mappings
 * with these schemas and answers with them, and the feed's `RulMapping` type is inferred from them.
 */
import { z } from '@hono/zod-openapi';

const HealthFeatureSchema = z.object({
  name: z.string().min(1),
  kind: z.enum(['ratio', 'excess']),
  failureLevel: z.number().positive(),
  weight: z.number().positive().optional(),
  baseline: z.number().optional(),
});

export const RulModelRefSchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('health-index'),
    features: z.array(HealthFeatureSchema).min(1).optional().openapi({
      description: 'Default: vibration (ratio, failure at 8 × healthy) and bearing_temp (excess, +40 K)',
    }),
    baselineSamples: z.number().int().min(1).max(10_000).optional(),
  }),
  z.object({
    kind: z.literal('registry'),
    name: z.string().min(1).openapi({ description: 'Registered model; its production version is used' }),
  }),
]);

export const RulMappingInputSchema = z
  .object({
    model: RulModelRefSchema,
    series: z
      .record(z.string().min(1), z.string().min(1))
      .refine((r) => Object.keys(r).length > 0, 'map at least one series')
      .openapi({ description: 'Series id → model feature, e.g. {"…/cnc-02/vibration": "vibration"}' }),
    gate: z
      .object({ seriesId: z.string().min(1), values: z.array(z.number()).min(1) })
      .optional()
      .openapi({ description: 'Only take samples while this series is one of these values (state RUN = 1)' }),
    bucketMs: z.number().int().min(1000).max(86_400_000).optional(),
    cycleMs: z.number().int().min(1).optional(),
    alarmBelowMs: z.number().int().min(0).optional(),
    safetyMarginMs: z.number().int().min(0).optional(),
  })
  .openapi('RulMappingInput');

/** A stored mapping: the input with the machine it belongs to and when it was last written. */
export const RulMappingSchema = RulMappingInputSchema.extend({
  assetId: z.string(),
  updatedAt: z.number().optional(),
}).openapi('RulMapping');

export type RulModelRef = z.infer<typeof RulModelRefSchema>;
export type RulMapping = z.infer<typeof RulMappingSchema>;
