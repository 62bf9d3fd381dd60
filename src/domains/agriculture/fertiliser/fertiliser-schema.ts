/** The fertiliser plan file `xinzhi agri fertilise <plan.json>` reads (format: docs/agriculture.md). */
import { z } from 'zod';

const num = z.number().finite();
const pos = num.positive();
const nutrientMap = z.record(z.string().min(1), num.min(0).max(100));
const requirement = z.union([
  num.min(0),
  z
    .object({ min: num.min(0).optional(), max: num.min(0).optional() })
    .refine((r) => r.min !== undefined || r.max !== undefined, { message: 'give min, max or both' })
    .refine((r) => r.min === undefined || r.max === undefined || r.max >= r.min, {
      message: 'max must be ≥ min',
    }),
]);

export const fertiliserPlanSchema = z.object({
  name: z.string().default('fertiliser plan'),
  currency: z.string().default('¥'),
  /** A numeric requirement r means [r, r·(1 + tolerance)]. */
  tolerance: num.min(0).max(10).default(0.1),
  /** Buy whole bags per field (MILP). */
  integerBags: z.boolean().default(false),
  products: z
    .array(
      z
        .object({
          id: z.string().min(1),
          grade: z.string().optional(),
          analysis: nutrientMap.optional(),
          pricePerKg: pos.optional(),
          pricePerBag: pos.optional(),
          bagKg: pos.optional(),
          stockKg: num.min(0).optional(),
          maxRateKgHa: pos.optional(),
        })
        .refine((p) => p.grade !== undefined || p.analysis !== undefined, {
          message: 'give a grade (e.g. "urea") or an analysis',
        })
        .refine((p) => p.pricePerKg !== undefined || (p.pricePerBag !== undefined && p.bagKg !== undefined), {
          message: 'give pricePerKg, or pricePerBag and bagKg',
        }),
    )
    .min(1),
  fields: z
    .array(
      z.object({
        id: z.string().min(1),
        areaHa: pos,
        requirements: z.record(z.string().min(1), requirement),
        applications: z
          .array(
            z.object({
              id: z.string().min(1),
              maxNKgHa: num.min(0).optional(),
              maxProductKgHa: pos.optional(),
              products: z.array(z.string()).optional(),
            }),
          )
          .min(1)
          .optional(),
      }),
    )
    .min(1),
  options: z.object({ timeLimit: pos.optional(), mipGap: num.min(0).optional() }).optional(),
});

export type FertiliserPlanInput = z.infer<typeof fertiliserPlanSchema>;
