/**
 * The field-operation scheduler's answer, written once: `scheduleOperations` builds values of the
 * inferred type, and the HTTP API (`POST /ask/field-schedule`) documents and answers with it.
 */
import { z } from 'zod';
import { SOLVE_STATUSES } from '../../../optimize/index.js';

export const ScheduledWorkSchema = z
  .object({
    date: z.string(),
    job: z.string(),
    type: z.string(),
    field: z.string().optional(),
    machine: z.string(),
    operator: z.string(),
    hours: z.number(),
  })
  .meta({ id: 'FieldScheduledWork' });
export type ScheduledWork = z.infer<typeof ScheduledWorkSchema>;

export const OperationsScheduleSchema = z
  .object({
    status: z.enum(SOLVE_STATUSES),
    message: z.string().meta({ description: 'The outcome in words' }),
    objective: z.number().nullable(),
    jobs: z.array(
      z.object({
        id: z.string(),
        type: z.string(),
        state: z.enum(['on-time', 'late', 'unscheduled']),
        machine: z.string().nullable(),
        completionDate: z.string().nullable(),
        daysLate: z.number(),
        hours: z.number(),
        blocked: z
          .array(z.object({ date: z.string(), reason: z.string() }))
          .meta({ description: 'Days in the window the weather rules out for this job, with the reason' }),
      }),
    ),
    machines: z.array(
      z.object({
        id: z.string(),
        days: z.array(z.object({ date: z.string(), hours: z.number(), work: z.array(ScheduledWorkSchema) })),
      }),
    ),
    model: z.object({ variables: z.number(), constraints: z.number(), binaries: z.number() }),
  })
  .meta({ id: 'FieldOperationsSchedule' });
export type OperationsSchedule = z.infer<typeof OperationsScheduleSchema>;
