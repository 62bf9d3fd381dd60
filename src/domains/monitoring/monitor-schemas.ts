/**
 * The zod schemas of a series' alarm configuration and its overrides, shared by the HTTP API, the
 * CLI and the `monitoring.rules` collection, so all three accept and refuse the same documents.
 */
import type { z } from 'zod';

/**
 * The schemas, built with the given zod: the HTTP layer passes its OpenAPI-extended `z` (so the
 * same definition documents the API), this module its own.
 */
export function monitorSchemas(zod: typeof z) {
  const Severity = zod.enum(['info', 'warning', 'minor', 'major', 'critical']);
  /** One series' alarm configuration (each rule null when off). */
  const config = zod.object({
    anomaly: zod.object({ severity: Severity }).nullable(),
    threshold: zod
      .object({
        high: zod.number().optional(),
        low: zod.number().optional(),
        deadband: zod.number().min(0).optional(),
        onDelayMs: zod.number().int().min(0).max(3_600_000).optional(),
        offDelayMs: zod.number().int().min(0).max(3_600_000).optional(),
        severity: Severity,
      })
      .refine((t) => t.high !== undefined || t.low !== undefined, { message: 'give high, low or both' })
      .refine((t) => t.high === undefined || t.low === undefined || t.low < t.high, {
        message: 'low must be below high',
      })
      .nullable(),
    rate: zod.object({ maxPerSecond: zod.number().positive(), severity: Severity }).nullable(),
    stuck: zod
      .object({ forMs: zod.number().int().min(1000), tolerance: zod.number().min(0), severity: Severity })
      .nullable(),
    missing: zod.object({ afterMs: zod.number().int().min(1000), severity: Severity }).nullable(),
    suppressWhile: zod
      .object({
        series: zod.string().min(1).max(500),
        values: zod.array(zod.number()).min(1).max(32),
      })
      .nullable(),
  });
  /** Overrides: the fields given replace the defaults (null turns a rule off); `{}` means defaults. */
  const overrides = config.partial().strict();
  return { config, overrides };
}
