/**
 * Modelling + solve time through xinzhi against the same model written directly as an LP string
 * for `highs`, in the same run; and a 50 products × 10 lines × 52 weeks production plan.
 *
 *   npm run bench -- solve [--reps 7] [--milp] [--json]
 *
 * Both paths include building the model, solving and reading every primal and dual value back.
 */
import type { Highs } from 'highs';
import { createRng } from '../src/core/index.js';
import { type PlanInputFile, parsePlan, planOrThrow, solvePlan } from '../src/domains/manufacturing/index.js';
import { expr, ModelBuilder, Solver } from '../src/optimize/index.js';
import { highsRuntime } from '../src/optimize/model/highs-runtime.js';
import { type BenchRow, printRows } from './lib/table.js';

const P = 40;
const L = 6;
const T = 12;

interface Data {
  readonly hours: number[][];
  readonly cost: number[][];
  readonly cap: number[][];
  readonly demand: number[][];
  readonly hold: number[];
}

/** A deterministic multi-period production LP: P products on L lines over T periods. */
function data(seed: number): Data {
  const rng = createRng(seed);
  const r = (a: number, b: number): number => Math.round((a + (b - a) * rng.next()) * 100) / 100;
  return {
    hours: Array.from({ length: P }, () => Array.from({ length: L }, () => r(0.2, 2))),
    cost: Array.from({ length: P }, () => Array.from({ length: L }, () => r(5, 50))),
    cap: Array.from({ length: L }, () => Array.from({ length: T }, () => r(300, 500))),
    demand: Array.from({ length: P }, () => Array.from({ length: T }, () => r(10, 60))),
    hold: Array.from({ length: P }, () => r(0.5, 3)),
  };
}

function viaXinzhi(solver: Solver, d: Data): number {
  const m = new ModelBuilder('bench');
  const make = d.hours.map(
    (_, p) =>
      d.hours[0]?.map((_, l) => Array.from({ length: T }, (_, t) => m.addVar(`m_${p}_${l}_${t}`))) ?? [],
  );
  const inv = d.hold.map((_, p) => Array.from({ length: T }, (_, t) => m.addVar(`i_${p}_${t}`)));
  const obj = expr();
  for (let p = 0; p < P; p++) {
    for (let t = 0; t < T; t++) {
      const bal = expr();
      for (let l = 0; l < L; l++) {
        const v = make[p]?.[l]?.[t];
        if (!v) continue;
        obj.add(v, d.cost[p]?.[l] ?? 0);
        bal.add(v);
      }
      const i = inv[p]?.[t];
      if (!i) continue;
      obj.add(i, d.hold[p] ?? 0);
      const prev = inv[p]?.[t - 1];
      if (prev) bal.add(prev);
      bal.sub(i);
      m.addConstraint(`b_${p}_${t}`, bal, '=', d.demand[p]?.[t] ?? 0);
    }
  }
  for (let l = 0; l < L; l++)
    for (let t = 0; t < T; t++) {
      const cap = expr();
      for (let p = 0; p < P; p++) {
        const v = make[p]?.[l]?.[t];
        if (v) cap.add(v, d.hours[p]?.[l] ?? 0);
      }
      m.addConstraint(`c_${l}_${t}`, cap, '<=', d.cap[l]?.[t] ?? 0);
    }
  m.minimize(obj);
  const r = solver.solve(m.build());
  if (r.status !== 'optimal' || !r.duals) throw new Error(`xinzhi: ${r.status}`);
  return r.objective ?? Number.NaN;
}

function viaLpString(highs: Highs, d: Data): number {
  // Columns appear in the same order as in the xinzhi model (LP files order them by first
  // appearance), so HiGHS sees the identical problem and the comparison measures modelling only.
  const obj: string[] = [];
  const rows: string[] = [];
  for (let p = 0; p < P; p++)
    for (let l = 0; l < L; l++) for (let t = 0; t < T; t++) obj.push(`+ ${d.cost[p]?.[l]} m_${p}_${l}_${t}`);
  for (let p = 0; p < P; p++) for (let t = 0; t < T; t++) obj.push(`+ ${d.hold[p]} i_${p}_${t}`);
  for (let p = 0; p < P; p++) {
    for (let t = 0; t < T; t++) {
      const bal: string[] = [];
      for (let l = 0; l < L; l++) bal.push(`+ m_${p}_${l}_${t}`);
      if (t > 0) bal.push(`+ i_${p}_${t - 1}`);
      bal.push(`- i_${p}_${t}`);
      rows.push(` b_${p}_${t}: ${bal.join(' ')} = ${d.demand[p]?.[t]}`);
    }
  }
  for (let l = 0; l < L; l++)
    for (let t = 0; t < T; t++) {
      const cap: string[] = [];
      for (let p = 0; p < P; p++) cap.push(`+ ${d.hours[p]?.[l]} m_${p}_${l}_${t}`);
      rows.push(` c_${l}_${t}: ${cap.join(' ')} <= ${d.cap[l]?.[t]}`);
    }
  // Objective lines are wrapped: CPLEX LP readers limit line length.
  const objLines: string[] = [];
  for (let k = 0; k < obj.length; k += 20) objLines.push(` ${obj.slice(k, k + 20).join(' ')}`);
  const text = `Minimize\n obj:\n${objLines.join('\n')}\nSubject To\n${rows.join('\n')}\nEnd\n`;
  const r = highs.solve(text, { output_flag: false });
  if (r.Status !== 'Optimal') throw new Error(`highs: ${r.Status}`);
  let check = 0;
  for (const c of Object.values(r.Columns)) check += c.Primal;
  for (const row of r.Rows) check += 'Dual' in row ? row.Dual : 0;
  if (!Number.isFinite(check)) throw new Error('bad values');
  return r.ObjectiveValue;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? Number.NaN;
};

/** A synthetic 50 × 10 × 52 plan: each product routable on 2–3 lines, seasonal demand. */
function bigPlan(withSetups: boolean): PlanInputFile {
  const rng = createRng(2026);
  const r = (a: number, b: number): number => Math.round((a + (b - a) * rng.next()) * 100) / 100;
  const periods = Array.from({ length: 52 }, (_, t) => `W${t + 1}`);
  const products = Array.from({ length: 50 }, (_, p) => ({
    id: `P${p + 1}`,
    holdingCost: r(0.5, 3),
    backlogCost: r(10, 40),
    lostSaleCost: 200,
    ...(withSetups && p < 10 ? { setupCost: r(100, 400), minLot: 20 } : {}),
  }));
  const lines = Array.from({ length: 10 }, (_, l) => ({
    id: `L${l + 1}`,
    hours: r(250, 350),
    overtimeHours: 40,
    overtimeCost: r(40, 70),
  }));
  const routings = products.flatMap((p, i) =>
    [i % 10, (i + 3) % 10, ...(i % 2 === 0 ? [(i + 7) % 10] : [])].map((l) => ({
      product: p.id,
      line: `L${l + 1}`,
      hoursPerUnit: r(0.3, 1.5),
      costPerUnit: r(5, 30),
    })),
  );
  const demand = Object.fromEntries(
    products.map((p, i) => [
      p.id,
      periods.map((_, t) => Math.round(40 + 25 * Math.sin((2 * Math.PI * (t + i)) / 52) + r(0, 20))),
    ]),
  );
  return { name: `plan-50x10x52${withSetups ? '-setups' : ''}`, periods, products, lines, routings, demand };
}

export async function run(args: string[]): Promise<void> {
  const repsArg = args.indexOf('--reps');
  const reps = repsArg >= 0 ? Number(args[repsArg + 1]) : 15;
  const t0 = performance.now();
  const highs = await highsRuntime();
  const loadMs = performance.now() - t0;
  const solver = new Solver(highs);
  const d = data(7);
  // Warm both paths once (JIT, Wasm tiering), then alternate so drift hits both alike.
  const a0 = viaXinzhi(solver, d);
  const b0 = viaLpString(highs, d);
  if (Math.abs(a0 - b0) > 1e-6 * Math.abs(b0)) throw new Error(`objectives differ: ${a0} vs ${b0}`);
  const ours: number[] = [];
  const base: number[] = [];
  for (let i = 0; i < reps; i++) {
    let s = performance.now();
    viaXinzhi(solver, d);
    ours.push(performance.now() - s);
    s = performance.now();
    viaLpString(highs, d);
    base.push(performance.now() - s);
  }
  const mo = median(ours);
  const mb = median(base);
  const rows: BenchRow[] = [
    {
      name: `model + solve (${P}×${L}×${T} LP, ${P * L * T + P * T} vars)`,
      value: mo,
      unit: 'ms',
      baseline: { name: 'LP string → highs', value: mb },
      ratio: mo / mb,
      goal: '≤ 1.1× LP string',
      pass: mo / mb <= 1.1,
      notes: `median of ${reps}; same objective ${a0.toFixed(4)}; HiGHS runtime load ${loadMs.toFixed(0)} ms (once per process)`,
    },
  ];
  for (const withSetups of args.includes('--milp') ? [false, true] : [false]) {
    const input = planOrThrow(parsePlan(bigPlan(withSetups)));
    const s = performance.now();
    const plan = await solvePlan(input, (p, o) => solver.solve(p, o), withSetups ? { timeLimit: 60 } : {});
    const ms = performance.now() - s;
    rows.push({
      name: `plan 50 products × 10 lines × 52 weeks${withSetups ? ' (10 with setups, MILP)' : ' (LP)'}`,
      value: ms,
      unit: 'ms',
      goal: 'solved; report time and size',
      pass: plan.status === 'optimal' || (withSetups && plan.costs !== null),
      notes: `${plan.status}; ${plan.model.variables} variables (${plan.model.integers} integer), ${plan.model.constraints} constraints, ${plan.model.nonzeros} nonzeros; total cost ${plan.costs?.total ?? '—'}${plan.mipGap !== null ? `; gap ${(plan.mipGap * 100).toFixed(2)} %` : ''}; solver ${plan.solveSeconds.toFixed(2)} s of it`,
    });
  }
  printRows('xinzhi solve benchmark', rows, args);
}
