import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEST_OVEN as OVEN } from '../../control/loop/oven-plant.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createLoopTestApp } from '../control/loop-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const ID = 'plant1/oven1/TIC-101';
const path = (s = '') => `/api/v1/control/loops/${encodeURIComponent(ID)}${s}`;

function setup(authMode: 'none' | 'keys' = 'none') {
  const { request, sched, loops } = createLoopTestApp(raw, { t0: T0, authMode });
  return { call: request, sched, loops };
}

const create = {
  id: ID,
  pvSeries: 'plant1/oven1/temp',
  sampleTimeMs: 1000,
  setpoint: 100,
  manualOutput: 40,
  tuning: { kc: 1, ti: 120 },
  plant: OVEN,
};

describe('control routes', () => {
  it('creates a loop that reads its PV from ingested points, and audits every operator change', async () => {
    const { call, sched, loops } = setup();
    const res = await call('POST', '/api/v1/control/loops', { ...create, user: 'alice' });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({
      id: ID,
      mode: 'manual',
      op: 40,
      config: { tuning: { ti: 120, n: 10 } },
    });
    expect((await call('POST', '/api/v1/control/loops', create)).status).toBe(409);

    // A point ingested through the API reaches the loop over the live bus.
    const ing = await call('POST', '/api/v1/points', [
      { series: 'plant1/oven1/temp', ts: T0 + 500, value: 98.5, unit: 'Cel' },
    ]);
    expect(ing.status).toBe(200);
    sched.advance(1000);
    const view = (await (await call('GET', path())).json()) as { pv: { value: number }; status: string };
    expect(view).toMatchObject({ pv: { value: 98.5 }, status: 'ok' });

    expect(
      (await call('POST', path('/mode'), { mode: 'auto', user: 'bob', reason: 'start-up' })).status,
    ).toBe(200);
    expect((await call('POST', path('/setpoint'), { value: 110 })).status).toBe(200);
    const tu = await call('POST', path('/tuning'), { kc: 2.9, ti: 49.3, user: 'carol' });
    expect(await tu.json()).toMatchObject({ config: { tuning: { kc: 2.9, ti: 49.3 } } });
    expect((await call('POST', path('/output'), { value: 10 })).status).toBe(409); // auto: no manual output
    expect((await call('POST', path('/limits'), { outMax: 80, rateLimit: null })).status).toBe(200);
    const patched = await call('PATCH', path(), { description: 'oven 1', user: 'dave' });
    expect(await patched.json()).toMatchObject({ mode: 'auto', config: { description: 'oven 1' } });

    const audit = (await (await call('GET', path('/audit'))).json()) as {
      entries: Array<{ who: string; what: string; old: unknown; new: unknown; reason?: string }>;
    };
    // Who is the authenticated principal (here the open --no-auth server), never the `user` sent.
    expect(audit.entries.map((e) => [e.what, e.who])).toEqual([
      ['created', 'open'],
      ['mode', 'open'],
      ['setpoint', 'open'],
      ['tuning', 'open'],
      ['limits', 'open'],
      ['config', 'open'],
    ]);
    // The names clients sent survive only as labelled comments in the audit log.
    const comments = (await raw.listAudit({ action: 'loop.' })).map((a) => a.comment).filter(Boolean);
    expect(comments).toEqual([
      'client-supplied name: dave',
      'client-supplied name: carol',
      'client-supplied name: bob',
      'client-supplied name: alice',
    ]);
    expect(audit.entries[1]).toMatchObject({
      old: { mode: 'manual' },
      new: { mode: 'auto' },
      reason: 'start-up',
    });
    expect(audit.entries[2]).toMatchObject({ old: 100, new: 110 });

    const hist = (await (await call('GET', path('/history?limit=5'))).json()) as {
      samples: Array<{ pv: number | null }>;
    };
    expect(hist.samples.length).toBeGreaterThan(0);
    expect(hist.samples[0]?.pv).toBe(98.5);
    const list = (await (await call('GET', '/api/v1/control/loops')).json()) as { loops: unknown[] };
    expect(list.loops).toHaveLength(1);
    loops.stopAll();
  });

  it('runs the tuning assistant on a copy of the plant model', async () => {
    const { call, loops } = setup();
    await call('POST', '/api/v1/control/loops', create);
    const res = await call('POST', path('/assistant'), { test: 'step', rule: 'simc' });
    expect(res.status).toBe(200);
    const r = (await res.json()) as {
      model: { gain: number };
      proposed: { kc: number; ti: number };
      comparison: { current: { metrics: { iae: number } }; proposed: { metrics: { iae: number } } };
    };
    expect(r.model.gain).toBeCloseTo(2, 1);
    expect(r.comparison.proposed.metrics.iae).toBeLessThan(r.comparison.current.metrics.iae);
    // Nothing changed on the loop.
    expect(await (await call('GET', path())).json()).toMatchObject({ config: { tuning: { kc: 1 } } });
    loops.stopAll();
  });

  it('names the field of bad input, 404s unknown loops, and needs the operator role to write', async () => {
    const { call, loops } = setup('keys');
    const { secret: admin } = await createApiKey(raw, { name: 'a', role: 'admin' }, T0);
    const { secret: viewer } = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const as = (s: string) => ({ authorization: `Bearer ${s}` });
    const bad = await call('POST', '/api/v1/control/loops', { ...create, tuning: {} }, as(admin));
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('kc');
    const badT = await call('POST', '/api/v1/control/loops', { ...create, sampleTimeMs: -1 }, as(admin));
    expect(badT.status).toBe(400);
    expect((await call('POST', '/api/v1/control/loops', create, as(viewer))).status).toBe(403);
    expect((await call('POST', '/api/v1/control/loops', create, as(admin))).status).toBe(201);
    expect((await call('GET', path(), undefined, as(viewer))).status).toBe(200);
    expect((await call('GET', '/api/v1/control/loops/nope', undefined, as(viewer))).status).toBe(404);
    expect((await call('POST', path('/setpoint'), { value: 'hot' }, as(admin))).status).toBe(400);
    expect((await call('POST', path('/tuning'), {}, as(admin))).status).toBe(400);
    const noPlant = await call(
      'POST',
      '/api/v1/control/loops',
      { ...create, id: 'x/y', plant: null },
      as(admin),
    );
    expect(noPlant.status).toBe(201);
    const a = await call('POST', '/api/v1/control/loops/x%2Fy/assistant', { test: 'step' }, as(admin));
    expect(a.status).toBe(400);
    const doc = (await (await call('GET', '/api/openapi.json', undefined, as(viewer))).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(doc.paths)).toContain('/api/v1/control/loops/{id}/assistant');
    loops.stopAll();
  });

  it.each([
    [{ opTopic: 'xinzhi/cmd/+/heater' }, 'opTopic'],
    [{ opTopic: 'xinzhi/cmd/#' }, 'opTopic'],
    [{ opTopic: '$SYS/broker/clients' }, 'opTopic'],
    [{ opTopic: 'xinzhi/v1/plant1/oven1/temp' }, 'opTopic'],
    [{ opTopic: 'xinzhi/cmd//x' }, 'opTopic'],
    [{ opTopic: 42 }, 'opTopic'],
    [{ sampleTimeMs: 1 }, 'sampleTimeMs'],
    [{ sampleTimeMs: 99.9 }, 'sampleTimeMs'],
    [{ sampleTimeMs: 86_400_000 }, 'sampleTimeMs'],
    [{ sampleTimeMs: '1000' }, 'sampleTimeMs'],
    [{ staleAfterMs: 0 }, 'staleAfterMs'],
    [{ antiWindup: 'clamping' }, 'antiWindup'],
  ])('refuses a malformed loop %j with 400 naming %s, on create and on PATCH', async (change, field) => {
    const { call, loops } = setup();
    const bad = await call('POST', '/api/v1/control/loops', { ...create, ...change });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    expect(await bad.json()).toMatchObject({ code: 'BAD_INPUT', field });
    expect(loops.list()).toHaveLength(0);
    expect((await call('POST', '/api/v1/control/loops', create)).status).toBe(201);
    const patch = await call('PATCH', path(), change);
    expect(patch.status).toBe(400);
    expect(await patch.json()).toMatchObject({ field });
    expect((await (await call('GET', path())).json()) as object).toMatchObject({
      config: { opTopic: null, sampleTimeMs: 1000 },
    });
    loops.stopAll();
  });

  it('takes every anti-windup method the controller has', async () => {
    const { call, loops } = setup();
    for (const [i, antiWindup] of ['none', 'clamp', 'conditional', 'back-calculation'].entries()) {
      const res = await call('POST', '/api/v1/control/loops', { ...create, id: `${ID}-${i}`, antiWindup });
      expect(res.status).toBe(201);
      expect(((await res.json()) as { config: { antiWindup: string } }).config.antiWindup).toBe(antiWindup);
    }
    loops.stopAll();
  });

  it('DELETE stops and removes a loop, audited with who and why; a second DELETE is 404', async () => {
    const { call, loops, sched } = setup();
    expect(
      (await call('POST', '/api/v1/control/loops', { ...create, opTopic: 'xinzhi/cmd/plant1/oven1/heater' }))
        .status,
    ).toBe(201);
    sched.advance(2000);
    const del = await call('DELETE', `${path()}?user=alice&reason=replaced`);
    expect(del.status).toBe(204);
    expect(loops.get(ID)).toBeUndefined();
    expect((await call('GET', path())).status).toBe(404);
    expect(
      ((await (await call('GET', '/api/v1/control/loops')).json()) as { loops: unknown[] }).loops,
    ).toEqual([]);
    expect(await raw.listDocs('control.loops')).toEqual([]);
    const audit = (
      await raw.listDocs<{ what: string; who: string; reason?: string }>('control.audit', `${ID}/`)
    ).map((d) => d.doc);
    // The authenticated principal (open mode here) is who; the name the client sent is only a comment.
    expect(audit.at(-1)).toMatchObject({ what: 'deleted', who: 'open', reason: 'replaced' });
    expect((await raw.listAudit({ action: 'loop.delete' }))[0]?.comment).toBe('client-supplied name: alice');
    expect((await call('DELETE', path())).status).toBe(404);
  });

  it('DELETE needs a writing role', async () => {
    const { call, loops } = setup('keys');
    const { secret: admin } = await createApiKey(raw, { name: 'a', role: 'admin' }, T0);
    const { secret: viewer } = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const as = (s: string) => ({ authorization: `Bearer ${s}` });
    expect((await call('POST', '/api/v1/control/loops', create, as(admin))).status).toBe(201);
    expect((await call('DELETE', path(), undefined, as(viewer))).status).toBe(403);
    expect(loops.get(ID)).toBeDefined();
    expect((await call('DELETE', path(), undefined, as(admin))).status).toBe(204);
  });
});
