/**
 * Alarm records in the collection `monitoring.alarms`, one document per (source, condition) keyed
 * by `alarmKey`. The schema is the whole record: every field is read by the reducer or the API.
 */
import { z } from 'zod';
import { DOC_NAMESPACES, defineCollection } from '../../store/index.js';
import type { Alarm } from './alarm.js';

const nullableTime = z.number().nullable();

/** An alarm as stored and as the API answers it (`Alarm` in the OpenAPI document). */
export const AlarmSchema = z
  .object({
    key: z.string().min(1),
    source: z.string(),
    condition: z.string(),
    severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']),
    state: z.enum(['normal', 'unacknowledged', 'acknowledged', 'returned-unacknowledged']),
    message: z.string(),
    value: z.number().nullable(),
    raisedAt: z.number(),
    lastChangeAt: z.number(),
    repeats: z.number().int().min(0),
    ackedAt: nullableTime,
    ackedBy: z.string().nullable(),
    clearedAt: nullableTime,
    shelvedUntil: nullableTime,
    shelvedBy: z.string().nullable(),
    suppressed: z.boolean(),
  })
  .meta({ id: 'Alarm' }) satisfies z.ZodType<Alarm>;

export const alarmCollection = defineCollection(DOC_NAMESPACES.monitoringAlarms, AlarmSchema);
