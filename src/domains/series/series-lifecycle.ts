/**
 * Renaming and deleting a series together with what the monitoring domain keeps under its id (the
 * operator's alarm-rule overrides), so a renamed series keeps its rules and a deleted one leaves
 * none behind that would apply to a new series of the same id. Alarm records keep their old
 * source: they are history.
 */
import type { Series } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { monitorRulesCollection } from '../monitoring/monitor-rules-collection.js';

/** `store.renameSeries`, then the series' alarm-rule overrides move to the new id. */
export async function renameSeries(store: Store, id: string, newId: string): Promise<Series> {
  const renamed = await store.renameSeries(id, newId);
  const rules = await monitorRulesCollection.get(store, id);
  if (rules !== undefined) {
    await monitorRulesCollection.put(store, renamed.id, rules);
    await monitorRulesCollection.delete(store, id);
  }
  return renamed;
}

/** `store.deleteSeries`, then the series' alarm-rule overrides go too. */
export async function deleteSeries(store: Store, id: string): Promise<{ points: number }> {
  const r = await store.deleteSeries(id);
  await monitorRulesCollection.delete(store, id);
  return r;
}
