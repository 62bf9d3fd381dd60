/**
 * Least-cost fertiliser plan per field as an LP (MILP with whole bags) on the optimize engine.
 *
 * Decisions x[f][a][p], kg/ha of product p in application a on field f. Per field and nutrient
 * n: min ≤ Σ analysis[p][n]/100 · x ≤ max (kg/ha). Per application: N ≤ maxNKgHa (split
 * dressings), Σ x ≤ maxProductKgHa, x[p] ≤ the product's maxRateKgHa, only the listed products.
 * Per product: Σ_f area·Σ_a x ≤ stockKg. Minimise Σ price·area·x, or with `integerBags`
 * Σ pricePerBag·bags[f][p] with bagKg·bags ≥ area·Σ_a x, bags integer.
 * Shadow prices of the nutrient, split and stock rows are turned into sentences; for the MILP they
 * come from the LP with the bag counts fixed (said in the output).
 */
import { fail, type Issue, issuesFromZod, ok, type Result } from '../../../core/index.js';
import { expr, ModelBuilder, type SolveResult, type Var } from '../../../optimize/index.js';
import type { SolveFn } from '../solve-fn.js';
import { type FertiliserPlanInput, fertiliserPlanSchema } from './fertiliser-schema.js';
import { findGrade } from './products.js';

export interface FertiliserPlanResult {
  readonly name: string;
  readonly currency: string;
  readonly status: SolveResult['status'];
  readonly message: string;
  readonly totalCost: number | null;
  readonly fields: readonly {
    readonly id: string;
    readonly areaHa: number;
    readonly cost: number;
    readonly products: readonly {
      readonly product: string;
      readonly kgPerHa: number;
      readonly totalKg: number;
      readonly bags?: number;
      readonly cost: number;
      readonly byApplication: Readonly<Record<string, number>>;
    }[];
    readonly nutrients: readonly {
      readonly nutrient: string;
      readonly min: number | null;
      readonly max: number | null;
      readonly suppliedKgHa: number;
      readonly binding: 'min' | 'max' | null;
      /** ¥ per kg/ha: change of total cost when the binding bound moves up by 1 kg/ha. */
      readonly shadowPrice: number | null;
    }[];
  }[];
  readonly products: readonly {
    readonly product: string;
    readonly totalKg: number;
    readonly stockKg: number | null;
    readonly bags?: number;
    readonly cost: number;
    readonly shadowPrice: number | null;
  }[];
  readonly sensitivity: readonly string[];
  readonly dualsFrom: SolveResult['dualsFrom'];
  readonly conflict?: string;
  readonly model: { readonly variables: number; readonly constraints: number; readonly integers: number };
}

interface Product {
  readonly id: string;
  readonly analysis: Readonly<Record<string, number>>;
  readonly pricePerKg: number;
  readonly bag?: { readonly kg: number; readonly price: number };
  readonly stockKg?: number;
  readonly maxRateKgHa?: number;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

/** Validates a plan file: schema, grades, products named in applications, bag sizes for integer bags. */
export function parseFertiliserPlan(
  json: unknown,
): Result<{ input: FertiliserPlanInput; products: Product[] }> {
  const parsed = fertiliserPlanSchema.safeParse(json);
  if (!parsed.success) return fail(...issuesFromZod(parsed.error, { code: 'BAD_INPUT', root: '(root)' }));
  const input = parsed.data;
  const issues: Issue[] = [];
  const products: Product[] = [];
  const ids = new Set<string>();
  input.products.forEach((p, i) => {
    if (ids.has(p.id))
      issues.push({ code: 'BAD_INPUT', message: `duplicate product '${p.id}'`, where: `products.${i}.id` });
    ids.add(p.id);
    const grade = p.grade !== undefined ? findGrade(p.grade) : undefined;
    if (p.grade !== undefined && !grade && !p.analysis) {
      issues.push({ code: 'BAD_INPUT', message: `unknown grade '${p.grade}'`, where: `products.${i}.grade` });
      return;
    }
    if (input.integerBags && p.bagKg === undefined)
      issues.push({ code: 'BAD_INPUT', message: 'integerBags needs bagKg', where: `products.${i}.bagKg` });
    const pricePerKg = p.pricePerKg ?? p.pricePerBag! / p.bagKg!;
    products.push({
      id: p.id,
      analysis: p.analysis ?? grade!.analysis,
      pricePerKg,
      ...(p.bagKg !== undefined
        ? { bag: { kg: p.bagKg, price: p.pricePerBag ?? pricePerKg * p.bagKg } }
        : {}),
      ...(p.stockKg !== undefined ? { stockKg: p.stockKg } : {}),
      ...(p.maxRateKgHa !== undefined ? { maxRateKgHa: p.maxRateKgHa } : {}),
    });
  });
  input.fields.forEach((f, i) => {
    (f.applications ?? []).forEach((a, j) => {
      for (const p of a.products ?? [])
        if (!ids.has(p))
          issues.push({
            code: 'BAD_INPUT',
            message: `unknown product '${p}'`,
            where: `fields.${i}.applications.${j}.products`,
          });
    });
  });
  return issues.length > 0 ? fail(...issues) : ok({ input, products });
}

/** Solves the plan file; bad input comes back as issues, an infeasible plan as status + conflict. */
export async function planFertiliser(json: unknown, solve: SolveFn): Promise<Result<FertiliserPlanResult>> {
  const parsed = parseFertiliserPlan(json);
  if (!parsed.ok) return parsed;
  const { input, products } = parsed.value;
  const m = new ModelBuilder(input.name.replace(/[^A-Za-z0-9_]/g, '_') || 'fertiliser');
  const cost = expr();
  const x: Var[][][] = []; // [field][application][product] (undefined where not allowed)
  const bags: (Var | undefined)[][] = [];
  const rows = new Map<
    string,
    { kind: 'min' | 'max' | 'nsplit' | 'stock'; f?: number; n?: string; a?: string; p?: number }
  >();
  const perProduct = products.map(() => expr());
  input.fields.forEach((f, fi) => {
    const apps = f.applications ?? [{ id: 'basal' }];
    const xs: Var[][] = [];
    apps.forEach((a, ai) => {
      const allowed = new Set(a.products ?? products.map((p) => p.id));
      const row: Var[] = [];
      products.forEach((p, pi) => {
        const v = m.addVar(`x_${fi}_${ai}_${pi}`, {
          upper: allowed.has(p.id) ? (p.maxRateKgHa ?? Infinity) : 0,
        });
        row.push(v);
        perProduct[pi]!.add(v, f.areaHa);
        if (!input.integerBags) cost.add(v, p.pricePerKg * f.areaHa);
      });
      xs.push(row);
      if (a.maxNKgHa !== undefined) {
        const e = expr();
        products.forEach((p, pi) => {
          e.add(row[pi]!, (p.analysis.N ?? 0) / 100);
        });
        const name = `nsplit_${fi}_${ai}`;
        m.addConstraint(name, e, '<=', a.maxNKgHa);
        rows.set(name, { kind: 'nsplit', f: fi, a: a.id });
      }
      if (a.maxProductKgHa !== undefined)
        m.addConstraint(`rate_${fi}_${ai}`, expr(...row), '<=', a.maxProductKgHa);
    });
    x.push(xs);
    for (const [n, req] of Object.entries(f.requirements)) {
      const min = typeof req === 'number' ? req : req.min;
      const max = typeof req === 'number' ? req * (1 + input.tolerance) : req.max;
      const e = expr();
      for (const row of xs)
        products.forEach((p, pi) => {
          e.add(row[pi]!, (p.analysis[n] ?? 0) / 100);
        });
      if (min !== undefined && min > 0) {
        m.addConstraint(`min_${fi}_${n}`, e, '>=', min);
        rows.set(`min_${fi}_${n}`, { kind: 'min', f: fi, n });
      }
      if (max !== undefined) {
        m.addConstraint(`max_${fi}_${n}`, e, '<=', max);
        rows.set(`max_${fi}_${n}`, { kind: 'max', f: fi, n });
      }
    }
    bags.push(
      products.map((p, pi) => {
        if (!input.integerBags || !p.bag) return undefined;
        const b = m.addVar(`bags_${fi}_${pi}`, { integer: true });
        const kg = expr();
        for (const row of xs) kg.add(row[pi]!, f.areaHa);
        m.addConstraint(`bagfit_${fi}_${pi}`, expr(b).scale(p.bag.kg).sub(kg), '>=', 0);
        cost.add(b, p.bag.price);
        return b;
      }),
    );
  });
  products.forEach((p, pi) => {
    if (p.stockKg !== undefined) {
      m.addConstraint(`stock_${pi}`, perProduct[pi]!, '<=', p.stockKg);
      rows.set(`stock_${pi}`, { kind: 'stock', p: pi });
    }
  });
  m.minimize(cost);
  const program = m.build();
  const r = await solve(program, {
    ...(input.options?.timeLimit !== undefined ? { timeLimit: input.options.timeLimit } : { timeLimit: 30 }),
    ...(input.options?.mipGap !== undefined ? { mipGap: input.options.mipGap } : {}),
    mipDuals: true,
  });
  const val = (v: Var | undefined): number => (v ? (r.values[v.index] ?? 0) : 0);
  const dual = (name: string): number | null => r.duals?.[name] ?? null;
  const cur = input.currency;
  const money = (v: number): string =>
    `${cur}${Math.abs(v).toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
  const sensitivity: string[] = [];
  const fields = input.fields.map((f, fi) => {
    const xs = x[fi]!;
    const apps = f.applications ?? [{ id: 'basal' }];
    const plan = products
      .map((p, pi) => {
        const byApplication: Record<string, number> = {};
        let kgHa = 0;
        apps.forEach((a, ai) => {
          const v = val(xs[ai]![pi]);
          if (v > 1e-7) byApplication[a.id] = r2(v);
          kgHa += v;
        });
        const b = bags[fi]![pi];
        const c = b ? val(b) * p.bag!.price : kgHa * f.areaHa * p.pricePerKg;
        return {
          product: p.id,
          kgPerHa: r2(kgHa),
          totalKg: r2(kgHa * f.areaHa),
          ...(b ? { bags: Math.round(val(b)) } : {}),
          cost: r2(c),
          byApplication,
        };
      })
      .filter((p) => p.kgPerHa > 0 || (p.bags ?? 0) > 0);
    const nutrients = Object.entries(f.requirements).map(([n, req]) => {
      const min = typeof req === 'number' ? req : (req.min ?? null);
      const max = typeof req === 'number' ? req * (1 + input.tolerance) : (req.max ?? null);
      let supplied = 0;
      for (const row of xs)
        products.forEach((p, pi) => {
          supplied += (val(row[pi]) * (p.analysis[n] ?? 0)) / 100;
        });
      const atMin = min !== null && min > 0 && Math.abs(supplied - min) <= 1e-6 * Math.max(1, min);
      const atMax = max !== null && Math.abs(supplied - max) <= 1e-6 * Math.max(1, max);
      const binding = atMin ? ('min' as const) : atMax ? ('max' as const) : null;
      const d = binding ? dual(`${binding}_${fi}_${n}`) : binding === null ? 0 : null;
      if (binding === 'min' && d !== null && Math.abs(d) > 1e-9)
        sensitivity.push(
          `Raising the ${n} minimum on field ${f.id} by 1 kg/ha costs ${money(d)} more; lowering it saves as much.`,
        );
      if (binding === 'max' && d !== null && Math.abs(d) > 1e-9)
        sensitivity.push(`Relaxing the ${n} maximum on field ${f.id} by 1 kg/ha saves ${money(d)}.`);
      return { nutrient: n, min, max, suppliedKgHa: r2(supplied), binding, shadowPrice: d };
    });
    apps.forEach((a, ai) => {
      const d = dual(`nsplit_${fi}_${ai}`);
      if (d !== null && d < -1e-9)
        sensitivity.push(
          `Allowing 1 kg/ha more N in the '${a.id}' dressing on field ${f.id} saves ${money(d)}.`,
        );
    });
    return {
      id: f.id,
      areaHa: f.areaHa,
      cost: r2(plan.reduce((s, p) => s + p.cost, 0)),
      products: plan,
      nutrients,
    };
  });
  const productRows = products.map((p, pi) => {
    const totalKg = fields.reduce(
      (s, f) => s + (f.products.find((q) => q.product === p.id)?.totalKg ?? 0),
      0,
    );
    const d = p.stockKg !== undefined ? dual(`stock_${pi}`) : null;
    if (d !== null && d < -1e-9) sensitivity.push(`One more kg of ${p.id} in stock saves ${money(d)}.`);
    const nb = fields.reduce((s, f) => s + (f.products.find((q) => q.product === p.id)?.bags ?? 0), 0);
    return {
      product: p.id,
      totalKg: r2(totalKg),
      stockKg: p.stockKg ?? null,
      ...(input.integerBags && p.bag ? { bags: nb } : {}),
      cost: r2(fields.reduce((s, f) => s + (f.products.find((q) => q.product === p.id)?.cost ?? 0), 0)),
      shadowPrice: d,
    };
  });
  if (r.dualsFrom === 'fixed-integers')
    sensitivity.push('These values hold with the bag counts fixed as planned (the plan buys whole bags).');
  return ok({
    name: input.name,
    currency: cur,
    status: r.status,
    message: r.message,
    totalCost: r.hasSolution ? r2(r.objective ?? 0) : null,
    fields: r.hasSolution ? fields : [],
    products: r.hasSolution ? productRows : [],
    sensitivity: r.hasSolution ? sensitivity : [],
    dualsFrom: r.dualsFrom,
    ...(r.conflict ? { conflict: r.conflict.explanation } : {}),
    model: {
      variables: m.numVars,
      constraints: m.numConstraints,
      integers: program.colInteger.filter(Boolean).length,
    },
  });
}
