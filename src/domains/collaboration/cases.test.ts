import { beforeAll, describe, expect, it } from 'vitest';
import { type games, Solver } from '../../optimize/index.js';
import { pooledCapacity } from './pooled-capacity.js';
import { sharedDelivery } from './shared-delivery.js';

let solve: games.LpSolve;
beforeAll(async () => {
  const s = await Solver.load();
  solve = async (p) => s.solve(p);
});

describe('pooled capacity (linear production game)', () => {
  // Complementary resources make it the glove game: A holds all the scarce resource.
  const glove = {
    products: [{ name: 'kit', profit: 1, uses: { left: 1, right: 1 } }],
    partners: [
      { name: 'A', capacity: { left: 10 } },
      { name: 'B', capacity: { right: 10 } },
      { name: 'C', capacity: { right: 10 } },
    ],
  };

  it('Owen shares by shadow prices are in the core; Shapley is not; nucleolus agrees with Owen here', async () => {
    const r = await pooledCapacity(glove, solve);
    expect(r.total).toBeCloseTo(10, 9);
    const by = Object.fromEntries(r.allocations.map((a) => [a.method, a]));
    expect(by.owen!.shares.A).toBeCloseTo(10, 9);
    expect(by.owen!.shares.B).toBeCloseTo(0, 9);
    expect(by.owen!.in_core).toBe(true);
    expect(by.shapley!.shares.A).toBeCloseTo(20 / 3, 9);
    expect(by.shapley!.in_core).toBe(false);
    expect(by.shapley!.blocked_by?.by).toBeCloseTo(5 / 3, 6);
    expect(by.nucleolus!.shares).toEqual({ A: 10, B: 0, C: 0 });
    expect(r.coalitions).toHaveLength(7);
    expect(r.sentences.en.some((s) => s.startsWith('Owen (shadow prices): A receives ¥10'))).toBe(true);
    expect(r.sentences.zh.some((s) => s.includes('比单干多得'))).toBe(true);
  });

  it('the Owen shares add up to the joint plan (strong duality) on a two-product plan', async () => {
    const r = await pooledCapacity(
      {
        products: [
          { name: 'P', profit: 3, uses: { machine: 1, storage: 2 } },
          { name: 'Q', profit: 2, uses: { machine: 1, storage: 1 } },
        ],
        partners: [
          { name: 'A', capacity: { machine: 40, storage: 30 } },
          { name: 'B', capacity: { machine: 10, storage: 90 } },
        ],
      },
      solve,
    );
    const owen = r.allocations.find((a) => a.method === 'owen')!;
    expect(owen.shares.A! + owen.shares.B!).toBeCloseTo(r.total, 6);
    expect(owen.in_core).toBe(true);
  });

  it('refuses malformed input naming the field', async () => {
    await expect(pooledCapacity({ products: [], partners: [] }, solve)).rejects.toMatchObject({
      field: 'products',
    });
    await expect(
      pooledCapacity(
        { ...glove, partners: [...glove.partners, { name: 'D', capacity: { gold: 1 } }] },
        solve,
      ),
    ).rejects.toMatchObject({ field: 'partners.3.capacity.gold' });
    await expect(
      pooledCapacity(
        { products: [{ name: 'free', profit: 1, uses: { x: 0 } }], partners: glove.partners },
        solve,
      ),
    ).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('shared delivery', () => {
  const order = (x: number, y: number) => ({ at: [x, y] as [number, number], demand: 1 });
  const three = {
    depot: [0, 0] as [number, number],
    capacity: 10,
    shippers: [
      { name: 'A', orders: [order(10, 0), order(11, 1)] },
      { name: 'B', orders: [order(10, 2), order(12, 1)] },
      // A full truckload: C cannot share a vehicle with anyone.
      { name: 'C', orders: [{ at: [0, -10] as [number, number], demand: 10 }] },
    ],
  };

  it('routes every coalition; shippers going the same way save, the one going elsewhere does not', async () => {
    const r = await sharedDelivery(three, solve, { iterations: 200 });
    expect(r.method).toBe('exact');
    expect(r.coalitions).toHaveLength(7);
    const sh = r.allocations.find((a) => a.method === 'shapley')!;
    expect(sh.gains.A).toBeGreaterThan(1);
    expect(sh.gains.B).toBeGreaterThan(1);
    expect(Math.abs(sh.gains.C!)).toBeLessThan(1e-6);
    // Shares add up to the joint cost, and the joint cost is at most the sum alone.
    const sum = Object.values(sh.shares).reduce((s, x) => s + x, 0);
    expect(sum).toBeCloseTo(r.total, 6);
    expect(r.total).toBeLessThan(r.alone.A! + r.alone.B! + r.alone.C!);
    expect(r.allocations.find((a) => a.method === 'nucleolus')!.in_core).toBe(true);
    expect(r.sentences.en[0]).toMatch(
      /^Shapley value: A pays ¥[\d.,]+, saving ¥[\d.,]+ against going alone; /,
    );
  });

  it('beyond 8 shippers: Shapley by sampling with its error stated, no nucleolus', async () => {
    const many = {
      ...three,
      shippers: Array.from({ length: 9 }, (_, i) => ({ name: `S${i}`, orders: [order(10 + i, i % 3)] })),
    };
    const r = await sharedDelivery(many, solve, { iterations: 30, samples: 12 });
    expect(r.method).toBe('sampled');
    expect(r.allocations).toHaveLength(1);
    expect(r.allocations[0]!.standard_error?.S0).toBeGreaterThanOrEqual(0);
    expect(r.note).toMatch(/nucleolus and core need all 511 coalitions/);
    expect(r.sentences.en[0]).toMatch(/at 95 %/);
  });

  it('refuses malformed input: one shipper, an order over capacity, a comma in a name, duplicates', async () => {
    await expect(sharedDelivery({ ...three, shippers: [three.shippers[0]] }, solve)).rejects.toMatchObject({
      field: 'shippers',
    });
    await expect(sharedDelivery({ ...three, capacity: 5 }, solve, { iterations: 10 })).rejects.toMatchObject({
      code: 'BAD_INPUT',
    });
    await expect(
      sharedDelivery(
        { ...three, shippers: [{ name: 'A,B', orders: [order(1, 1)] }, three.shippers[1]] },
        solve,
      ),
    ).rejects.toMatchObject({ field: 'shippers.0.name' });
    await expect(
      sharedDelivery({ ...three, shippers: [three.shippers[0], three.shippers[0]] }, solve),
    ).rejects.toMatchObject({ field: 'shippers' });
    await expect(sharedDelivery('x', solve)).rejects.toMatchObject({ code: 'BAD_INPUT' });
  });
});
