/**
 * Reading and changing the alarm-rule overrides of a series, shared by `PUT /series/{id}/alarm-rules`
 * and `xinzhi alarms rules`: one schema, so both accept and refuse the same documents.
 */
import { z } from 'zod';
import { fieldIssues, issuesError, issuesFromZod, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { loadMonitorConfig, type MonitorOverrides, type SeriesMonitorConfig } from './monitor-config.js';
import { monitorRulesCollection } from './monitor-rules-collection.js';
import { monitorSchemas } from './monitor-schemas.js';

export { monitorSchemas } from './monitor-schemas.js';

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
  await monitorRulesCollection.put(store, id, parsed.data as MonitorOverrides);
  return monitorRules(store, id);
}

/** The rules of a series before and after a change. */
export interface MonitorRulesChange {
  readonly before: MonitorRulesView;
  readonly after: MonitorRulesView;
}

/**
 * Changes one part of a series' overrides: `change` gets a copy of the current ones and returns
 * the new set (it may throw, e.g. NOT_FOUND for a rule that has no setting to remove), which is
 * checked and stored as `setMonitorOverrides` does.
 */
export async function changeMonitorOverrides(
  store: Pick<Store, 'getSeries' | 'getDoc' | 'putDoc'>,
  id: string,
  change: (current: Record<string, unknown>) => Record<string, unknown>,
): Promise<MonitorRulesChange> {
  const before = await monitorRules(store, id);
  const after = await setMonitorOverrides(store, id, change({ ...before.overrides }));
  return { before, after };
}
