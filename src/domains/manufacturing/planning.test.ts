import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { Solver } from '../../optimize/index.js';
import { type PlanInputFile, parsePlan, parsePlanText } from './plan-schema.js';
import { planOrThrow, type SolveFn, solvePlan } from './solve-plan.js';
import { applyScenario, comparePlans, whatIf } from './what-if.js';

let solve: SolveFn;
beforeAll(async () => {
  const solver = await Solver.load();
  solve = (p, o) => solver.solve(p, o);
});

const small: PlanInputFile = {
  name: 'small',
  periods: ['W1', 'W2'],
  products: [{ id: 'A', holdingCost: 1 }],
  lines: [{ id: 'L', hours: 10 }],
  routings: [{ product: 'A', line: 'L', hoursPerUnit: 1, costPerUnit: 2 }],
  demand: { A: [5, 15] },
};

describe('production planning', () => {
  it('builds ahead when the later period is short, and prices the hour', async () => {
    const plan = await solvePlan(planOrThrow(parsePlan(small)), solve);
    expect(plan.status).toBe('optimal');
    // Make 10 and 10; 5 units wait one week: 2·20 + 1·5 = 45.
    expect(plan.costs).toEqual({ production: 40, overtime: 0, setup: 0, holding: 5, backlog: 0, total: 45 });
    expect(plan.products.map((p) => p.produced)).toEqual([10, 10]);
    const w2 = plan.lines.find((l) => l.period === 'W2');
    expect(w2?.binding).toBe(true);
    expect(w2?.utilisation).toBe(1);
    expect(w2?.shadowPrice).toBeCloseTo(-1, 9);
    expect(plan.sensitivity.join(' ')).toContain('One more hour on line L in W2 saves ¥1');
  });

  it('explains an infeasible plan in words', async () => {
    const plan = await solvePlan(planOrThrow(parsePlan({ ...small, demand: { A: [5, 25] } })), solve);
    expect(plan.status).toBe('infeasible');
    expect(plan.message).toMatch(/capacity of line L/);
    expect(plan.message).toMatch(/on-time delivery of A in W2/);
  });

  it('solves the workshop example (MILP with BOM, setups, minimum lots, overtime)', async () => {
    const input = planOrThrow(
      parsePlanText(
        readFileSync(new URL('../../../examples/plan-workshop.yaml', import.meta.url), 'utf8'),
        'plan.yaml',
      ),
    );
    const plan = await solvePlan(input, solve);
    expect(plan.status).toBe('optimal');
    expect(plan.model.isMip).toBe(true);
    const c = plan.costs;
    if (!c) throw new Error('no costs');
    expect(c.production + c.overtime + c.setup + c.holding + c.backlog).toBeCloseTo(c.total, 6);
    // Every run of tables is at least the minimum lot.
    for (const l of plan.lines)
      for (const p of l.production)
        if (p.product === 'table') expect(p.quantity).toBeGreaterThanOrEqual(20 - 1e-6);
    // Legs balance: produced − consumed = change in stock.
    const legs = plan.products.filter((p) => p.product === 'leg');
    let stock = 0;
    for (const p of legs) {
      stock += p.produced - p.consumed;
      expect(p.inventory).toBeCloseTo(stock, 6);
    }
    expect(plan.dualsFrom).toBe('fixed-integers');
    expect(plan.sensitivity.some((s) => s.includes('setups fixed'))).toBe(true);
  });

  it('compares a what-if with more hours', async () => {
    const input = planOrThrow(
      parsePlan({
        ...small,
        products: [{ id: 'A', holdingCost: 1, backlogCost: 50, lostSaleCost: 100 }],
        demand: { A: [5, 18] },
      }),
    );
    const cmp = await whatIf(
      input,
      { name: 'overtime W2', lineHours: [{ line: 'L', period: 'W2', delta: 5 }] },
      solve,
    );
    expect(cmp.base.costs?.backlog).toBeGreaterThan(0);
    expect(cmp.costDelta['total']).toBeLessThan(0);
    expect(cmp.summary).toMatch(/costs ¥\d.* less/);
    expect(comparePlans(cmp.base, cmp.base).summary).toMatch(/cost the same/);
    expect(() => applyScenario(input, { lineHours: [{ line: 'nope' }] })).toThrow(/unknown line 'nope'/);
  });

  it('lists every problem of a bad plan with its path', () => {
    const r = parsePlan({
      ...small,
      lines: [{ id: 'L', hours: [1, 2, 3] }],
      routings: [{ product: 'A', line: 'X', hoursPerUnit: 0 }],
      bom: [
        { parent: 'A', component: 'B', quantity: 1 },
        { parent: 'B', component: 'A', quantity: 1 },
      ],
      products: [{ id: 'A' }, { id: 'B' }],
      demand: { A: [1], Z: [1, 1] },
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.issues.map((i) => i.where);
    expect(where).toContain('routings.0.hoursPerUnit');
    expect(r.issues.map((i) => i.message).join('\n')).toMatch(/cycle/);
    const r2 = parsePlan({
      ...small,
      routings: [{ product: 'A', line: 'X', hoursPerUnit: 1 }],
      demand: { A: [1], Z: [1, 1] },
    });
    if (r2.ok) throw new Error('expected problems');
    const w2 = r2.issues.map((i) => i.where);
    expect(w2).toEqual(expect.arrayContaining(['routings.0.line', 'demand.A', 'demand.Z']));
    expect(parsePlanText('{ not json', 'x.json').ok).toBe(false);
  });
});
