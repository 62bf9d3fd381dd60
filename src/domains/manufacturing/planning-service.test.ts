import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { manualClock, silentLogger, XinzhiError } from '../../core/index.js';
import { Solver } from '../../optimize/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { EXAMPLE_PLAN } from './example-plan.js';
import { createPlanningService } from './planning-service.js';
import type { SolveFn } from './solve-plan.js';

let solve: SolveFn;
beforeAll(async () => {
  const solver = await Solver.load();
  solve = (p, o) => solver.solve(p, o);
});

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

async function service() {
  store = await openSqliteStore(':memory:');
  return createPlanningService({
    store,
    solve,
    clock: manualClock(Date.UTC(2026, 0, 5)),
    logger: silentLogger,
  });
}

async function refusal(p: Promise<unknown>): Promise<XinzhiError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(XinzhiError);
  return e as XinzhiError;
}

describe('the planning service', () => {
  it('creates, stores, lists, reads and runs a what-if of the example plan', async () => {
    const planning = await service();
    const plan = await planning.create({ plan: planning.example(), name: 'January' });
    expect(plan).toMatchObject({ name: 'January', parent: null, scenario: null, forecasts: [] });
    expect(plan.result.status).toBe('optimal');
    expect(await planning.get(plan.id)).toEqual(plan);
    const line = plan.result.lines[0]!.line;
    const alt = await planning.whatIf(plan.id, { lineHours: [{ line, delta: 8 }] });
    expect(alt.parent).toBe(plan.id);
    expect(alt.comparison?.base).toBe(plan.id);
    expect((await planning.list()).map((p) => p.id).sort()).toEqual([plan.id, alt.id].sort());
  });

  it('names the field of each refusal and stores nothing', async () => {
    const planning = await service();
    const both = await refusal(planning.create({ plan: {}, planText: 'x: 1' }));
    expect(both.field).toBe('plan');
    const unknown = await refusal(planning.create({ plan: planning.example(), demand: { nope: [1] } }));
    expect(unknown.field).toBe('demand.nope');
    const product = EXAMPLE_PLAN.products[0]!.id;
    const short = await refusal(planning.create({ plan: planning.example(), demand: { [product]: [1] } }));
    expect(short.message).toMatch(/1 values for \d+ periods/);
    const noPeriod = await refusal(
      planning.create({
        plan: planning.example(),
        demandFromSeries: [{ product, series: 'a/b', aggregate: 'sum', history: 10 }],
      }),
    );
    expect(noPeriod.field).toBe('period');
    const noSeries = await refusal(
      planning.create({
        plan: planning.example(),
        period: '7d',
        demandFromSeries: [{ product, series: 'a/b', aggregate: 'sum', history: 10 }],
      }),
    );
    expect([noSeries.code, noSeries.field]).toEqual(['NOT_FOUND', 'demandFromSeries.0.series']);
    expect((await refusal(planning.get('p-none'))).code).toBe('NOT_FOUND');
    expect(await planning.list()).toEqual([]);
  });
});
