import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  RegisteredModelSchema,
  RunRecordSchema,
  registerModel,
  startRun,
} from '../../analytics/runs/index.js';
import { logistics, manufacturing } from '../../domains/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

/**
 * The schemas the routes declare are the shapes they send: real answers parse with the domain's
 * schemas (strictly, so a field the schema lacks fails as well as a missing one).
 */
const T = Date.UTC(2024, 4, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const strictly =
  <S extends { parse(v: unknown): unknown }>(schema: S, value: unknown) =>
  () =>
    schema.parse(value);

describe('route answers match their declared schemas', () => {
  it('a solved plan, its what-if and the plan list', async () => {
    const { call } = createTestApp(raw, { now: T, web: false });
    const ex = await call('GET', '/api/v1/plans/example');
    const created = await call('POST', '/api/v1/plans', { plan: ex.body });
    expect(created.status).toBe(201);
    expect(strictly(manufacturing.StoredPlanSchema.strict(), created.body)).not.toThrow();
    expect(created.body.result.dualsFrom).not.toBeUndefined();
    const alt = await call('POST', `/api/v1/plans/${created.body.id}/what-if`, {
      lineHours: [{ line: 'L1', delta: 40 }],
    });
    expect(alt.status).toBe(201);
    expect(strictly(manufacturing.StoredPlanSchema, alt.body)).not.toThrow();
    expect(alt.body.comparison.base).toBe(created.body.id);
    const list = await call('GET', '/api/v1/plans');
    for (const p of list.body.plans)
      expect(strictly(manufacturing.PlanSummarySchema.strict(), p)).not.toThrow();
  });

  it('a delivery plan', async () => {
    const { call } = createTestApp(raw, { now: T, web: false });
    const depot = { lat: 31.3, lon: 120.7 };
    const res = await call('POST', '/api/v1/logistics/plans', {
      id: 'd1',
      depot,
      orders: [{ id: 'o1', lat: 31.31, lon: 120.71, demand: 10 }],
      vans: [{ id: 'v1', capacity: 100, shiftStart: T, shiftEnd: T + 8 * 3_600_000 }],
      timeLimitS: 0.3,
    });
    expect(res.status).toBe(201);
    expect(strictly(logistics.StoredDeliveryPlanSchema.strict(), res.body)).not.toThrow();
  });

  it('a training run and a registered model', async () => {
    const run = await startRun(raw, {
      kind: 'test',
      config: { a: 1 },
      data: { fingerprint: 'x' },
      now: () => T,
    });
    run.log(1, { loss: 0.5 });
    await run.finish({ evaluation: { rmse: 1 }, model: { w: [1] } });
    await registerModel(raw, 'm', run.id, { now: T });
    const { call } = createTestApp(raw, { now: T, web: false });
    const one = await call('GET', `/api/v1/runs/${run.id}`);
    expect(strictly(RunRecordSchema.strict(), one.body)).not.toThrow();
    const model = await call('GET', '/api/v1/models/m');
    expect(strictly(RegisteredModelSchema.strict(), model.body)).not.toThrow();
  });
});
