import { z } from 'zod';
import { DeliveryPlanSchema, DeliveryProblemSchema } from './delivery-types.js';

/** A delivery plan as kept and served: the plan with the problem it answers (to draw or re-plan it). */
export const StoredDeliveryPlanSchema = z
  .object({
    id: z.string(),
    createdAt: z.number().meta({ description: 'When this revision was made (UTC ms)' }),
    revision: z.number().int().meta({ description: '1 for the first plan, +1 for each re-plan' }),
    source: z
      .enum(['api', 'demo'])
      .meta({ description: 'Who made it: the API or the demo’s daily planning' }),
    problem: DeliveryProblemSchema,
    plan: DeliveryPlanSchema,
  })
  .meta({ id: 'StoredDeliveryPlan' });

export type StoredPlan = z.infer<typeof StoredDeliveryPlanSchema>;
