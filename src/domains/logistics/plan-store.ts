/**
 * Delivery plans kept in the collection `logistics.plans` (key: the plan id), with the problem
 * they answer so a plan can be drawn, checked and re-planned later.
 */
import { DOC_NAMESPACES, defineCollection, type Store } from '../../store/index.js';
import { StoredDeliveryPlanSchema, type StoredPlan } from './stored-plan-schema.js';

export const PLAN_NS = DOC_NAMESPACES.logisticsPlans;

export type { StoredPlan } from './stored-plan-schema.js';

/** Checked whole, against the schema the API answers with, on write and on read. */
export const deliveryPlanCollection = defineCollection(PLAN_NS, StoredDeliveryPlanSchema);

export const savePlan = (store: Pick<Store, 'putDoc'>, p: StoredPlan): Promise<void> =>
  deliveryPlanCollection.put(store, p.id, p);

export const loadPlan = (store: Pick<Store, 'getDoc'>, id: string): Promise<StoredPlan | undefined> =>
  deliveryPlanCollection.get(store, id);

/** Every stored plan, newest first. */
export async function listPlans(store: Pick<Store, 'listDocs'>): Promise<StoredPlan[]> {
  const docs = await deliveryPlanCollection.list(store);
  return docs.map((d) => d.doc).sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id));
}
