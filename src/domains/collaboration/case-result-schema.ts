/**
 * The answer of a collaboration case, written once: the HTTP API documents and answers with these
 * schemas and `explain-allocation.ts` builds values of the inferred types.
 */
import { z } from 'zod';

export const AllocationMethodSchema = z.enum(['shapley', 'nucleolus', 'owen']);
export type AllocationMethod = z.infer<typeof AllocationMethodSchema>;

const perPartner = z.record(z.string(), z.number());

export const CaseAllocationSchema = z
  .object({
    method: AllocationMethodSchema,
    shares: perPartner.meta({ description: 'Cost share (cost case) or payoff (profit case) per partner' }),
    gains: perPartner.meta({ description: 'Saving against going alone (cost) or gain over it (profit)' }),
    in_core: z.boolean().nullable().meta({
      description: 'No coalition would do better on its own; null when not every coalition is known',
    }),
    blocked_by: z
      .object({ coalition: z.string(), by: z.number() })
      .nullable()
      .meta({ description: 'The coalition that would gain most by leaving, and how much' }),
    standard_error: perPartner
      .optional()
      .meta({ description: 'Sampled Shapley only: standard error of each share' }),
  })
  .meta({ id: 'CollabAllocation' });
export type CaseAllocation = z.infer<typeof CaseAllocationSchema>;

export const CoalitionRowSchema = z
  .object({
    coalition: z.string(),
    size: z.number().int(),
    value: z.number().meta({ description: 'Its cost alone (cost case) or worth alone (profit case)' }),
    shares: z
      .object({ shapley: z.number(), nucleolus: z.number(), owen: z.number() })
      .partial()
      .meta({ description: "Σ of its members' shares under each allocation" }),
  })
  .meta({ id: 'CollabCoalition' });
export type CoalitionRow = z.infer<typeof CoalitionRowSchema>;

export const CaseResultSchema = z
  .object({
    title: z.string(),
    kind: z.enum(['profit', 'cost']),
    currency: z.string(),
    method: z.enum(['exact', 'sampled']),
    note: z.string(),
    players: z.array(z.string()),
    total: z.number().meta({ description: "The grand coalition's cost or worth" }),
    alone: perPartner,
    coalitions: z.array(CoalitionRowSchema),
    allocations: z.array(CaseAllocationSchema),
    core_empty: z.boolean().nullable(),
    least_core_epsilon: z.number().nullable(),
    sentences: z.object({ en: z.array(z.string()), zh: z.array(z.string()) }),
  })
  .meta({ id: 'CollabCase' });
export type CaseResult = z.infer<typeof CaseResultSchema>;
