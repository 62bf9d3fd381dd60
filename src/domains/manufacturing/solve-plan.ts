import { issuesError } from '../../core/index.js';
import {
  type ConflictItem,
  type LinearProgram,
  numNonzeros,
  type SolveOptions,
  type SolveResult,
  type SolveStatus,
} from '../../optimize/index.js';
import { at, buildPlanModel, type PlanModel, type RowMeaning } from './build-plan-model.js';
import type { PlanInput } from './plan-schema.js';

/** How the domain reaches a solver: `solver.solve` in a CLI, `solveInWorker` in the server. */
export type SolveFn = (program: LinearProgram, options: SolveOptions) => SolveResult | Promise<SolveResult>;

export interface CostBreakdown {
  readonly production: number;
  readonly overtime: number;
  readonly setup: number;
  readonly holding: number;
  readonly backlog: number;
  readonly total: number;
}

export interface LinePeriod {
  readonly line: string;
  readonly period: string;
  readonly regularHours: number;
  readonly usedHours: number;
  readonly overtimeHours: number;
  /** Hours used / regular hours (above 1 when overtime is used). */
  readonly utilisation: number;
  readonly binding: boolean;
  /** Change of total cost per extra regular hour (negative: it saves money); null if unknown. */
  readonly shadowPrice: number | null;
  readonly production: readonly {
    readonly product: string;
    readonly quantity: number;
    readonly hours: number;
  }[];
}

export interface ProductPeriod {
  readonly product: string;
  readonly period: string;
  readonly demand: number;
  readonly produced: number;
  /** Used as a component by other products. */
  readonly consumed: number;
  readonly inventory: number;
  readonly backlog: number;
  /** Change of total cost per extra unit of demand; null if unknown. */
  readonly marginalCost: number | null;
}

export interface PlanResult {
  readonly name: string;
  readonly status: SolveStatus;
  readonly message: string;
  readonly currency: string;
  readonly costs: CostBreakdown | null;
  readonly periods: readonly string[];
  readonly lines: readonly LinePeriod[];
  readonly products: readonly ProductPeriod[];
  /** Sentences on what binds and what an extra hour or unit is worth. */
  readonly sensitivity: readonly string[];
  /** Conflicting constraints in words, when infeasible. */
  readonly conflict: readonly string[];
  readonly model: {
    readonly variables: number;
    readonly integers: number;
    readonly constraints: number;
    readonly nonzeros: number;
    readonly isMip: boolean;
  };
  readonly mipGap: number | null;
  readonly dualsFrom: SolveResult['dualsFrom'];
  readonly solveSeconds: number;
}

const EPS = 1e-7;
const round = (v: number, d = 6): number => {
  const r = Number(v.toFixed(d));
  return r === 0 ? 0 : r;
};

function money(currency: string, v: number): string {
  const a = Math.abs(v);
  return `${currency}${a >= 100 ? Math.round(a).toLocaleString('en-US') : Number(a.toPrecision(3)).toString()}`;
}

function describeRow(input: PlanInput, r: RowMeaning | undefined, item: ConflictItem): string {
  if (!r) return item.name;
  const period = input.periods[r.period] ?? `period ${r.period + 1}`;
  switch (r.kind) {
    case 'capacity': {
      const l = input.lines.find((x) => x.id === r.line);
      const ot = l ? at(l.overtimeHours, r.period) : 0;
      return `capacity of line ${r.line} in ${period} (${item.upper} h${ot > 0 ? ` + ${ot} h overtime` : ''})`;
    }
    case 'balance':
      return `on-time delivery of ${r.product} in ${period} (demand ${input.demand[r.product]?.[r.period] ?? 0}${input.products.find((p) => p.id === r.product)?.backlogCost === undefined ? ', no backlog allowed' : ''})`;
    case 'setup-link':
      return `setup of ${r.product} on line ${r.line} in ${period}`;
    case 'min-lot':
      return `minimum lot of ${r.product} on line ${r.line} in ${period}`;
  }
}

/**
 * Builds the planning model, solves it and says what the plan is: quantities per line and period,
 * cost breakdown, utilisation, binding capacities and what one more hour or unit is worth. For a
 * MILP the shadow prices come from re-solving the LP with the setups fixed as planned.
 *
 * @example
 *   const solver = await Solver.load();
 *   const plan = await solvePlan(input, (p, o) => solver.solve(p, o));
 */
export async function solvePlan(
  input: PlanInput,
  solve: SolveFn,
  options: SolveOptions = {},
): Promise<PlanResult> {
  const pm = buildPlanModel(input);
  const o: SolveOptions = {
    ...(input.options.timeLimit !== undefined ? { timeLimit: input.options.timeLimit } : {}),
    ...(input.options.mipGap !== undefined ? { mipGap: input.options.mipGap } : {}),
    ...options,
    mipDuals: true,
    ranging: true,
  };
  const r = await solve(pm.program, o);
  return interpret(input, pm, r);
}

export function interpret(input: PlanInput, pm: PlanModel, r: SolveResult): PlanResult {
  const p = pm.program;
  const v = r.values;
  const cur = input.currency;
  const model = {
    variables: p.colNames.length,
    integers: p.colInteger.filter((b) => b).length,
    constraints: p.rowNames.length,
    nonzeros: numNonzeros(p),
    isMip: r.isMip,
  };
  const base = {
    name: input.name,
    status: r.status,
    message: r.message,
    currency: cur,
    periods: input.periods,
    model,
    mipGap: r.mip ? r.mip.gap : null,
    dualsFrom: r.dualsFrom,
    solveSeconds: r.timeSeconds,
  };
  if (!r.hasSolution) {
    const conflict =
      r.conflict?.constraints.map((c) => describeRow(input, pm.rows[p.rowNames.indexOf(c.name)], c)) ?? [];
    const message =
      r.status === 'infeasible'
        ? conflict.length > 0
          ? `No plan meets every requirement. These conflict: ${conflict.join('; ')}. Add capacity or overtime, allow backlog, or reduce demand.`
          : `No plan meets every requirement. ${r.conflict?.explanation ?? ''}`.trim()
        : r.message;
    return { ...base, message, costs: null, lines: [], products: [], sensitivity: [], conflict };
  }
  const val = (col: number): number => v[col] ?? 0;
  const sum = (xs: readonly { col: number; cost: number }[]): number =>
    xs.reduce((s, x) => s + x.cost * val(x.col), 0);
  const production = pm.make.reduce((s, x) => s + x.costPerUnit * val(x.col), 0);
  const costs: CostBreakdown = {
    production: round(production, 4),
    overtime: round(sum(pm.overtime), 4),
    setup: round(sum(pm.setup), 4),
    holding: round(sum(pm.inventory), 4),
    backlog: round(sum(pm.backlog), 4),
    total: round(r.objective ?? 0, 4),
  };
  const rowIndexOf = new Map<string, number>();
  pm.rows.forEach((row, i) => {
    if (row.kind === 'capacity') rowIndexOf.set(`cap|${row.line}|${row.period}`, i);
    if (row.kind === 'balance') rowIndexOf.set(`bal|${row.product}|${row.period}`, i);
  });
  // Index the model's columns once: a 50 × 10 × 52 plan has thousands of each.
  const group = <X>(xs: readonly X[], key: (x: X) => string): Map<string, X[]> => {
    const m = new Map<string, X[]>();
    for (const x of xs) {
      const k = key(x);
      const g = m.get(k);
      if (g) g.push(x);
      else m.set(k, [x]);
    }
    return m;
  };
  const makeByLine = group(pm.make, (x) => `${x.line}|${x.period}`);
  const makeByProduct = group(pm.make, (x) => `${x.product}|${x.period}`);
  const setupByLine = group(pm.setup, (x) => `${x.line}|${x.period}`);
  const overtimeAt = new Map(pm.overtime.map((x) => [`${x.line}|${x.period}`, x]));
  const inventoryAt = new Map(pm.inventory.map((x) => [`${x.product}|${x.period}`, x]));
  const backlogAt = new Map(pm.backlog.map((x) => [`${x.product}|${x.period}`, x]));
  const setupHoursOf = new Map(input.products.map((x) => [x.id, x.setupHours ?? 0]));
  const producedAt = (product: string, t: number): number =>
    (makeByProduct.get(`${product}|${t}`) ?? []).reduce((s, x) => s + val(x.col), 0);
  const lines: LinePeriod[] = [];
  const sensitivity: string[] = [];
  const capacityWorth: { sentence: string; value: number }[] = [];
  for (const l of input.lines) {
    for (let t = 0; t < input.periods.length; t++) {
      const key = `${l.id}|${t}`;
      const prodHere = (makeByLine.get(key) ?? []).filter((x) => val(x.col) > EPS);
      const setupHours = (setupByLine.get(key) ?? [])
        .filter((x) => val(x.col) > 0.5)
        .reduce((s, x) => s + (setupHoursOf.get(x.product) ?? 0), 0);
      const used = prodHere.reduce((s, x) => s + x.hoursPerUnit * val(x.col), 0) + setupHours;
      const ot = overtimeAt.get(key);
      const otUsed = ot ? val(ot.col) : 0;
      const regular = at(l.hours, t);
      const ci = rowIndexOf.get(`cap|${l.id}|${t}`) ?? -1;
      const c = r.constraints[ci];
      const dual = c?.dual ?? null;
      const period = input.periods[t] ?? '';
      lines.push({
        line: l.id,
        period,
        regularHours: regular,
        usedHours: round(used),
        overtimeHours: round(otUsed),
        utilisation: regular > 0 ? round(used / regular, 4) : used > 0 ? Number.POSITIVE_INFINITY : 0,
        binding: c?.binding ?? false,
        shadowPrice: dual === null ? null : round(dual, 6),
        production: prodHere.map((x) => ({
          product: x.product,
          quantity: round(val(x.col)),
          hours: round(x.hoursPerUnit * val(x.col)),
        })),
      });
      if (dual !== null && dual < -EPS) {
        const range = c?.range;
        const upto =
          range && Number.isFinite(range.to) && range.to > regular
            ? ` (this holds up to ${round(range.to, 2)} h, ${round(range.to - regular, 2)} h more)`
            : '';
        capacityWorth.push({
          value: -dual,
          sentence: `One more hour on line ${l.id} in ${period} saves ${money(cur, -dual)}${upto}.`,
        });
      }
    }
  }
  const products: ProductPeriod[] = [];
  const parentsOf = group(input.bom, (b) => b.component);
  const demandWorth: { sentence: string; value: number }[] = [];
  for (const pr of input.products) {
    for (let t = 0; t < input.periods.length; t++) {
      const produced = producedAt(pr.id, t);
      let consumed = 0;
      for (const b of parentsOf.get(pr.id) ?? []) consumed += b.quantity * producedAt(b.parent, t);
      const inv = inventoryAt.get(`${pr.id}|${t}`);
      const back = backlogAt.get(`${pr.id}|${t}`);
      const bi = rowIndexOf.get(`bal|${pr.id}|${t}`) ?? -1;
      const dual = r.constraints[bi]?.dual ?? null;
      const demand = input.demand[pr.id]?.[t] ?? 0;
      products.push({
        product: pr.id,
        period: input.periods[t] ?? '',
        demand,
        produced: round(produced),
        consumed: round(consumed),
        inventory: round(inv ? val(inv.col) : 0),
        backlog: round(back ? val(back.col) : 0),
        marginalCost: dual === null ? null : round(dual, 6),
      });
      if (dual !== null && demand > 0 && dual > EPS)
        demandWorth.push({
          value: dual,
          sentence: `One more unit of ${pr.id} demanded in ${input.periods[t] ?? ''} would cost ${money(cur, dual)} more.`,
        });
    }
  }
  capacityWorth.sort((a, b) => b.value - a.value);
  demandWorth.sort((a, b) => b.value - a.value);
  const bindingCount = lines.filter((l) => l.binding).length;
  sensitivity.push(
    bindingCount === 0
      ? 'No line runs at its regular capacity: extra hours would save nothing.'
      : `${bindingCount} of ${lines.length} line-periods run at full regular capacity.`,
  );
  sensitivity.push(...capacityWorth.slice(0, 10).map((x) => x.sentence));
  sensitivity.push(...demandWorth.slice(0, 5).map((x) => x.sentence));
  if (r.dualsFrom === 'fixed-integers')
    sensitivity.push('These values hold with the setups fixed as planned (the plan has setup decisions).');
  const late = products.filter(
    (x) => x.backlog > EPS && x.period === input.periods[input.periods.length - 1],
  );
  for (const x of late) sensitivity.push(`${x.product} ends the horizon ${x.backlog} units short (backlog).`);
  const total = money(cur, costs.total);
  const message =
    r.status === 'optimal'
      ? `Optimal plan: total cost ${total}${r.mip && r.mip.gap > 1e-9 ? ` (within ${(r.mip.gap * 100).toPrecision(2)} % of the best possible)` : ''}.`
      : r.status === 'time_limit'
        ? `Best plan found before the time limit: total cost ${total}${r.mip ? `, at most ${(r.mip.gap * 100).toPrecision(2)} % above the best possible` : ''}.`
        : r.message;
  return { ...base, message, costs, lines, products, sensitivity, conflict: [] };
}

/** Throws BAD_INPUT listing every problem when a plan input does not validate. */
export function planOrThrow(
  r: { ok: true; value: PlanInput } | { ok: false; issues: readonly { message: string; where?: string }[] },
): PlanInput {
  if (r.ok) return r.value;
  throw issuesError(
    r.issues.map((i) => ({ code: 'BAD_INPUT', ...i })),
    { fallback: 'plan', detail: r.issues.map((i) => `${i.where ?? ''}: ${i.message}`).join('; ') },
  );
}
