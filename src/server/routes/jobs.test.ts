import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { syntheticRunCsv } from '../../analytics/rul/synthetic.fixture.js';
import { resolveLimits, silentLogger, systemClock } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { until } from '../jobs/queue.case.js';
import { createJobQueue, type JobQueue } from '../jobs/queue.js';
import { createTestApp } from '../test-app.fixture.js';

const T = Date.UTC(2024, 4, 1, 0);
const H = 3_600_000;
const depot = { lat: 31.319, lon: 120.723 };
const orders = Array.from({ length: 6 }, (_, i) => ({
  id: `o${i + 1}`,
  lat: depot.lat + (5 / 111.2) * Math.cos((i * Math.PI) / 3),
  lon: depot.lon + (5 / 95) * Math.sin((i * Math.PI) / 3),
  demand: 100,
}));
const vans = [{ id: 'v1', capacity: 1000, shiftStart: T, shiftEnd: T + 10 * H }];
const delivery = { kind: 'delivery-plan', input: { id: 'day1', depot, orders, vans, timeLimitS: 0.2 } };

let raw: Store;
let queue: JobQueue;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
  queue = createJobQueue({
    jobs: raw.jobs,
    clock: systemClock,
    logger: silentLogger,
    pollMs: 10,
    heartbeatMs: 20,
  });
});
afterEach(async () => {
  await queue.stop();
  await raw.close();
});

const setup = () => {
  const t = createTestApp(raw, {
    now: T,
    web: false,
    auth: { mode: 'keys', loopbackOnly: true },
    jobs: queue,
  });
  queue.start();
  return t;
};
type Call = ReturnType<typeof createTestApp>['call'];
const settled = (call: Call, id: string, h: Record<string, string>) =>
  until(async () => {
    const r = await call('GET', `/api/v1/jobs/${id}`, undefined, h);
    return ['queued', 'running'].includes(r.body.state) ? undefined : r.body;
  }, `job ${id}`);

describe('jobs API', () => {
  it('queues a delivery plan (202 + Location), runs it as the mirrored route, and shows the result', async () => {
    const { call, request } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const res = await request('POST', '/api/v1/jobs', delivery, op);
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; state: string; submittedBy: { name: string } };
    expect(res.headers.get('location')).toBe(`/api/v1/jobs/${job.id}`);
    expect(job).toMatchObject({ state: 'queued', submittedBy: { name: 'operator@acme' } });
    const done = await settled(call, job.id, op);
    expect(done).toMatchObject({ state: 'succeeded', progress: 1, attempts: 1, error: null });
    expect(done.result).toMatchObject({ id: 'day1', plan: { feasible: true } });
    // Stored in the submitter's organisation, as the synchronous route would have.
    const plan = await call('GET', '/api/v1/logistics/plans/day1', undefined, op);
    expect(plan.status).toBe(200);
    const other = await call('GET', '/api/v1/logistics/plans/day1', undefined, await bearer(raw, 'admin'));
    expect(other.status).toBe(404);
    const list = await call('GET', '/api/v1/jobs?state=succeeded&kind=delivery-plan', undefined, op);
    expect(list.body.jobs.map((j: { id: string }) => j.id)).toEqual([job.id]);
    expect(list.body.jobs[0].result).toBeUndefined();
  });

  it('answers malformed input with 400 naming the field, and queues nothing', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const bad = await call(
      'POST',
      '/api/v1/jobs',
      { kind: 'delivery-plan', input: { ...delivery.input, orders: [{ ...orders[0], demand: -1 }] } },
      op,
    );
    expect(bad.status).toBe(400);
    expect(bad.body.field).toBe('input.orders.0.demand');
    const kind = await call('POST', '/api/v1/jobs', { kind: 'nap', input: {} }, op);
    expect([kind.status, kind.body.field]).toEqual([400, 'kind']);
    const file = await call('POST', '/api/v1/jobs', { kind: 'import', input: {} }, op);
    expect([file.status, file.body.field]).toEqual([400, 'kind']);
    const notJson = await call('POST', '/api/v1/jobs', '{"kind":', op);
    expect(notJson.status).toBe(400);
    expect((await call('GET', '/api/v1/jobs', undefined, op)).body.jobs).toEqual([]);
  });

  it('records a failure of the mirrored route (the problem, naming the field) without retrying', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const r = await call(
      'POST',
      '/api/v1/jobs',
      { kind: 'delivery-plan', input: { ...delivery.input, vans: [{ ...vans[0], shiftStart: 'soon' }] } },
      op,
    );
    expect(r.status).toBe(202);
    const done = await settled(call, r.body.id, op);
    expect(done).toMatchObject({
      state: 'failed',
      attempts: 1,
      error: { code: 'BAD_INPUT', status: 400, field: 'vans.0.shiftStart' },
    });
  });

  it('needs the permission of the mirrored route: 403 for a viewer, and for cancelling', async () => {
    const { call } = setup();
    const viewer = await bearer(raw, 'viewer', { org: 'acme' });
    const r = await call('POST', '/api/v1/jobs', delivery, viewer);
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/'plan'/);
    const up = await call('POST', '/api/v1/jobs/uploads?kind=import&format=csv', 'series,ts,value\n', viewer);
    expect(up.status).toBe(403);
    expect((await call('POST', '/api/v1/jobs', delivery)).status).toBe(401);
    // A job queued by an operator is seen by the viewer of the organisation, who may not cancel it.
    await queue.stop();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const job = (await call('POST', '/api/v1/jobs', delivery, op)).body;
    expect((await call('GET', `/api/v1/jobs/${job.id}`, undefined, viewer)).status).toBe(200);
    expect((await call('POST', `/api/v1/jobs/${job.id}/cancel`, undefined, viewer)).status).toBe(403);
  });

  it('shows a job of site A to its organisation and site A, never to site B or another organisation', async () => {
    const { call } = setup();
    await queue.stop();
    const siteA = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const job = (await call('POST', '/api/v1/jobs', delivery, siteA)).body;
    const see = async (h: Record<string, string>) => ({
      one: (await call('GET', `/api/v1/jobs/${job.id}`, undefined, h)).status,
      list: (await call('GET', '/api/v1/jobs', undefined, h)).body.jobs.length,
    });
    expect(await see(siteA)).toEqual({ one: 200, list: 1 });
    expect(await see(await bearer(raw, 'viewer', { org: 'acme', sites: ['plant1'] }))).toEqual({
      one: 200,
      list: 1,
    });
    expect(await see(await bearer(raw, 'admin', { org: 'acme' }))).toEqual({ one: 200, list: 1 });
    const siteB = await bearer(raw, 'admin', { org: 'acme', sites: ['plant2'] });
    expect(await see(siteB)).toEqual({ one: 404, list: 0 });
    // Reading hides the job; a write out of scope is refused as everywhere (403).
    expect((await call('POST', `/api/v1/jobs/${job.id}/cancel`, undefined, siteB)).status).toBe(403);
    expect(await see(await bearer(raw, 'admin', { org: 'beta' }))).toEqual({ one: 404, list: 0 });
  });

  it('cancels a queued job; cancelling it again is a conflict', async () => {
    const { call } = setup();
    await queue.stop();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const job = (await call('POST', '/api/v1/jobs', delivery, op)).body;
    const c = await call('POST', `/api/v1/jobs/${job.id}/cancel`, undefined, op);
    expect([c.status, c.body.state]).toEqual([200, 'cancelled']);
    const again = await call('POST', `/api/v1/jobs/${job.id}/cancel`, undefined, op);
    expect(again.status).toBe(409);
    expect((await call('POST', '/api/v1/jobs/nope/cancel', undefined, op)).status).toBe(404);
  });

  it('refuses an upload larger than a job stores with 413, naming the body', async () => {
    const { request } = createTestApp(raw, {
      now: T,
      web: false,
      auth: { mode: 'keys', loopbackOnly: true },
      jobs: queue,
      limits: resolveLimits({ bodyBytes: { imports: 64 } }),
    });
    const op = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const csv = `series,ts,value\n${'plant1/press/temp,2024-01-01T00:00:00Z,20\n'.repeat(4)}`;
    const res = await request('POST', '/api/v1/jobs/uploads?kind=import&name=big.csv', csv, {
      ...op,
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(413);
    const problem = await res.json();
    expect(problem).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', field: '(body)' });
    expect(JSON.stringify(problem)).toContain('the most a job stores');
  });

  it('imports an uploaded file stored with the job, in the submitter scope', async () => {
    const { call, request } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme', sites: ['plant1'] });
    const csv =
      'series,ts,value\nplant1/press/temp,2024-01-01T00:00:00Z,20\nplant1/press/temp,2024-01-01T00:01:00Z,21\n';
    const res = await request('POST', '/api/v1/jobs/uploads?kind=import&name=p.csv', csv, {
      ...op,
      'content-type': 'text/csv',
    });
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string; uploadBytes: number };
    expect(job.uploadBytes).toBe(Buffer.byteLength(csv));
    const done = await settled(call, job.id, op);
    expect(done).toMatchObject({ state: 'succeeded', result: { accepted: 2, file: 'p.csv' } });
    expect((await raw.queryPoints('plant1/press/temp', { from: 0, to: Date.UTC(2025, 0, 1) })).length).toBe(
      2,
    );
    // Out of scope: the import fails as the synchronous route would (403 naming the row).
    const out = (
      await call(
        'POST',
        '/api/v1/jobs/uploads?kind=import',
        'series,ts,value\nplant2/oven/temp,2024-01-01T00:00:00Z,1\n',
        {
          ...op,
          'content-type': 'text/csv',
        },
      )
    ).body;
    expect(await settled(call, out.id, op)).toMatchObject({ state: 'failed', error: { code: 'FORBIDDEN' } });
    const elsewhere = await call('POST', '/api/v1/jobs/uploads?kind=import&asset=plant2/oven', 'x', op);
    expect([elsewhere.status, elsewhere.body.field]).toEqual([403, 'query.asset']);
    const bad = await call('POST', '/api/v1/jobs/uploads?kind=import&format=pdf', 'x', op);
    expect([bad.status, bad.body.field]).toEqual([400, 'query.format']);
  });

  it('trains a RUL model on an uploaded CSV in a worker thread, tracking the run in the submitter organisation', async () => {
    const { call, request } = setup();
    const eng = await bearer(raw, 'engineer', { org: 'acme' });
    const csv = syntheticRunCsv({ units: 12, seed: 21 }).text;
    const upload = (h: Record<string, string>, q: string, body = csv) =>
      request('POST', `/api/v1/jobs/uploads?kind=rul-train&${q}`, body, { ...h, 'content-type': 'text/csv' });
    const op = await bearer(raw, 'operator', { org: 'acme' });
    expect((await upload(op, 'name=pumps.csv')).status).toBe(403);
    const bad = await upload(eng, 'name=pumps.csv&rounds=many');
    expect([bad.status, ((await bad.json()) as { field: string }).field]).toEqual([400, 'query.rounds']);
    const res = await upload(eng, 'name=pumps.csv&rounds=20&register=pumps');
    expect(res.status).toBe(202);
    const job = (await res.json()) as { id: string };
    const done = await settled(call, job.id, eng);
    expect(done).toMatchObject({
      state: 'succeeded',
      result: { format: 'csv', units: 12, registered: { name: 'pumps', version: 1 } },
    });
    const runInfo = await call('GET', `/api/v1/runs/${done.result.runId}`, undefined, eng);
    expect([runInfo.status, runInfo.body.status]).toEqual([200, 'finished']);
    expect(
      (await call('GET', `/api/v1/runs/${done.result.runId}`, undefined, await bearer(raw, 'admin'))).status,
    ).toBe(404);
    // A file that is not run-to-failure data fails naming it, and the failed run is recorded.
    const junk = (await (await upload(eng, 'name=junk.csv', 'a,b\n1,2\n')).json()) as { id: string };
    const failed = await settled(call, junk.id, eng);
    expect(failed).toMatchObject({ state: 'failed', error: { code: 'BAD_INPUT', status: 400 } });
    expect(failed.error.field).toMatch(/^junk\.csv/);
    expect(failed.error.message).toMatch(/problem\(s\) in junk\.csv/);
  });

  it('runs a job with the submitter as it is now: a key revoked after queueing fails the job', async () => {
    const { call } = setup();
    await queue.stop();
    const { record, secret } = await createApiKey(raw, { name: 'night', role: 'operator', org: 'acme' }, T);
    const job = (await call('POST', '/api/v1/jobs', delivery, { authorization: `Bearer ${secret}` })).body;
    await raw.revokeApiKey(record.id);
    const later = createJobQueue({ jobs: raw.jobs, clock: systemClock, logger: silentLogger, pollMs: 10 });
    createTestApp(raw, { now: T, web: false, auth: { mode: 'keys', loopbackOnly: true }, jobs: later });
    later.start();
    try {
      const done = await settled(call, job.id, await bearer(raw, 'admin', { org: 'acme' }));
      expect(done).toMatchObject({ state: 'failed', error: { code: 'FORBIDDEN', field: 'authorization' } });
      expect(done.error.message).toMatch(/revoked/);
    } finally {
      await later.stop();
    }
  });
});
