/**
 * Delivery plans kept in the Store's document store (namespace `logistics`, key `plan/<id>`), with
 * the problem they answer so a plan can be drawn, checked and re-planned later.
 */
import type { Store } from '../../store/index.js';
import type { StoredPlan } from './stored-plan-schema.js';

export const PLAN_NS = 'logistics';

export type { StoredPlan } from './stored-plan-schema.js';

export const savePlan = (store: Store, p: StoredPlan): Promise<void> =>
  store.putDoc(PLAN_NS, `plan/${p.id}`, p);

export const loadPlan = (store: Store, id: string): Promise<StoredPlan | undefined> =>
  store.getDoc<StoredPlan>(PLAN_NS, `plan/${id}`);

/** Every stored plan, newest first. */
export async function listPlans(store: Store): Promise<StoredPlan[]> {
  const docs = await store.listDocs<StoredPlan>(PLAN_NS, 'plan/');
  return docs.map((d) => d.doc).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}
