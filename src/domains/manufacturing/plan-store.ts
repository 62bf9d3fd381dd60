/**
 * Stored production plans: a solved plan with its input, result and, for a what-if, the scenario
 * and the comparison with its base, kept in the collection `planning.plans`. The HTTP
 * API (`/api/v1/plans`) and `xinzhi plans` both go through these functions.
 */

import { compact, fieldIssues, issuesError, XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, defineCollection, type Store } from '../../store/index.js';
import { type PlanInput, parsePlan } from './plan-schema.js';
import { type PlanResult, type SolveFn, solvePlan } from './solve-plan.js';
import {
  type PlanSummary,
  type ScenarioInput,
  type StoredPlan,
  type StoredPlanResult,
  StoredPlanSchema,
} from './stored-plan-schema.js';
import { applyScenario, comparePlans, type Scenario } from './what-if.js';

/** Document namespace of stored plans. */
export const PLAN_NS = DOC_NAMESPACES.planningPlans;
/** Time limit of a solve when the plan sets none, so one request cannot hold the solver forever. */
export const DEFAULT_PLAN_TIME_LIMIT_S = 60;

export type {
  PlanForecast,
  PlanSummary,
  ScenarioInput,
  StoredPlan,
  StoredPlanResult,
} from './stored-plan-schema.js';

export interface PlanStoreDeps {
  readonly store: Pick<Store, 'getDoc' | 'putDoc' | 'listDocs'>;
  readonly solve: SolveFn;
  readonly now: () => number;
  /** A new plan id; default {@link planIdFactory} over `now`. */
  readonly newId?: () => string;
}

/** Ids that sort by creation time; the counter separates plans made in the same millisecond. */
export function planIdFactory(now: () => number): () => string {
  let seq = 0;
  return () => `p${now().toString(36).padStart(9, '0')}${(seq++ % 1296).toString(36).padStart(2, '0')}`;
}

/** Problems of a plan document as a BAD_INPUT naming each field under `prefix`. */
export function planProblem(
  issues: readonly { message: string; where?: string }[],
  prefix: string,
): XinzhiError {
  const list = issues.map((i) => ({ code: 'BAD_INPUT', ...i }));
  const fields = fieldIssues(list, { prefix });
  return issuesError(list, { prefix, detail: fields.map((e) => `${e.field}: ${e.message}`).join('; ') });
}

const jsonSafe = (r: PlanResult): StoredPlanResult => ({
  ...r,
  products: r.products.map((x) => ({ ...x })),
  lines: r.lines.map((l) => ({
    ...l,
    production: l.production.map((x) => ({ ...x })),
    utilisation: Number.isFinite(l.utilisation) ? l.utilisation : null,
  })),
  periods: [...r.periods],
  sensitivity: [...r.sensitivity],
  conflict: [...r.conflict],
});

/** The solver's result again from a stored one: null utilisation was Infinity (no regular hours). */
const fromStored = (r: StoredPlanResult): PlanResult => ({
  ...r,
  lines: r.lines.map((l) => ({ ...l, utilisation: l.utilisation ?? Number.POSITIVE_INFINITY })),
  // Plans stored before the source of the duals was kept do not say it.
  dualsFrom: r.dualsFrom ?? null,
});

/** Stored production plans, keyed by plan id, checked against the API's plan schema. */
export const planCollection = defineCollection(PLAN_NS, StoredPlanSchema);

/** NOT_FOUND naming the id when there is no such plan. */
export async function loadPlan(store: Pick<Store, 'getDoc'>, id: string): Promise<StoredPlan> {
  const doc = await planCollection.get(store, id);
  if (!doc) throw new XinzhiError('NOT_FOUND', `no plan '${id}'`, { field: 'id' });
  return doc;
}

/** Stored plans, newest first. */
export async function listPlans(store: Pick<Store, 'listDocs'>, limit = 100): Promise<PlanSummary[]> {
  const docs = await planCollection.list(store);
  return docs
    .map(({ doc }) => ({
      id: doc.id,
      name: doc.name,
      createdAt: doc.createdAt,
      parent: doc.parent,
      status: doc.result.status,
      totalCost: doc.result.costs?.total ?? null,
      currency: doc.result.currency,
    }))
    .sort((a, b) => b.createdAt - a.createdAt || b.id.localeCompare(a.id))
    .slice(0, limit);
}

/** Solves a plan (with the default time limit unless it sets one), compares it with `base`, stores it. */
export async function solveAndStorePlan(
  deps: PlanStoreDeps,
  input: PlanInput,
  extra: Pick<StoredPlan, 'parent' | 'scenario' | 'forecasts'>,
  base?: StoredPlan,
): Promise<StoredPlan> {
  const options = input.options.timeLimit === undefined ? { timeLimit: DEFAULT_PLAN_TIME_LIMIT_S } : {};
  const result = await solvePlan(input, deps.solve, options);
  let comparison: StoredPlan['comparison'] = null;
  if (base) {
    const c = comparePlans(fromStored(base.result), result);
    comparison = {
      base: base.id,
      costDelta: c.costDelta,
      utilisation: c.utilisation.map((u) => ({
        ...u,
        base: Number.isFinite(u.base) ? u.base : null,
        alternative: Number.isFinite(u.alternative) ? u.alternative : null,
      })),
      summary: c.summary,
    };
  }
  const doc: StoredPlan = {
    id: (deps.newId ?? planIdFactory(deps.now))(),
    name: input.name,
    createdAt: deps.now(),
    ...extra,
    input,
    result: jsonSafe(result),
    comparison,
  };
  await planCollection.put(deps.store, doc.id, doc);
  return doc;
}

/**
 * Applies a scenario to a stored plan, solves the second plan and stores it with the comparison.
 * BAD_INPUT for an empty scenario or an unknown line, product or period; NOT_FOUND for the plan.
 *
 * @example await whatIfPlan(deps, 'p0abc', { lineHours: [{ line: 'L1', period: 'W2', delta: 8 }] });
 */
export async function whatIfPlan(
  deps: PlanStoreDeps,
  baseId: string,
  scenario: ScenarioInput,
): Promise<StoredPlan> {
  if ((scenario.lineHours?.length ?? 0) + (scenario.demand?.length ?? 0) === 0)
    throw new XinzhiError('BAD_INPUT', 'give at least one change in lineHours or demand', {
      field: 'scenario',
    });
  const base = await loadPlan(deps.store, baseId);
  const parsed = parsePlan(base.input);
  if (!parsed.ok) throw planProblem(parsed.issues, 'plan');
  const s: Scenario = {
    name: scenario.name ?? `${base.name} (what-if)`,
    ...(scenario.lineHours
      ? { lineHours: scenario.lineHours.map((x) => compact(x) as { line: string }) }
      : {}),
    ...(scenario.demand ? { demand: scenario.demand.map((x) => compact(x) as { product: string }) } : {}),
  };
  const alt = applyScenario(parsed.value, s);
  return solveAndStorePlan(deps, alt, { parent: base.id, scenario, forecasts: base.forecasts }, base);
}
