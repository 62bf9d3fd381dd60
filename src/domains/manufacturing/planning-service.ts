/**
 * The planning service: everything production planning does, for the HTTP API (`/api/v1/plans`)
 * and any other adapter. It reads a plan document (object or YAML/JSON text), replaces demand by a
 * posted table or a forecast of stored series, solves it (with the solver the caller wires: the
 * worker thread on a server), stores plans in `planning.plans`, lists and reads them, and runs
 * what-ifs. Adapters parse their input, call one method and format the answer.
 *
 * @example
 * const planning = createPlanningService({ store, solve: solveInWorker, clock, logger });
 * const plan = await planning.create({ plan: EXAMPLE_PLAN });
 */
import { type Clock, type Logger, parseDuration, XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { type Aggregate, forecastPeriods } from '../forecasting/index.js';
import { EXAMPLE_PLAN } from './example-plan.js';
import { type PlanInput, parsePlan, parsePlanText } from './plan-schema.js';
import {
  listPlans,
  loadPlan,
  type PlanForecast,
  type PlanStoreDeps,
  type PlanSummary,
  planIdFactory,
  planProblem,
  type ScenarioInput,
  type StoredPlan,
  solveAndStorePlan,
  whatIfPlan,
} from './plan-store.js';
import type { SolveFn } from './solve-plan.js';

export interface PlanningServiceDeps {
  readonly store: Store;
  readonly solve: SolveFn;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** A plan to create: the document (one of `plan`, `planText`) and what replaces parts of it. */
export interface CreatePlanRequest {
  readonly plan?: Record<string, unknown> | undefined;
  readonly planText?: string | undefined;
  readonly name?: string | undefined;
  /** Product → demand per period; replaces those products' demand. */
  readonly demand?: Readonly<Record<string, readonly number[]>> | undefined;
  /** Products whose demand is forecast from a stored series. */
  readonly demandFromSeries?:
    | ReadonlyArray<{ product: string; series: string; aggregate: Aggregate; history: number }>
    | undefined;
  /** Length of one planning period for series demand, e.g. `7d`. */
  readonly period?: string | undefined;
  readonly timeLimit?: number | undefined;
  readonly mipGap?: number | undefined;
}

export interface PlanningService {
  /** The example plan document (docs/planning.md). */
  example(): PlanInput;
  create(request: CreatePlanRequest): Promise<StoredPlan>;
  list(limit?: number): Promise<PlanSummary[]>;
  /** NOT_FOUND naming the id when there is no such plan. */
  get(id: string): Promise<StoredPlan>;
  whatIf(baseId: string, scenario: ScenarioInput): Promise<StoredPlan>;
}

export function createPlanningService(deps: PlanningServiceDeps): PlanningService {
  const now = (): number => deps.clock.now();
  const plans: PlanStoreDeps = { store: deps.store, solve: deps.solve, now, newId: planIdFactory(now) };
  const solved = (doc: StoredPlan): StoredPlan => {
    deps.logger.info(
      { plan: doc.id, status: doc.result.status, seconds: doc.result.solveSeconds },
      'plan solved',
    );
    return doc;
  };

  /** The plan with the request's name, demand and options applied; BAD_INPUT naming each field. */
  async function planOf(b: CreatePlanRequest): Promise<{ input: PlanInput; forecasts: PlanForecast[] }> {
    if ((b.plan === undefined) === (b.planText === undefined))
      throw new XinzhiError(
        'BAD_INPUT',
        'give the plan as `plan` (an object) or `planText` (YAML or JSON), not both',
        {
          field: 'plan',
        },
      );
    const parsed = b.planText !== undefined ? parsePlanText(b.planText) : parsePlan(b.plan);
    if (!parsed.ok) throw planProblem(parsed.issues, b.planText !== undefined ? 'planText' : 'plan');
    const input = parsed.value;
    const T = input.periods.length;
    const demand: Record<string, number[]> = { ...input.demand };
    const products = new Set(input.products.map((p) => p.id));
    for (const [product, d] of Object.entries(b.demand ?? {})) {
      if (!products.has(product))
        throw new XinzhiError('BAD_INPUT', `demand for unknown product '${product}'`, {
          field: `demand.${product}`,
        });
      if (d.length !== T)
        throw new XinzhiError(
          'BAD_INPUT',
          `demand for '${product}' has ${d.length} values for ${T} periods`,
          {
            field: `demand.${product}`,
          },
        );
      demand[product] = [...d];
    }
    const forecasts: PlanForecast[] = [];
    if (b.demandFromSeries && b.demandFromSeries.length > 0) {
      const periodMs = b.period === undefined ? undefined : parseDuration(b.period);
      if (periodMs === undefined || periodMs <= 0)
        throw new XinzhiError(
          'BAD_INPUT',
          'demand from series needs `period`, the length of one planning period (e.g. 7d)',
          { field: 'period' },
        );
      const at = now();
      for (const [i, s] of b.demandFromSeries.entries()) {
        if (!products.has(s.product))
          throw new XinzhiError('BAD_INPUT', `unknown product '${s.product}'`, {
            field: `demandFromSeries.${i}.product`,
          });
        const f = await forecastPeriods(deps.store, s.series, {
          periodMs,
          now: at,
          history: s.history,
          aggregate: s.aggregate,
          horizon: T,
          field: `demandFromSeries.${i}.series`,
        });
        demand[s.product] = f.point.map((x) => Math.round(x * 1000) / 1000);
        forecasts.push({ product: s.product, ...f });
      }
    }
    const withDemand = parsePlan({
      ...input,
      ...(b.name === undefined ? {} : { name: b.name }),
      demand,
      options: {
        ...input.options,
        ...(b.timeLimit === undefined ? {} : { timeLimit: b.timeLimit }),
        ...(b.mipGap === undefined ? {} : { mipGap: b.mipGap }),
      },
    });
    if (!withDemand.ok) throw planProblem(withDemand.issues, 'demand');
    return { input: withDemand.value, forecasts };
  }

  return {
    // The example is the plan as written, defaults left out: the OpenAPI document marks fields with
    // a default optional (it reads the schema's input), the typed response is its output.
    example: () => EXAMPLE_PLAN as PlanInput,
    async create(request) {
      const { input, forecasts } = await planOf(request);
      return solved(await solveAndStorePlan(plans, input, { parent: null, scenario: null, forecasts }));
    },
    list: (limit = 100) => listPlans(deps.store, limit),
    get: (id) => loadPlan(deps.store, id),
    whatIf: async (baseId, scenario) => solved(await whatIfPlan(plans, baseId, scenario)),
  };
}
