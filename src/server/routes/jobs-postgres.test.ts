/**
 * Two nodes on one PostgreSQL database: a job queued through node A (no workers) is run by node B
 * and its result is read back through node A.
 */
import { afterAll, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../core/index.js';
import { openPostgresStore, type Store } from '../../store/index.js';
import { withTestDatabase } from '../../store/postgres/test-database.fixture.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { until } from '../jobs/queue.case.js';
import { createJobQueue } from '../jobs/queue.js';
import { createTestApp } from '../test-app.fixture.js';

const secretKey = { key: 'ef'.repeat(32) };
const T = Date.UTC(2024, 4, 1);

await withTestDatabase('jobs across nodes', (db) => {
  const stores: Store[] = [];
  afterAll(async () => {
    for (const s of stores) await s.close();
  });
  it('queues on one node, runs on another, shows the result on the first', async () => {
    const schema = db.schema();
    const open = async () => {
      const s = await openPostgresStore(db.url, { schema, maxConnections: 4, secretKey });
      stores.push(s);
      return s;
    };
    const storeA = await open();
    const storeB = await open();
    await seedOrgs(storeA);
    const auth = { mode: 'keys', loopbackOnly: true } as const;
    const idle = createJobQueue({
      jobs: storeA.jobs,
      clock: systemClock,
      logger: silentLogger,
      workers: 0,
      nodeId: 'node-a',
    });
    const worker = createJobQueue({
      jobs: storeB.jobs,
      clock: systemClock,
      logger: silentLogger,
      nodeId: 'node-b',
      pollMs: 20,
      heartbeatMs: 50,
    });
    const a = createTestApp(storeA, { now: T, web: false, auth, jobs: idle });
    createTestApp(storeB, { now: T, web: false, auth, jobs: worker });
    worker.start();
    try {
      const op = await bearer(storeA, 'operator', { org: 'acme' });
      const depot = { lat: 31.3, lon: 120.7 };
      const orders = [0, 1, 2].map((i) => ({ id: `o${i}`, lat: 31.3 + 0.01 * i, lon: 120.71, demand: 10 }));
      const vans = [{ id: 'v1', capacity: 100, shiftStart: T, shiftEnd: T + 8 * 3_600_000 }];
      const queued = await a.call(
        'POST',
        '/api/v1/jobs',
        { kind: 'delivery-plan', input: { id: 'x', depot, orders, vans, timeLimitS: 0.1 } },
        op,
      );
      expect(queued.status).toBe(202);
      const done = await until(async () => {
        const r = await a.call('GET', `/api/v1/jobs/${queued.body.id}`, undefined, op);
        return r.body.state === 'succeeded' ? r.body : undefined;
      }, 'node B to run the job');
      expect(done.worker).toMatch(/^node-b:/);
      expect(done.result).toMatchObject({ id: 'x', plan: { feasible: true } });
      expect((await a.call('GET', '/api/v1/logistics/plans/x', undefined, op)).status).toBe(200);
    } finally {
      await worker.stop();
    }
  });
});
