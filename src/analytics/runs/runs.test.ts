import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import {
  getRegisteredModel,
  productionModel,
  promoteModel,
  registerModel,
  rollbackModel,
} from './registry.js';
import { compareRuns, getRun, getRunModel, listRuns, startRun } from './runs.js';

let store: Store;
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

let clock = 1_000;
const now = (): number => clock;

async function finishedRun(name: string, rmse: number): Promise<string> {
  clock += 1000;
  const run = await startRun(store, {
    kind: 'rul',
    name,
    config: { rounds: 3 },
    data: { fingerprint: 'ab'.repeat(32) },
    now,
  });
  for (let step = 1; step <= 3; step++) run.log(step, { train_rmse: 10 / step, valid_rmse: 12 / step });
  await run.finish({
    evaluation: { rmse },
    model: { weights: [rmse] },
    artefacts: [{ name: 'model.json', kind: 'model', bytes: 42 }],
  });
  return run.id;
}

describe('training runs', () => {
  it('records config, fingerprint, per-step metrics, evaluation, artefacts and model', async () => {
    const id = await finishedRun('a', 12.5);
    const r = await getRun(store, id);
    expect(r.status).toBe('finished');
    expect(r.metrics['valid_rmse']).toEqual([
      [1, 12],
      [2, 6],
      [3, 4],
    ]);
    expect(r.evaluation).toEqual({ rmse: 12.5 });
    expect(r.artefacts[0]!.name).toBe('model.json');
    expect(await getRunModel(store, id)).toEqual({ weights: [12.5] });
  });

  it('lists newest first without metric series, records failures, and compares runs', async () => {
    const a = await finishedRun('a', 12);
    const b = await finishedRun('b', 11);
    clock += 1000;
    const bad = await startRun(store, { kind: 'rul', config: {}, data: { fingerprint: 'x' }, now });
    await bad.fail(new Error('out of memory'));
    const list = await listRuns(store);
    expect(list.map((r) => r.id)).toEqual([bad.id, b, a]);
    expect(list[1]!.metricNames).toEqual(['train_rmse', 'valid_rmse']);
    expect('metrics' in list[1]!).toBe(false);
    expect((await getRun(store, bad.id)).error).toBe('out of memory');
    expect((await compareRuns(store, [a, b])).map((c) => c.evaluation['rmse'])).toEqual([12, 11]);
    await expect(getRun(store, 'nope')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });
});

describe('model registry', () => {
  it('versions models, promotes one to production and rolls back', async () => {
    const r1 = await finishedRun('a', 13);
    const r2 = await finishedRun('b', 12);
    expect((await registerModel(store, 'rul-fd001', r1)).version).toBe(1);
    expect((await registerModel(store, 'rul-fd001', r2)).version).toBe(2);
    await promoteModel(store, 'rul-fd001', 1);
    await promoteModel(store, 'rul-fd001', 2);
    expect((await productionModel(store, 'rul-fd001')).model).toEqual({ weights: [12] });
    const back = await rollbackModel(store, 'rul-fd001');
    expect(back.production).toBe(1);
    expect((await productionModel(store, 'rul-fd001')).runId).toBe(r1);
    expect((await getRegisteredModel(store, 'rul-fd001')).history.map((h) => h.version)).toEqual([1, 2, 1]);
  });

  it('refuses unknown versions, failed runs, bad names and rollback without history', async () => {
    const r1 = await finishedRun('a', 13);
    await registerModel(store, 'm', r1);
    await expect(promoteModel(store, 'm', 7)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(rollbackModel(store, 'm')).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(registerModel(store, 'bad name!', r1)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    const bad = await startRun(store, { kind: 'rul', config: {}, data: { fingerprint: 'x' } });
    await bad.fail('x');
    await expect(registerModel(store, 'm', bad.id)).rejects.toMatchObject({ code: 'CONFLICT' });
  });
});
