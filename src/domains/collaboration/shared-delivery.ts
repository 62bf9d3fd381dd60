/**
 * Shared delivery: several shippers send their orders from one depot. Alone, each routes its own
 * orders; together, one routing of all their orders. The cost of every coalition comes from the
 * routing engine (hybrid genetic search), and the joint saving is split by the games engine
 * (Shapley value, nucleolus, core), each shipper told what it pays and what it saves.
 *
 * Routing is a heuristic, so a coalition's routed cost could come out above what its members
 * pay in two separate groups; a coalition can always run them separately, so c(S) is taken as the
 * least of its own routing and every split into two groups (the subadditive cover, O(3^n)).
 * Exact up to 8 shippers; beyond, Shapley by sampled orders (its standard error is reported) and
 * no nucleolus or core, which need every coalition.
 */
import { z } from 'zod';
import { XinzhiError } from '../../core/index.js';
import { games, routing } from '../../optimize/index.js';
import { type CaseResult, explainAllocation } from './explain-allocation.js';

export const MAX_EXACT_SHIPPERS = 8;
export const MAX_SHIPPERS = 24;
export const MAX_ORDERS = 400;

const point = z.tuple([z.number().finite(), z.number().finite()]);
export const sharedDeliverySchema = z.object({
  name: z.string().max(200).optional(),
  /** Planar coordinates (km) of the shared depot. */
  depot: point,
  /** Vehicle capacity, in the orders' demand unit. */
  capacity: z.number().positive().finite(),
  /** Money per km driven (default 1). */
  cost_per_km: z.number().nonnegative().finite().optional(),
  /** Money per vehicle used (default 0). */
  cost_per_vehicle: z.number().nonnegative().finite().optional(),
  currency: z.string().max(8).optional(),
  shippers: z
    .array(
      z.object({
        name: z
          .string()
          .min(1)
          .max(100)
          .regex(/^[^,]+$/, 'no commas in a shipper name'),
        orders: z
          .array(z.object({ at: point, demand: z.number().positive().finite() }))
          .min(1)
          .max(MAX_ORDERS),
      }),
    )
    .min(2)
    .max(MAX_SHIPPERS),
});
export type SharedDeliveryInput = z.infer<typeof sharedDeliverySchema>;

export interface SharedDeliveryOptions {
  /** HGS iterations per coalition (default 800); seed fixed, so the answer is reproducible. */
  readonly iterations?: number;
  /** Seconds per coalition at most (default 2). */
  readonly timeLimitS?: number;
  /** Random orders drawn beyond 8 shippers (default 200). */
  readonly samples?: number;
  /** How to route one coalition (default: the engine on this thread; the server passes its worker). */
  readonly route?: (
    instance: routing.RoutingInstance,
    options: Partial<routing.HgsOptions>,
  ) => Promise<routing.SolveResult>;
}

/** Routes the orders of the shippers in `members` jointly; cost in money. */
async function routeCost(
  input: SharedDeliveryInput,
  members: readonly number[],
  opts: SharedDeliveryOptions,
): Promise<number> {
  const xy: [number, number][] = [[input.depot[0], input.depot[1]]];
  const demand = [0];
  for (const m of members)
    for (const [k, o] of input.shippers[m]!.orders.entries()) {
      if (o.demand > input.capacity)
        throw new XinzhiError(
          'BAD_INPUT',
          `an order of ${o.demand} exceeds the vehicle capacity ${input.capacity}`,
          {
            field: `shippers.${m}.orders.${k}.demand`,
          },
        );
      xy.push([o.at[0], o.at[1]]);
      demand.push(o.demand);
    }
  const inst = routing.createInstance({ xy, demand, capacity: input.capacity });
  if (!inst.ok)
    throw new XinzhiError('BAD_INPUT', inst.issues[0]?.message ?? 'bad instance', { field: 'shippers' });
  const hgs: Partial<routing.HgsOptions> = {
    maxIterations: opts.iterations ?? 800,
    timeLimitS: opts.timeLimitS ?? 2,
    seed: 1,
    itNoImprovement: 400,
  };
  const r = opts.route ? await opts.route(inst.value, hgs) : routing.solveHgs(inst.value, hgs);
  return r.cost * (input.cost_per_km ?? 1) + r.routes.length * (input.cost_per_vehicle ?? 0);
}

const maskOf = (members: readonly number[]): number => members.reduce((m, i) => m | (1 << i), 0);

/** Shapley, nucleolus and core of the shared-delivery cost game, in words. */
export async function sharedDelivery(
  doc: unknown,
  solve: games.LpSolve,
  opts: SharedDeliveryOptions = {},
): Promise<CaseResult> {
  const parsed = sharedDeliverySchema.safeParse(doc);
  if (!parsed.success) {
    const i = parsed.error.issues[0]!;
    throw new XinzhiError('BAD_INPUT', `${i.path.join('.') || 'input'}: ${i.message}`, {
      field: i.path.join('.') || 'input',
      context: { issues: parsed.error.issues.map((x) => ({ where: x.path.join('.'), message: x.message })) },
    });
  }
  const input = parsed.data;
  const names = input.shippers.map((s) => s.name);
  if (new Set(names).size !== names.length)
    throw new XinzhiError('BAD_INPUT', 'two shippers have the same name', { field: 'shippers' });
  const n = names.length;
  const cache = new Map<number, number>();
  /** Routes every coalition not routed yet (the games engine asks for costs synchronously). */
  const fill = async (masks: Iterable<number>) => {
    for (const mask of masks)
      if (!cache.has(mask)) cache.set(mask, await routeCost(input, games.members(mask, n), opts));
  };
  const cost = (members: readonly number[]): number => cache.get(maskOf(members)) ?? Number.NaN;
  await fill(names.map((_, i) => 1 << i));
  const alone = Object.fromEntries(names.map((p, i) => [p, cost([i])]));
  if (n <= MAX_EXACT_SHIPPERS) {
    await fill(Array.from({ length: (1 << n) - 1 }, (_, k) => k + 1));
    const g = games.tabulate(names, 'cost', cost);
    // Subadditive cover, smallest coalitions first (profit form: v(S) ≥ v(T) + v(S∖T)).
    const v = g.v;
    for (let m = 1; m < v.length; m++)
      for (let t = (m - 1) & m; t > 0; t = (t - 1) & m) {
        const split = (v[t] ?? 0) + (v[m & ~t] ?? 0);
        if (split > (v[m] ?? 0)) v[m] = split;
      }
    const s = await games.solveGame(g, solve, { explain: true });
    return explainAllocation({
      title: input.name ?? 'shared delivery',
      kind: 'cost',
      currency: input.currency ?? '¥',
      game: g,
      solution: s,
      alone,
      method: 'exact',
      note: `every one of the ${v.length - 1} coalitions routed`,
    });
  }
  const samples = opts.samples ?? 200;
  // Same seed, same orders: a first pass only lists the coalitions the sample will ask about.
  const wanted = new Set<number>();
  games.shapleySampled(
    n,
    (m) => {
      wanted.add(maskOf(m));
      return 0;
    },
    { samples },
  );
  await fill(wanted);
  const sh = games.shapleySampled(n, (m) => -cost(m), { samples });
  const all = Array.from({ length: n }, (_, i) => i);
  await fill([maskOf(all)]);
  const joint = cost(all);
  return explainAllocation({
    title: input.name ?? 'shared delivery',
    kind: 'cost',
    currency: input.currency ?? '¥',
    sampled: {
      players: names,
      total: joint,
      shapley: Object.fromEntries(names.map((p, i) => [p, -(sh.value[i] ?? 0)])),
      standardError: Object.fromEntries(names.map((p, i) => [p, sh.standardError[i] ?? 0])),
      samples: sh.samples,
    },
    alone,
    method: 'sampled',
    note: `${n} shippers: Shapley from ${sh.samples} random orders (${cache.size} coalitions routed); nucleolus and core need all ${2 ** n - 1} coalitions and are not computed`,
  });
}
