/**
 * Reading and changing the alarm-rule overrides of a series, shared by `PUT /series/{id}/alarm-rules`
 * and `xinzhi alarms rules`: one schema, so both accept and refuse the same documents.
 */
import { z } from 'zod';
import { fieldIssues, issuesError, issuesFromZod, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import {
  loadMonitorConfig,
  MONITOR_CONFIG_NS,
  type MonitorOverrides,
  type SeriesMonitorConfig,
} from './monitor-config.js';

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

const { config: MonitorConfigSchema, overrides: MonitorOverridesSchema } = monitorSchemas(z);

/** The rule names an override may set. */
export const MONITOR_RULES = Object.keys(MonitorConfigSchema.shape) as ReadonlyArray<keyof MonitorOverrides>;

export type MonitorRulesView = Omit<SeriesMonitorConfig, 'rules'>;

/** Defaults, overrides and what applies to a series; NOT_FOUND for an unknown series. */
export async function monitorRules(
  store: Pick<Store, 'getSeries' | 'getDoc'>,
  id: string,
): Promise<MonitorRulesView> {
  const cfg = await loadMonitorConfig(store, id);
  if (!cfg) throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'id' });
  const { rules: _, ...out } = cfg;
  return out;
}

/**
 * Replaces the overrides of a series after checking them against the schema (BAD_INPUT naming
 * the first bad field). The caller reloads a running monitor, if it has one.
 */
export async function setMonitorOverrides(
  store: Pick<Store, 'getSeries' | 'getDoc' | 'putDoc'>,
  id: string,
  overrides: unknown,
): Promise<MonitorRulesView> {
  if (!(await store.getSeries(id))) throw new XinzhiError('NOT_FOUND', `no series '${id}'`, { field: 'id' });
  const parsed = MonitorOverridesSchema.safeParse(overrides);
  if (!parsed.success) {
    const issues = issuesFromZod(parsed.error);
    const first = fieldIssues(issues, { fallback: 'rules' })[0]!;
    throw issuesError(issues, {
      fallback: 'rules',
      detail: `alarm rules of ${id}: ${first.field}: ${first.message}`,
    });
  }
  await store.putDoc(MONITOR_CONFIG_NS, id, parsed.data as MonitorOverrides);
  return monitorRules(store, id);
}
