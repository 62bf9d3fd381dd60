/**
 * The production-planning input: products, lines with hours per period, routings (which line makes
 * which product, how fast, at what cost), bills of materials, demand per period, and costs. One
 * zod schema serves the CLI (`xinzhi plan`), the HTTP API and the plan files (JSON or YAML).
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fail, issuesFromZod, ok, type Result } from '../../core/index.js';

const nonNeg = z.number().finite().min(0);
/** A number for every period, or one number used for all periods. */
const perPeriod = z.union([nonNeg, z.array(nonNeg)]);

export const ProductSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  /** Cost of holding one unit in stock for one period. */
  holdingCost: nonNeg.default(0),
  /** Cost per unit per period of late delivery. Absent: demand must be met on time. */
  backlogCost: nonNeg.optional(),
  /**
   * Cost per unit of demand still unmet at the end of the horizon (a lost sale). Absent: all
   * demand must be met by the last period (backlog may only shift it later within the horizon).
   */
  lostSaleCost: nonNeg.optional(),
  initialInventory: nonNeg.default(0),
  /** If a line makes the product in a period, it makes at least this many (needs a setup variable). */
  minLot: nonNeg.optional(),
  /** Cost of each (line, period) in which the product is made. */
  setupCost: nonNeg.optional(),
  /** Line hours lost to each setup. */
  setupHours: nonNeg.optional(),
});

export const LineSchema = z.object({
  id: z.string().min(1),
  name: z.string().optional(),
  /** Regular hours available per period. */
  hours: perPeriod,
  /** Extra hours available per period at `overtimeCost` per hour. Default 0. */
  overtimeHours: perPeriod.default(0),
  overtimeCost: nonNeg.default(0),
});

export const RoutingSchema = z.object({
  product: z.string().min(1),
  line: z.string().min(1),
  hoursPerUnit: z.number().finite().positive(),
  costPerUnit: nonNeg.default(0),
});

export const BomSchema = z.object({
  /** The product being made. */
  parent: z.string().min(1),
  /** A product consumed by it, in the same period. */
  component: z.string().min(1),
  /** Units of component per unit of parent. */
  quantity: z.number().finite().positive(),
});

export const PlanInputSchema = z
  .object({
    name: z.string().default('plan'),
    currency: z.string().default('¥'),
    /** Period labels in order, e.g. ["W1", "W2", …]. */
    periods: z.array(z.string().min(1)).min(1),
    products: z.array(ProductSchema).min(1),
    lines: z.array(LineSchema).min(1),
    routings: z.array(RoutingSchema).min(1),
    bom: z.array(BomSchema).default([]),
    /** Product id → demand per period (one number per period). */
    demand: z.record(z.string(), z.array(nonNeg)),
    options: z
      .object({
        timeLimit: z.number().positive().optional(),
        mipGap: z.number().min(0).max(1).optional(),
        /** Produce whole units only (integer production, a MILP); default false. */
        wholeUnits: z.boolean().optional(),
      })
      .default({}),
  })
  .superRefine((v, ctx) => {
    const T = v.periods.length;
    const add = (path: (string | number)[], message: string): void => {
      ctx.addIssue({ code: 'custom', path, message });
    };
    const dup = (ids: string[], what: string): void => {
      const seen = new Set<string>();
      ids.forEach((id, i) => {
        if (seen.has(id)) add([what, i, 'id'], `duplicate ${what.slice(0, -1)} id '${id}'`);
        seen.add(id);
      });
    };
    dup(v.periods, 'periods');
    dup(
      v.products.map((p) => p.id),
      'products',
    );
    dup(
      v.lines.map((l) => l.id),
      'lines',
    );
    const products = new Set(v.products.map((p) => p.id));
    const lines = new Set(v.lines.map((l) => l.id));
    v.lines.forEach((l, i) => {
      for (const key of ['hours', 'overtimeHours'] as const) {
        const h = l[key];
        if (Array.isArray(h) && h.length !== T)
          add(['lines', i, key], `line '${l.id}' ${key} has ${h.length} values for ${T} periods`);
      }
    });
    const routed = new Set<string>();
    const pairs = new Set<string>();
    v.routings.forEach((r, i) => {
      if (!products.has(r.product)) add(['routings', i, 'product'], `unknown product '${r.product}'`);
      if (!lines.has(r.line)) add(['routings', i, 'line'], `unknown line '${r.line}'`);
      const key = `${r.product}\u0000${r.line}`;
      if (pairs.has(key)) add(['routings', i], `product '${r.product}' has two routings on line '${r.line}'`);
      pairs.add(key);
      routed.add(r.product);
    });
    v.bom.forEach((b, i) => {
      if (!products.has(b.parent)) add(['bom', i, 'parent'], `unknown product '${b.parent}'`);
      if (!products.has(b.component)) add(['bom', i, 'component'], `unknown product '${b.component}'`);
      if (b.parent === b.component) add(['bom', i], `product '${b.parent}' cannot be its own component`);
    });
    // A cycle in the bill of materials would make every plan infeasible or meaningless.
    const children = new Map<string, string[]>();
    for (const b of v.bom) children.set(b.parent, [...(children.get(b.parent) ?? []), b.component]);
    const state = new Map<string, 1 | 2>();
    const visit = (p: string, trail: string[]): void => {
      state.set(p, 1);
      for (const c of children.get(p) ?? []) {
        if (state.get(c) === 1)
          add(['bom'], `bill of materials has a cycle: ${[...trail, p, c].join(' → ')}`);
        else if (!state.has(c)) visit(c, [...trail, p]);
      }
      state.set(p, 2);
    };
    for (const p of children.keys()) if (!state.has(p)) visit(p, []);
    for (const [id, d] of Object.entries(v.demand)) {
      if (!products.has(id)) add(['demand', id], `demand for unknown product '${id}'`);
      if (d.length !== T) add(['demand', id], `demand for '${id}' has ${d.length} values for ${T} periods`);
      if (!routed.has(id) && d.some((x) => x > 0))
        add(['demand', id], `product '${id}' has demand but no routing: no line can make it`);
    }
  });

export type PlanInput = z.output<typeof PlanInputSchema>;
/** What users write: defaults may be left out. */
export type PlanInputFile = z.input<typeof PlanInputSchema>;

/** Validates a plan, listing every problem with its JSON path. */
export function parsePlan(input: unknown): Result<PlanInput> {
  const r = PlanInputSchema.safeParse(input);
  if (r.success) return ok(r.data);
  return fail(...issuesFromZod(r.error, { code: 'PLAN_INVALID', root: '(root)' }));
}

/** Parses plan text: JSON when it starts with `{`, else YAML (a superset of JSON). */
export function parsePlanText(text: string, fileName = ''): Result<PlanInput> {
  let data: unknown;
  try {
    data = /\.json$/i.test(fileName) || text.trimStart().startsWith('{') ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    return fail({ code: 'PLAN_SYNTAX', message: (e as Error).message, where: fileName || '(text)' });
  }
  return parsePlan(data);
}
