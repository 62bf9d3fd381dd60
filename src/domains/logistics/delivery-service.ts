/**
 * The delivery service: planning a day's deliveries, re-planning when orders arrive mid-day, and
 * the stored plans (`logistics.plans`), for the HTTP API (`/api/v1/logistics/plans`) and the demo.
 * The routing search runs in a worker thread unless the caller wires another solver. Adapters turn
 * their input into a `DeliveryProblem` (times parsed, fields named), call one method and format.
 *
 * @example
 * const deliveries = createDeliveryService({ store, clock });
 * const stored = await deliveries.plan(problem, { timeLimitS: 2, seed: 1 });
 */
import { type Clock, type Issue, issuesError, type Result, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import type { DeliveryPlan, DeliveryProblem, Order } from './delivery-types.js';
import {
  type PlanOptions,
  planDeliveriesInWorker,
  type RoutingSolver,
  replanDeliveriesInWorker,
} from './plan-deliveries.js';
import { listPlans, loadPlan, type StoredPlan, savePlan } from './plan-store.js';

export interface DeliveryServiceDeps {
  readonly store: Store;
  readonly clock: Clock;
  /** The routing search; default a worker thread per solve. */
  readonly solve?: RoutingSolver;
}

export interface DeliveryService {
  /** Plans `problem` and stores it as revision 1 under `id` (default a new id). */
  plan(
    problem: DeliveryProblem,
    options: PlanOptions,
    meta?: { id?: string | undefined; source?: StoredPlan['source'] },
  ): Promise<StoredPlan>;
  /** Adds orders to a stored plan and re-plans from `now` (default the clock); the revision grows. */
  addOrders(id: string, added: readonly Order[], options: PlanOptions, now?: number): Promise<StoredPlan>;
  /** Stored plans, newest first. */
  list(): Promise<StoredPlan[]>;
  /** NOT_FOUND naming the id when there is no such plan. */
  get(id: string): Promise<StoredPlan>;
  /** The plan stored under `id`, if any. */
  find(id: string): Promise<StoredPlan | undefined>;
}

/** A failed plan as BAD_INPUT listing every issue, the first in the message. */
function planOrThrow(r: Result<DeliveryPlan>): DeliveryPlan {
  if (r.ok) return r.value;
  const first: Issue | undefined = r.issues[0];
  throw issuesError(r.issues, { detail: `${first?.where ?? ''}: ${first?.message}` });
}

export function createDeliveryService(deps: DeliveryServiceDeps): DeliveryService {
  const { store, clock, solve } = deps;
  const get = async (id: string): Promise<StoredPlan> => {
    const p = await loadPlan(store, id);
    if (!p) throw new XinzhiError('NOT_FOUND', `no delivery plan '${id}'`, { field: 'id' });
    return p;
  };
  return {
    async plan(problem, options, meta = {}) {
      const plan = planOrThrow(
        solve
          ? await planDeliveriesInWorker(problem, options, solve)
          : await planDeliveriesInWorker(problem, options),
      );
      const now = clock.now();
      const stored: StoredPlan = {
        id: meta.id ?? `plan-${now.toString(36)}-${Math.floor(Math.random() * 1296).toString(36)}`,
        createdAt: now,
        revision: 1,
        source: meta.source ?? 'api',
        problem,
        plan,
      };
      await savePlan(store, stored);
      return stored;
    },
    async addOrders(id, added, options, now) {
      const current = await get(id);
      const from = now ?? clock.now();
      const plan = planOrThrow(
        solve
          ? await replanDeliveriesInWorker(current.problem, current.plan, added, from, options, solve)
          : await replanDeliveriesInWorker(current.problem, current.plan, added, from, options),
      );
      const stored: StoredPlan = {
        ...current,
        createdAt: clock.now(),
        revision: current.revision + 1,
        problem: { ...current.problem, orders: [...current.problem.orders, ...added] },
        plan,
      };
      await savePlan(store, stored);
      return stored;
    },
    list: () => listPlans(store),
    get,
    find: (id) => loadPlan(store, id),
  };
}
