/** The field-operation file `xinzhi agri schedule <ops.json>` reads (format: docs/agriculture.md). */
import { z } from 'zod';

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const num = z.number().finite();
const pos = num.positive();

export const operationsSchema = z.object({
  weather: z
    .array(z.object({ date: isoDate, windMs: num.min(0).default(0), rainMm: num.min(0).default(0) }))
    .min(1),
  rules: z
    .object({
      /** No spraying when the day's wind exceeds this, m/s. */
      sprayMaxWindMs: num.min(0).default(4),
      /** No spraying when rain above this is forecast for the day or the next (within 24 h), mm. */
      sprayRainMm: num.min(0).default(0.5),
      /** No harvesting on a day with, or the day after, rain above this, mm. */
      harvestRainMm: num.min(0).default(5),
    })
    .default({ sprayMaxWindMs: 4, sprayRainMm: 0.5, harvestRainMm: 5 }),
  machines: z
    .array(
      z.object({ id: z.string().min(1), hoursPerDay: num.min(0).max(24), can: z.array(z.string()).min(1) }),
    )
    .min(1),
  operators: z
    .array(
      z.object({
        id: z.string().min(1),
        hoursPerDay: num.min(0).max(24),
        skills: z.array(z.string()).min(1),
      }),
    )
    .min(1),
  jobs: z
    .array(
      z.object({
        id: z.string().min(1),
        /** spray, fertilise, harvest or any other type machines and operators list. */
        type: z.string().min(1),
        field: z.string().optional(),
        hours: pos,
        earliest: isoDate.optional(),
        latest: isoDate.optional(),
        priority: pos.default(1),
      }),
    )
    .min(1),
  options: z
    .object({
      /** Weight of a day late relative to a day of completion time (default 20). */
      latenessWeight: num.min(0).default(20),
      /** Cost of leaving a job undone, in priority-weighted days (default (1 + latenessWeight)·(horizon + 1): any feasible late finish is preferred). */
      unscheduledCost: num.min(0).optional(),
      timeLimit: pos.default(30),
      mipGap: num.min(0).default(1e-4),
    })
    .default({ latenessWeight: 20, timeLimit: 30, mipGap: 1e-4 }),
});

export type OperationsInput = z.infer<typeof operationsSchema>;
