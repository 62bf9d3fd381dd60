import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { promoteModel, registerModel, startRun } from '../../analytics/runs/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

const app = () => createTestApp(store, { now: Date.UTC(2026, 0, 1) }).app;

describe('runs and models API', () => {
  it('lists runs, shows one with its metrics, compares runs and shows the registry', async () => {
    const ids: string[] = [];
    for (const rmse of [12, 11]) {
      const run = await startRun(store, { kind: 'rul', config: { rmse }, data: { fingerprint: 'f' } });
      run.log(1, { valid_rmse: rmse + 1 });
      await run.finish({ evaluation: { rmse }, model: { w: rmse } });
      ids.push(run.id);
    }
    await registerModel(store, 'rul-fd001', ids[0]!);
    await promoteModel(store, 'rul-fd001', 1);
    const a = app();
    const list = (await (await a.request('/api/v1/runs?kind=rul')).json()) as { runs: Array<{ id: string }> };
    expect(list.runs.map((r) => r.id).sort()).toEqual([...ids].sort());
    const one = (await (await a.request(`/api/v1/runs/${ids[0]}`)).json()) as {
      metrics: Record<string, unknown>;
    };
    expect(one.metrics['valid_rmse']).toEqual([[1, 13]]);
    const cmp = (await (await a.request(`/api/v1/runs-compare?ids=${ids.join(',')}`)).json()) as {
      runs: Array<{ evaluation: { rmse: number } }>;
    };
    expect(cmp.runs.map((r) => r.evaluation.rmse)).toEqual([12, 11]);
    const models = (await (await a.request('/api/v1/models')).json()) as {
      models: Array<{ production: number }>;
    };
    expect(models.models[0]!.production).toBe(1);
    expect((await a.request('/api/v1/runs/run-nope')).status).toBe(404);
    expect((await a.request('/api/v1/models/nope')).status).toBe(404);
  });
});
