/**
 * Every per-field problem of a failed Result reaches the HTTP client as the problem's `errors`:
 * the ledger, plan solving and model reading paths, and a job that mirrors a route.
 */
import { Hono } from 'hono';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, XinzhiError } from '../core/index.js';
import { manufacturing } from '../domains/index.js';
import { readModel } from '../optimize/index.js';
import { openSqliteStore, type Store } from '../store/index.js';
import { MirroredFailure } from './jobs/kinds.js';
import { jobErrorOf } from './jobs/queue.js';
import { errorToProblem, problem } from './problem.js';
import { createTestApp } from './test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

type Body = {
  status: number;
  code: string;
  field?: string;
  detail: string;
  errors?: { field: string; message: string }[];
};

describe('per-field problems over HTTP', () => {
  it('a ledger append with several bad fields names each one', async () => {
    const { call } = createTestApp(raw, { web: false });
    await call('POST', '/api/v1/ledger/orgs', { name: 'acme' });
    const r = await call<Body>('POST', '/api/v1/ledger/events', {
      org: 'acme',
      event: { type: 'ObjectEvent', eventTime: 'yesterday', eventTimeZoneOffset: 'noon', action: 'MOVE' },
    });
    expect(r.status).toBe(400);
    expect(r.body.code).toBe('BAD_INPUT');
    const fields = (r.body.errors ?? []).map((e) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['event.eventTime', 'event.action']));
    expect(fields.length).toBeGreaterThanOrEqual(3);
    expect(r.body.field).toBe(fields[0]);
    for (const e of r.body.errors ?? []) expect(e.message.length).toBeGreaterThan(0);
  });

  it('a plan with several bad fields names each one under `plan`', async () => {
    const { call } = createTestApp(raw, { web: false });
    const r = await call<Body>('POST', '/api/v1/plans', {
      plan: { ...manufacturing.EXAMPLE_PLAN, periods: 'W1', lines: [{ id: 'L1', hours: -3 }] },
    });
    expect(r.status).toBe(400);
    expect(r.body.errors?.map((e) => e.field)).toEqual(['plan.periods', 'plan.lines.0.hours']);
    expect(r.body.field).toBe('plan.periods');
  });

  it('a model that cannot be read lists every line at fault', async () => {
    const app = new Hono();
    app.onError((err, c) => errorToProblem(err, c, silentLogger));
    app.post('/solve', async (c) => c.json(readModel(await c.req.text(), 'bad.lp')));
    const res = await app.request('/solve', {
      method: 'POST',
      body: 'min: x + ;\nsubject to\n c1: x >= \nend\n',
    });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const body = (await res.json()) as Body;
    expect(body).toMatchObject({ code: 'BAD_INPUT', field: 'bad.lp', status: 400 });
    expect(body.errors?.map((e) => e.field)).toEqual(['line 1', 'line 1', 'line 3']);
    expect(body.detail).toMatch(/^bad\.lp: /);
  });

  it('a dependency that is down is 503, and a job keeps the problem a mirrored route answered', async () => {
    const app = new Hono();
    app.onError((err, c) => errorToProblem(err, c, silentLogger));
    app.get('/x', () => {
      throw new XinzhiError('UNAVAILABLE', 'no broker');
    });
    expect((await app.request('/x')).status).toBe(503);
    const mirrored = new MirroredFailure(
      problem(405, 'HTTP_405', 'method not allowed', { errors: [{ field: 'a', message: 'm' }] }),
    );
    expect(jobErrorOf(mirrored)).toMatchObject({
      code: 'HTTP_405',
      status: 405,
      errors: [{ field: 'a', message: 'm' }],
    });
  });
});
