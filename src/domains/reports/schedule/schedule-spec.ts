/**
 * What a report schedule says: which report, when (a cron expression in a time zone, parsed by
 * croner), which period it covers, in which format and language, and where it goes. One zod schema
 * checks it for the CLI and the API alike and names every bad field.
 *
 * Secrets never live here: e-mail goes through the server's SMTP transport (`XINZHI_SMTP_URL`),
 * and a folder is a path under the server's reports directory, never anywhere on its disk.
 */
import { Cron } from 'croner';
import { z } from 'zod';
import { resolveTimeZone } from '../../../core/index.js';
import { REPORT_FORMATS } from '../render-report.js';
import { LANGS, REPORT_TYPES } from '../report-doc.js';

const SAFE_SUBFOLDER = /^(?!.*(?:^|[\\/])\.\.(?:[\\/]|$))[\w.\- /]{1,200}$/u;

export const DeliverySchema = z.discriminatedUnion('kind', [
  z.object({
    kind: z.literal('folder'),
    /** A folder under the server's reports directory (no `..`, not absolute). */
    path: z
      .string()
      .regex(SAFE_SUBFOLDER, 'a relative folder of letters, digits, - _ . / (no ..)')
      .refine((p) => !p.startsWith('/'), 'must be relative to the reports directory'),
  }),
  z.object({
    kind: z.literal('webhook'),
    url: z
      .string()
      .max(2000)
      .url()
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL'),
  }),
  z.object({
    kind: z.literal('email'),
    to: z.array(z.string().email().max(254)).min(1).max(50),
    subject: z.string().max(200).optional(),
  }),
]);
export type Delivery = z.infer<typeof DeliverySchema>;

export const SCHEDULE_PERIODS = ['shift', 'day', 'week', 'month'] as const;

export const ScheduleSpecSchema = z
  .object({
    type: z.enum(REPORT_TYPES),
    cron: z
      .string()
      .min(1)
      .max(120)
      .superRefine((v, ctx) => {
        try {
          new Cron(v, { paused: true });
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: `not a cron expression: ${(e as Error).message}` });
        }
      }),
    timeZone: z
      .string()
      .max(64)
      .superRefine((v, ctx) => {
        try {
          resolveTimeZone(v, 'timeZone');
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
        }
      }),
    /** The period each report covers: the last complete one before the fire time. */
    period: z.enum(SCHEDULE_PERIODS),
    format: z.enum(REPORT_FORMATS),
    lang: z.enum(LANGS),
    asset: z.string().max(512).optional(),
    series: z.string().max(512).optional(),
    run: z.string().max(128).optional(),
    plan: z.string().max(128).optional(),
    delivery: DeliverySchema,
    /** Further attempts after a failed delivery. */
    retries: z.number().int().min(0).max(10).default(3),
  })
  .strict()
  .meta({ id: 'ReportScheduleSpec' });
export type ScheduleSpec = z.infer<typeof ScheduleSpecSchema>;

export const ScheduleInputSchema = z
  .object({
    name: z.string().trim().min(1).max(120),
    enabled: z.boolean().default(true),
    spec: ScheduleSpecSchema,
  })
  .strict();
export type ScheduleInput = z.infer<typeof ScheduleInputSchema>;

/** Fixed-offset zones (`+08:00`) are not IANA names croner knows: it takes them as minutes. */
function cronZone(timeZone: string): { timezone: string } | { utcOffset: number } {
  const z = resolveTimeZone(timeZone, 'timeZone');
  return z.name.includes('/') ? { timezone: z.name } : { utcOffset: z.offsetAt(0) / 60_000 };
}

/** The first fire time strictly after `after`, or null when the expression never fires again. */
export function nextFire(spec: Pick<ScheduleSpec, 'cron' | 'timeZone'>, after: number): number | null {
  const c = new Cron(spec.cron, { paused: true, ...cronZone(spec.timeZone) });
  const d = c.nextRun(new Date(after));
  return d ? d.getTime() : null;
}
