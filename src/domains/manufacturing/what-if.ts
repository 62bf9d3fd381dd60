import { XinzhiError } from '../../core/index.js';
import type { SolveOptions } from '../../optimize/index.js';
import { at } from './build-plan-model.js';
import type { PlanInput } from './plan-schema.js';
import { type PlanResult, type SolveFn, solvePlan } from './solve-plan.js';

/** A change to a plan: more or fewer hours on a line, more or less demand for a product. */
export interface Scenario {
  readonly name?: string;
  readonly lineHours?: readonly {
    readonly line: string;
    /** Period label; all periods when absent. */
    readonly period?: string;
    /** Hours added (negative removes). */
    readonly delta?: number;
    /** Multiplier of the current hours. */
    readonly factor?: number;
  }[];
  readonly demand?: readonly {
    readonly product: string;
    readonly period?: string;
    readonly delta?: number;
    readonly factor?: number;
  }[];
}

const change = (v: number, c: { delta?: number; factor?: number }): number =>
  Math.max(0, v * (c.factor ?? 1) + (c.delta ?? 0));

/** The plan input with the scenario's changes applied (the input is not modified). */
export function applyScenario(input: PlanInput, s: Scenario): PlanInput {
  const T = input.periods.length;
  const periodIndex = (label: string | undefined, field: string): number | undefined => {
    if (label === undefined) return undefined;
    const i = input.periods.indexOf(label);
    if (i < 0) throw new XinzhiError('BAD_INPUT', `unknown period '${label}'`, { field });
    return i;
  };
  const lines = input.lines.map((l) => ({
    ...l,
    hours: Array.from({ length: T }, (_, t) => at(l.hours, t)),
  }));
  (s.lineHours ?? []).forEach((c, k) => {
    const l = lines.find((x) => x.id === c.line);
    if (!l) throw new XinzhiError('BAD_INPUT', `unknown line '${c.line}'`, { field: `lineHours.${k}.line` });
    const t0 = periodIndex(c.period, `lineHours.${k}.period`);
    l.hours = l.hours.map((h, t) => (t0 === undefined || t === t0 ? change(h, c) : h));
  });
  const demand: Record<string, number[]> = Object.fromEntries(
    Object.entries(input.demand).map(([k, d]) => [k, [...d]]),
  );
  (s.demand ?? []).forEach((c, k) => {
    const d = demand[c.product];
    if (!d)
      throw new XinzhiError('BAD_INPUT', `no demand for product '${c.product}'`, {
        field: `demand.${k}.product`,
      });
    const t0 = periodIndex(c.period, `demand.${k}.period`);
    demand[c.product] = d.map((x, t) => (t0 === undefined || t === t0 ? change(x, c) : x));
  });
  return { ...input, name: s.name ?? `${input.name} (what-if)`, lines, demand };
}

export interface PlanComparison {
  readonly base: PlanResult;
  readonly alternative: PlanResult;
  /** Cost component → alternative minus base. */
  readonly costDelta: Readonly<Record<string, number>>;
  /** Per line and period: utilisation of each plan side by side. */
  readonly utilisation: readonly { line: string; period: string; base: number; alternative: number }[];
  readonly summary: string;
}

/** Side-by-side comparison of two solved plans over the same lines and periods. */
export function comparePlans(base: PlanResult, alternative: PlanResult): PlanComparison {
  const costDelta: Record<string, number> = {};
  if (base.costs && alternative.costs)
    for (const k of Object.keys(base.costs) as (keyof typeof base.costs)[])
      costDelta[k] = Number((alternative.costs[k] - base.costs[k]).toFixed(4));
  const alt = new Map(alternative.lines.map((l) => [`${l.line}|${l.period}`, l.utilisation]));
  const utilisation = base.lines.map((l) => ({
    line: l.line,
    period: l.period,
    base: l.utilisation,
    alternative: alt.get(`${l.line}|${l.period}`) ?? 0,
  }));
  const d = costDelta['total'];
  const cur = base.currency;
  const summary =
    d === undefined
      ? `Cannot compare costs: base is ${base.status}, alternative is ${alternative.status}.`
      : d < 0
        ? `'${alternative.name}' costs ${cur}${Math.abs(d).toLocaleString('en-US')} less than '${base.name}'.`
        : d > 0
          ? `'${alternative.name}' costs ${cur}${d.toLocaleString('en-US')} more than '${base.name}'.`
          : `'${alternative.name}' and '${base.name}' cost the same.`;
  return { base, alternative, costDelta, utilisation, summary };
}

/** Solves the plan and its scenario and compares them. */
export async function whatIf(
  input: PlanInput,
  scenario: Scenario,
  solve: SolveFn,
  options: SolveOptions = {},
): Promise<PlanComparison> {
  const base = await solvePlan(input, solve, options);
  const alternative = await solvePlan(applyScenario(input, scenario), solve, options);
  return comparePlans(base, alternative);
}
