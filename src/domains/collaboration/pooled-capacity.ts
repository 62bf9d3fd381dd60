/**
 * Pooled capacity, a linear production game (Owen 1975): each partner brings capacity of some
 * resources (machine hours, warehouse space); a group makes the products that use them at the
 * most profit its pooled capacity allows, solved by the LP engine (HiGHS). The grand coalition's
 * shadow prices y value each partner's capacity, y·b_k: the Owen allocation, always in the core.
 * It is shown next to the Shapley value and the nucleolus of the same game (every coalition's LP).
 */
import { z } from 'zod';
import { XinzhiError } from '../../core/index.js';
import { games, type LinearProgram } from '../../optimize/index.js';
import { type CaseResult, explainAllocation } from './explain-allocation.js';

export const MAX_POOL_PARTNERS = 10;
const name = z.string().min(1).max(100);

export const pooledCapacitySchema = z.object({
  name: z.string().max(200).optional(),
  currency: z.string().max(8).optional(),
  products: z
    .array(
      z.object({
        name,
        /** Profit per unit made. */
        profit: z.number().finite(),
        /** Resource name → amount one unit uses. */
        uses: z.record(name, z.number().nonnegative().finite()),
      }),
    )
    .min(1)
    .max(500),
  partners: z
    .array(
      z.object({
        name: name.regex(/^[^,]+$/, 'no commas in a partner name'),
        /** Resource name → capacity it brings. */
        capacity: z.record(name, z.number().nonnegative().finite()),
      }),
    )
    .min(2)
    .max(MAX_POOL_PARTNERS),
});
export type PooledCapacityInput = z.infer<typeof pooledCapacitySchema>;

function program(
  input: PooledCapacityInput,
  resources: readonly string[],
  cap: readonly number[],
): LinearProgram {
  const rowStart = [0];
  const rowIndex: number[] = [];
  const rowValue: number[] = [];
  for (const r of resources) {
    input.products.forEach((p, j) => {
      const a = p.uses[r];
      if (a !== undefined && a !== 0) {
        rowIndex.push(j);
        rowValue.push(a);
      }
    });
    rowStart.push(rowIndex.length);
  }
  return {
    name: 'pooled-capacity',
    sense: 'maximize',
    offset: 0,
    objectiveName: 'profit',
    colNames: input.products.map((_, j) => `x${j}`),
    colLower: input.products.map(() => 0),
    colUpper: input.products.map(() => Number.POSITIVE_INFINITY),
    colCost: input.products.map((p) => p.profit),
    colInteger: input.products.map(() => false),
    rowNames: resources.map((_, i) => `r${i}`),
    rowLower: resources.map(() => Number.NEGATIVE_INFINITY),
    rowUpper: [...cap],
    rowStart,
    rowIndex,
    rowValue,
  };
}

export async function pooledCapacity(doc: unknown, solve: games.LpSolve): Promise<CaseResult> {
  const parsed = pooledCapacitySchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new XinzhiError('BAD_INPUT', `${i.path.join('.') || 'input'}: ${i.message}`, {
      field: i.path.join('.') || 'input',
    });
  }
  const input = parsed.data;
  const players = input.partners.map((p) => p.name);
  if (new Set(players).size !== players.length)
    throw new XinzhiError('BAD_INPUT', 'two partners have the same name', { field: 'partners' });
  const resources = [...new Set(input.products.flatMap((p) => Object.keys(p.uses)))].sort();
  for (const [k, p] of input.partners.entries())
    for (const r of Object.keys(p.capacity))
      if (!resources.includes(r))
        throw new XinzhiError('BAD_INPUT', `resource '${r}' is used by no product`, {
          field: `partners.${k}.capacity.${r}`,
        });
  const capOf = (members: readonly number[]) =>
    resources.map((r) => members.reduce((s, k) => s + (input.partners[k]!.capacity[r] ?? 0), 0));
  const worth = async (members: readonly number[]) => {
    const r = await solve(program(input, resources, capOf(members)));
    if (r.status === 'unbounded' || r.status === 'infeasible_or_unbounded')
      throw new XinzhiError(
        'BAD_INPUT',
        'a product uses no limited resource and earns a profit: the plan is unbounded',
        {
          field: 'products',
        },
      );
    if (!r.hasSolution || r.objective === null)
      throw new XinzhiError('SOLVER_FAILURE', `the production LP did not solve: ${r.message}`, {
        field: 'products',
      });
    return r;
  };
  const n = players.length;
  const v = new Float64Array(1 << n);
  for (let m = 1; m < v.length; m++) v[m] = (await worth(games.members(m, n))).objective ?? 0;
  const g: games.Game = { players, kind: 'profit', v };
  const grand = await worth(games.members((1 << n) - 1, n));
  const y = resources.map((_, i) => Math.abs(grand.duals?.[`r${i}`] ?? 0));
  const owen = Object.fromEntries(
    input.partners.map((p) => [
      p.name,
      resources.reduce((s, r, i) => s + (y[i] ?? 0) * (p.capacity[r] ?? 0), 0),
    ]),
  );
  const s = await games.solveGame(g, solve);
  const alone = Object.fromEntries(players.map((p, i) => [p, v[1 << i] ?? 0]));
  const prices = resources.map(
    (r, i) => `${r} ${(y[i] ?? 0).toLocaleString('en-US', { maximumFractionDigits: 4 })}`,
  );
  return explainAllocation({
    title: input.name ?? 'pooled capacity',
    kind: 'profit',
    currency: input.currency ?? '¥',
    game: g,
    solution: s,
    extra: [{ method: 'owen', shares: owen }],
    alone,
    method: 'exact',
    note: `${v.length - 1} coalition plans solved by LP; shadow prices of the joint plan: ${prices.join(', ')}`,
  });
}
