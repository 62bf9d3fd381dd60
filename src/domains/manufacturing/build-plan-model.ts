import { expr, type LinearProgram, ModelBuilder, type Var } from '../../optimize/index.js';
import type { PlanInput } from './plan-schema.js';

/** What each row of the planning model means, so results and conflicts can be said in words. */
export type RowMeaning =
  | { readonly kind: 'capacity'; readonly line: string; readonly period: number }
  | { readonly kind: 'balance'; readonly product: string; readonly period: number }
  | { readonly kind: 'setup-link'; readonly product: string; readonly line: string; readonly period: number }
  | { readonly kind: 'min-lot'; readonly product: string; readonly line: string; readonly period: number };

export interface PlanModel {
  readonly program: LinearProgram;
  readonly rows: readonly RowMeaning[];
  /** Column indices by role, for reading the solution back. */
  readonly make: readonly {
    product: string;
    line: string;
    period: number;
    col: number;
    hoursPerUnit: number;
    costPerUnit: number;
  }[];
  readonly overtime: readonly { line: string; period: number; col: number; cost: number }[];
  readonly inventory: readonly { product: string; period: number; col: number; cost: number }[];
  readonly backlog: readonly { product: string; period: number; col: number; cost: number }[];
  readonly setup: readonly { product: string; line: string; period: number; col: number; cost: number }[];
}

export const at = (v: number | readonly number[], t: number): number =>
  typeof v === 'number' ? v : (v[t] ?? 0);

/**
 * The planning model (a MILP when any product has setups or minimum lots, else an LP):
 *
 *   min Σ production + overtime + setup + holding + backlog costs
 *   balance(p,t):  Σ_l make[p,l,t] + inv[p,t−1] − back[p,t−1] − Σ_q bom(q,p)·Σ_l make[q,l,t] − inv[p,t] + back[p,t] = demand[p,t]
 *   capacity(l,t): Σ_p hours[p,l]·make[p,l,t] + setupHours·y[p,l,t] − ot[l,t] ≤ hours[l,t]
 *   link:          make[p,l,t] ≤ M·y[p,l,t],   lot: make[p,l,t] ≥ minLot·y[p,l,t]
 *
 * Names use indices (`make_3_1_12`) so they are valid in LP and MPS files whatever the ids are.
 */
export function buildPlanModel(input: PlanInput): PlanModel {
  const T = input.periods.length;
  const m = new ModelBuilder(input.name.replace(/\s+/g, '_') || 'plan', 'cost');
  const rows: RowMeaning[] = [];
  const pIndex = new Map(input.products.map((p, i) => [p.id, i]));
  const lIndex = new Map(input.lines.map((l, i) => [l.id, i]));
  const lineById = new Map(input.lines.map((l) => [l.id, l]));
  const productById = new Map(input.products.map((p) => [p.id, p]));
  const objective = expr();
  const make: PlanModel['make'][number][] = [];
  const overtime: PlanModel['overtime'][number][] = [];
  const inventory: PlanModel['inventory'][number][] = [];
  const backlog: PlanModel['backlog'][number][] = [];
  const setup: PlanModel['setup'][number][] = [];
  const makeVars = new Map<string, Var>();
  const makeOf = new Map<string, { v: Var; hours: number }[]>();
  const capTerms = new Map<string, ReturnType<typeof expr>>();

  for (let t = 0; t < T; t++) {
    for (const r of input.routings) {
      const pi = pIndex.get(r.product) ?? 0;
      const li = lIndex.get(r.line) ?? 0;
      const v = m.addVar(`make_${pi}_${li}_${t}`, input.options.wholeUnits ? { integer: true } : {});
      objective.add(v, r.costPerUnit);
      make.push({
        product: r.product,
        line: r.line,
        period: t,
        col: v.index,
        hoursPerUnit: r.hoursPerUnit,
        costPerUnit: r.costPerUnit,
      });
      makeVars.set(`${r.product}|${r.line}|${t}`, v);
      const key = `${r.product}|${t}`;
      makeOf.set(key, [...(makeOf.get(key) ?? []), { v, hours: r.hoursPerUnit }]);
      const capKey = `${r.line}|${t}`;
      const cap = capTerms.get(capKey) ?? expr();
      cap.add(v, r.hoursPerUnit);
      capTerms.set(capKey, cap);
      const p = productById.get(r.product);
      if (p && (p.setupCost !== undefined || p.setupHours !== undefined || p.minLot !== undefined)) {
        const y = m.addVar(`setup_${pi}_${li}_${t}`, { binary: true });
        objective.add(y, p.setupCost ?? 0);
        setup.push({ product: r.product, line: r.line, period: t, col: y.index, cost: p.setupCost ?? 0 });
        if (p.setupHours) cap.add(y, p.setupHours);
        const line = lineById.get(r.line);
        const maxHours = line ? at(line.hours, t) + at(line.overtimeHours, t) : 0;
        const bigM = Math.max(0, (maxHours - (p.setupHours ?? 0)) / r.hoursPerUnit);
        m.addConstraint(`link_${pi}_${li}_${t}`, expr(v).sub(y, bigM), '<=', 0);
        rows.push({ kind: 'setup-link', product: r.product, line: r.line, period: t });
        if (p.minLot) {
          m.addConstraint(`lot_${pi}_${li}_${t}`, expr(v).sub(y, p.minLot), '>=', 0);
          rows.push({ kind: 'min-lot', product: r.product, line: r.line, period: t });
        }
      }
    }
  }
  input.lines.forEach((l, li) => {
    for (let t = 0; t < T; t++) {
      const cap = capTerms.get(`${l.id}|${t}`) ?? expr();
      const otHours = at(l.overtimeHours, t);
      if (otHours > 0) {
        const ot = m.addVar(`ot_${li}_${t}`, { upper: otHours });
        objective.add(ot, l.overtimeCost);
        overtime.push({ line: l.id, period: t, col: ot.index, cost: l.overtimeCost });
        cap.sub(ot);
      }
      m.addConstraint(`cap_${li}_${t}`, cap, '<=', at(l.hours, t));
      rows.push({ kind: 'capacity', line: l.id, period: t });
    }
  });
  const parentsOf = new Map<string, { parent: string; quantity: number }[]>();
  for (const b of input.bom) parentsOf.set(b.component, [...(parentsOf.get(b.component) ?? []), b]);
  input.products.forEach((p, pi) => {
    let prevInv: Var | undefined;
    let prevBack: Var | undefined;
    for (let t = 0; t < T; t++) {
      const inv = m.addVar(`inv_${pi}_${t}`);
      objective.add(inv, p.holdingCost);
      inventory.push({ product: p.id, period: t, col: inv.index, cost: p.holdingCost });
      const bal = expr();
      for (const mk of makeOf.get(`${p.id}|${t}`) ?? []) bal.add(mk.v);
      for (const b of parentsOf.get(p.id) ?? [])
        for (const mk of makeOf.get(`${b.parent}|${t}`) ?? []) bal.sub(mk.v, b.quantity);
      if (prevInv) bal.add(prevInv);
      if (prevBack) bal.sub(prevBack);
      bal.sub(inv);
      let back: Var | undefined;
      if (p.backlogCost !== undefined) {
        // Demand still late at the horizon's end is a lost sale, allowed only with its cost.
        const last = t === T - 1;
        const cost = p.backlogCost + (last ? (p.lostSaleCost ?? 0) : 0);
        back = m.addVar(`back_${pi}_${t}`, last && p.lostSaleCost === undefined ? { upper: 0 } : {});
        objective.add(back, cost);
        backlog.push({ product: p.id, period: t, col: back.index, cost });
        bal.add(back);
      }
      const d = input.demand[p.id]?.[t] ?? 0;
      m.addConstraint(`bal_${pi}_${t}`, bal, '=', d - (t === 0 ? p.initialInventory : 0));
      rows.push({ kind: 'balance', product: p.id, period: t });
      prevInv = inv;
      prevBack = back;
    }
  });
  m.minimize(objective);
  return { program: m.build(), rows, make, overtime, inventory, backlog, setup };
}
