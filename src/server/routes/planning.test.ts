import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manufacturing } from '../../domains/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';
import type { StoredPlan } from './planning.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 5, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const setup = () => {
  const t = createTestApp(raw, { now: T0, web: false });
  return { ...t, call: t.call<Record<string, unknown> & StoredPlan> };
};

describe('planning routes', () => {
  it('solves the example plan in the worker, stores it, lists it and runs a what-if', async () => {
    const { call, clock } = setup();
    const ex = await call('GET', '/api/v1/plans/example');
    expect(ex.status).toBe(200);
    const created = await call('POST', '/api/v1/plans', { plan: ex.body });
    expect(created.status).toBe(201);
    const plan = created.body;
    expect(plan.result.status).toBe('optimal');
    expect(plan.result.model.isMip).toBe(true);
    // The same plan solved in-process gives the same cost: the worker path changes nothing.
    const { Solver } = await import('../../optimize/index.js');
    const solver = await Solver.load();
    const direct = await manufacturing.solvePlan(
      manufacturing.planOrThrow(manufacturing.parsePlan(manufacturing.EXAMPLE_PLAN)),
      (p, o) => solver.solve(p, o),
    );
    expect(plan.result.costs?.total).toBeCloseTo(direct.costs?.total ?? Number.NaN, 4);
    expect(plan.result.sensitivity.some((s) => /^One more hour on line L\d in W\d saves ¥/.test(s))).toBe(
      true,
    );
    expect(plan.result.lines).toHaveLength(8);

    const got = await call('GET', `/api/v1/plans/${plan.id}`);
    expect(got.status).toBe(200);
    expect(got.body.result.costs).toEqual(plan.result.costs);

    clock.advance(1000);
    const binding = plan.result.lines.find((l) => l.binding && (l.shadowPrice ?? 0) < 0);
    expect(binding).toBeDefined();
    const wi = await call('POST', `/api/v1/plans/${plan.id}/what-if`, {
      name: 'more hours',
      lineHours: [{ line: binding?.line, period: binding?.period, delta: 8 }],
    });
    expect(wi.status).toBe(201);
    expect(wi.body.parent).toBe(plan.id);
    expect(wi.body.comparison?.base).toBe(plan.id);
    // More capacity where it binds cannot cost more, and the shadow price says it saves.
    expect(wi.body.comparison?.costDelta['total']).toBeLessThan(0);
    expect(wi.body.comparison?.summary).toMatch(/less than/);
    expect(wi.body.comparison?.utilisation).toHaveLength(8);

    const listed = await call('GET', '/api/v1/plans');
    const plans = listed.body['plans'] as { id: string; parent: string | null }[];
    expect(plans.map((p) => p.id)).toEqual([wi.body.id, plan.id]);
    expect(plans[0]?.parent).toBe(plan.id);
  }, 20_000);

  it('takes YAML text and a posted demand table, and reports an infeasible plan in words', async () => {
    const { call } = setup();
    const text = [
      'periods: [W1, W2]',
      'products: [{ id: a }]',
      'lines: [{ id: L1, hours: 10 }]',
      'routings: [{ product: a, line: L1, hoursPerUnit: 1, costPerUnit: 2 }]',
      'demand: { a: [5, 5] }',
    ].join('\n');
    const ok = await call('POST', '/api/v1/plans', { planText: text, demand: { a: [8, 9] } });
    expect(ok.status).toBe(201);
    expect(ok.body.result.costs?.total).toBeCloseTo(34, 6);
    const tooMuch = await call('POST', '/api/v1/plans', { planText: text, demand: { a: [30, 30] } });
    expect(tooMuch.status).toBe(201);
    expect(tooMuch.body.result.status).toBe('infeasible');
    expect(tooMuch.body.result.message).toMatch(/No plan meets every requirement/);
  }, 20_000);

  it('forecasts demand from a stored series', async () => {
    const { call, store } = setup();
    await store.upsertSeries({ assetId: 'shop/orders', metric: 'chairs', unit: 'count' });
    // 10 weeks of daily orders: 20 a day on weekdays, none at weekends → 100 a week.
    const points = [];
    for (let d = 70; d > 0; d--) {
      const ts = T0 - d * DAY;
      const dow = new Date(ts).getUTCDay();
      if (dow !== 0 && dow !== 6)
        points.push({ seriesId: 'shop/orders/chairs', ts: ts + 3_600_000, value: 20 });
    }
    await store.writePoints(points);
    const res = await call('POST', '/api/v1/plans', {
      plan: manufacturing.EXAMPLE_PLAN,
      period: '7d',
      demandFromSeries: [{ product: 'chair', series: 'shop/orders/chairs' }],
    });
    expect(res.status).toBe(201);
    const f = res.body.forecasts[0];
    expect(f?.history).toBeGreaterThanOrEqual(9);
    const chair = res.body.result.products.filter((p) => p.product === 'chair').map((p) => p.demand);
    expect(chair).toHaveLength(4);
    for (const d of chair) {
      expect(d).toBeGreaterThan(80);
      expect(d).toBeLessThan(120);
    }
  }, 20_000);

  it('names bad input: plan fields, unknown products and series, missing period, unknown plans', async () => {
    const { call } = setup();
    const bad = await call('POST', '/api/v1/plans', {
      plan: { ...manufacturing.EXAMPLE_PLAN, periods: [] },
    });
    expect(bad.status).toBe(400);
    expect(bad.body['field']).toBe('plan.periods');
    const both = await call('POST', '/api/v1/plans', { plan: {}, planText: 'x: 1' });
    expect(both.status).toBe(400);
    const yaml = await call('POST', '/api/v1/plans', { planText: 'periods: [W1' });
    expect(yaml.status).toBe(400);
    expect(yaml.body['field']).toBe('planText');
    const unknown = await call('POST', '/api/v1/plans', {
      plan: manufacturing.EXAMPLE_PLAN,
      demand: { sofa: [1, 2, 3, 4] },
    });
    expect(unknown.body['field']).toBe('demand.sofa');
    const short = await call('POST', '/api/v1/plans', {
      plan: manufacturing.EXAMPLE_PLAN,
      demand: { chair: [1] },
    });
    expect(short.body['detail']).toMatch(/1 values for 4 periods/);
    const noPeriod = await call('POST', '/api/v1/plans', {
      plan: manufacturing.EXAMPLE_PLAN,
      demandFromSeries: [{ product: 'chair', series: 'x/y' }],
    });
    expect(noPeriod.body['field']).toBe('period');
    const noSeries = await call('POST', '/api/v1/plans', {
      plan: manufacturing.EXAMPLE_PLAN,
      period: '7d',
      demandFromSeries: [{ product: 'chair', series: 'x/y' }],
    });
    expect(noSeries.status).toBe(404);
    expect(noSeries.body['field']).toBe('demandFromSeries.0.series');
    expect((await call('POST', '/api/v1/plans', '{not json')).status).toBe(400);
    expect((await call('POST', '/api/v1/plans', { plan: {}, extra: 1 })).status).toBe(400);
    expect((await call('GET', '/api/v1/plans/nope')).status).toBe(404);
    expect(
      (await call('POST', '/api/v1/plans/nope/what-if', { demand: [{ product: 'a', delta: 1 }] })).status,
    ).toBe(404);
  });

  it('rejects an empty or wrong what-if', async () => {
    const { call } = setup();
    const created = await call('POST', '/api/v1/plans', {
      planText:
        'periods: [W1]\nproducts: [{id: a}]\nlines: [{id: L1, hours: 10}]\nroutings: [{product: a, line: L1, hoursPerUnit: 1}]\ndemand: {a: [5]}',
    });
    const id = created.body.id;
    expect((await call('POST', `/api/v1/plans/${id}/what-if`, {})).status).toBe(400);
    const line = await call('POST', `/api/v1/plans/${id}/what-if`, { lineHours: [{ line: 'L9', delta: 1 }] });
    expect(line.status).toBe(400);
    expect(line.body['field']).toBe('lineHours.0.line');
    const period = await call('POST', `/api/v1/plans/${id}/what-if`, {
      demand: [{ product: 'a', period: 'W7', factor: 2 }],
    });
    expect(period.body['field']).toBe('demand.0.period');
  }, 20_000);

  it('lists the routes in the OpenAPI document', async () => {
    const { call } = setup();
    const doc = await call('GET', '/api/openapi.json');
    const paths = Object.keys(doc.body['paths'] as object);
    for (const p of [
      '/api/v1/plans',
      '/api/v1/plans/{id}',
      '/api/v1/plans/{id}/what-if',
      '/api/v1/plans/example',
    ])
      expect(paths).toContain(p);
  });
});
