import { beforeAll, describe, expect, it } from 'vitest';
import { Solver } from '../../../optimize/index.js';
import type { SolveFn } from '../solve-fn.js';
import { FERTILISER_GRADES, findGrade, planFertiliser } from './index.js';

let solve: SolveFn;
beforeAll(async () => {
  const solver = await Solver.load();
  solve = (p, o) => solver.solve(p, o);
});

const plan = async (json: unknown) => {
  const r = await planFertiliser(json, solve);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('planFertiliser', () => {
  it('finds the hand-computed least-cost blend and the nutrient prices', async () => {
    // P only from DAP: 100 kg (46 P2O5, 18 N) ¥400; N 82 from urea 178.26 kg ¥534.78; MOP 100 kg ¥300.
    const r = await plan({
      products: [
        { id: 'urea', grade: 'urea', pricePerKg: 3 },
        { id: 'dap', grade: 'dap', pricePerKg: 4 },
        { id: 'mop', grade: 'mop', pricePerKg: 3 },
      ],
      fields: [
        { id: 'A', areaHa: 2, requirements: { N: { min: 100 }, P2O5: { min: 46 }, K2O: { min: 60 } } },
      ],
    });
    expect(r.status).toBe('optimal');
    const a = r.fields[0]!;
    const kg = (p: string) => a.products.find((x) => x.product === p)?.kgPerHa;
    expect(kg('dap')).toBeCloseTo(100, 2);
    expect(kg('urea')).toBeCloseTo(82 / 0.46, 2);
    expect(kg('mop')).toBeCloseTo(100, 2);
    expect(r.totalCost).toBeCloseTo(2 * (400 + (82 / 0.46) * 3 + 300), 1);
    const price = (n: string) => a.nutrients.find((x) => x.nutrient === n)!.shadowPrice!;
    // ¥ per kg/ha on 2 ha: N via urea 2·3/0.46; K2O via MOP 2·3/0.6; P2O5 via DAP net of its N.
    expect(price('N')).toBeCloseTo((2 * 3) / 0.46, 6);
    expect(price('K2O')).toBeCloseTo((2 * 3) / 0.6, 6);
    expect(price('P2O5')).toBeCloseTo((2 * (4 - 0.18 * (3 / 0.46))) / 0.46, 6);
  });

  it('prices a binding maximum in words: relaxing the K2O cap on field B', async () => {
    // NPK 15-15-15 is cheapest but K2O ≤ 30 caps it at 200 kg; urea and TSP make up N and P.
    // One more kg/ha of K2O: +6.67 kg NPK (¥13.33) replaces 1/0.46 kg urea (¥6.52) and 1/0.46 kg
    // TSP (¥10.87): saves ¥4.06.
    const r = await plan({
      products: [
        { id: 'npk', analysis: { N: 15, P2O5: 15, K2O: 15 }, pricePerKg: 2 },
        { id: 'urea', grade: 'urea', pricePerKg: 3 },
        { id: 'tsp', grade: 'tsp', pricePerKg: 5 },
      ],
      fields: [{ id: 'B', areaHa: 1, requirements: { N: { min: 60 }, P2O5: { min: 60 }, K2O: { max: 30 } } }],
    });
    expect(r.totalCost).toBeCloseTo(400 + (30 / 0.46) * 3 + (30 / 0.46) * 5, 2);
    const k = r.fields[0]!.nutrients.find((n) => n.nutrient === 'K2O')!;
    expect(k.binding).toBe('max');
    const saving = 3 / 0.46 + 5 / 0.46 - 2 / 0.15;
    expect(k.shadowPrice).toBeCloseTo(-saving, 6);
    expect(r.sensitivity.join(' ')).toContain(
      `Relaxing the K2O maximum on field B by 1 kg/ha saves ¥${saving.toFixed(2)}`,
    );
  });

  it('splits N across dressings and shares a limited stock between fields', async () => {
    const r = await plan({
      products: [
        { id: 'urea', grade: 'urea', pricePerKg: 3, stockKg: 300 },
        { id: 'can', grade: 'can', pricePerKg: 2.5 },
      ],
      fields: [
        {
          id: 'A',
          areaHa: 1,
          requirements: { N: 150 },
          applications: [
            { id: 'basal', maxNKgHa: 60 },
            { id: 'top', maxNKgHa: 100, products: ['urea'] },
          ],
        },
        { id: 'B', areaHa: 1, requirements: { N: { min: 100, max: 110 } } },
      ],
    });
    expect(r.status).toBe('optimal');
    const a = r.fields[0]!;
    const urea = a.products.find((p) => p.product === 'urea')!;
    // Top dressing is urea only, at most 100 N; basal ≤ 60 N of the cheaper-per-N urea or CAN.
    expect((urea.byApplication.top ?? 0) * 0.46).toBeLessThanOrEqual(100 + 1e-6);
    expect(r.products.find((p) => p.product === 'urea')!.totalKg).toBeLessThanOrEqual(300 + 1e-6);
    for (const f of r.fields) {
      const n = f.nutrients.find((x) => x.nutrient === 'N')!;
      expect(n.suppliedKgHa).toBeGreaterThanOrEqual((n.min ?? 0) - 1e-6);
      expect(n.suppliedKgHa).toBeLessThanOrEqual((n.max ?? Infinity) + 1e-6);
    }
    // Urea (¥6.52/kg N) beats CAN (¥9.26/kg N): the stock binds and has a price.
    expect(r.products.find((p) => p.product === 'urea')!.shadowPrice!).toBeLessThan(0);
    expect(r.sensitivity.some((s) => s.startsWith('One more kg of urea in stock saves'))).toBe(true);
  });

  it('buys whole bags: matches brute force over bag counts', async () => {
    const urea = { kg: 50, price: 150, n: 0.46 };
    const an = { kg: 25, price: 60, n: 0.34 };
    let best = Infinity;
    for (let u = 0; u <= 10; u++)
      for (let a = 0; a <= 20; a++) {
        // Bags bought must cover what is applied; N applied in [100, 110] is possible when the
        // bags hold at least 100 kg N (apply only part of a bag).
        if (u * urea.kg * urea.n + a * an.kg * an.n >= 100)
          best = Math.min(best, u * urea.price + a * an.price);
      }
    const r = await plan({
      integerBags: true,
      products: [
        { id: 'urea', grade: 'urea', pricePerBag: urea.price, bagKg: urea.kg },
        { id: 'an', grade: 'ammonium-nitrate', pricePerBag: an.price, bagKg: an.kg },
      ],
      fields: [{ id: 'A', areaHa: 1, requirements: { N: 100 } }],
    });
    expect(r.totalCost).toBeCloseTo(best, 6);
    expect(best).toBe(660);
    expect(r.model.integers).toBe(2);
  });

  it('reports an infeasible requirement with a conflict', async () => {
    const r = await plan({
      products: [{ id: 'urea', grade: 'urea', pricePerKg: 3 }],
      fields: [{ id: 'A', areaHa: 1, requirements: { N: 100, Zn: 2 } }],
    });
    expect(r.status).toBe('infeasible');
    expect(r.totalCost).toBeNull();
    expect(r.conflict).toMatch(/min_0_Zn/);
  });

  it('lists every problem in a bad file with its path', async () => {
    const r = await planFertiliser(
      {
        integerBags: true,
        products: [
          { id: 'x', grade: 'nope', pricePerKg: 1 },
          { id: 'y', analysis: { N: 20 } },
          { id: 'z', grade: 'urea', pricePerKg: 1 },
        ],
        fields: [{ id: 'A', areaHa: -1, requirements: { N: { min: 5, max: 1 } } }],
      },
      solve,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const where = r.issues.map((i) => i.where);
    expect(where).toContain('products.1');
    expect(where).toContain('fields.0.areaHa');
    expect(where).toContain('fields.0.requirements.N');
    const r2 = await planFertiliser(
      {
        integerBags: true,
        products: [{ id: 'x', grade: 'nope', pricePerKg: 1 }],
        fields: [
          { id: 'A', areaHa: 1, requirements: { N: 5 }, applications: [{ id: 'a', products: ['q'] }] },
        ],
      },
      solve,
    );
    expect(r2.ok).toBe(false);
    if (!r2.ok)
      expect(r2.issues.map((i) => i.where)).toEqual(['products.0.grade', 'fields.0.applications.0.products']);
  });

  it('ships grades whose analyses are the standard ones', () => {
    expect(findGrade('urea')!.analysis).toEqual({ N: 46 });
    expect(findGrade('DAP')!.analysis).toEqual({ N: 18, P2O5: 46 });
    expect(findGrade('ammonium-sulfate')!.analysis).toEqual({ N: 21, S: 24 });
    expect(FERTILISER_GRADES.every((g) => g.note?.includes('FAO'))).toBe(true);
  });
});
