/**
 * Wiring a loop's output to an OPC UA node over HTTP: the same permission as changing a loop
 * (`loops:configure`), installation-wide principals only, the node must be on the connector's
 * writable list, and malformed targets are refused naming the field. A loop whose target cannot be
 * written shows `op-failed` with the reason and audits the outage.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { XinzhiError } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { type ConnectorSpec, connectorCollection } from '../connectors/connector-spec.js';
import { createLoopTestApp } from '../control/loop-app.fixture.js';
import type { NodeWrite } from '../control/wiring.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  const plc: ConnectorSpec = {
    id: 'press-plc',
    kind: 'opcua',
    enabled: false,
    updatedAt: T0,
    config: {
      endpoint: 'opc.tcp://127.0.0.1:4840',
      securityMode: 'None',
      items: [{ nodeId: 'ns=1;s=Press.Temp', seriesId: 'plant1/press/temp' }],
      samplingIntervalMs: 1000,
      publishingIntervalMs: 1000,
      maxItemsPerSubscription: 1000,
      writable: ['ns=1;s=Press.Valve'],
      minWriteIntervalMs: 500,
    },
  };
  await connectorCollection.put(raw, plc.id, plc);
  await connectorCollection.put(raw, 'meter', {
    id: 'meter',
    kind: 'sparkplug',
    enabled: false,
    updatedAt: T0,
    config: { broker: 'embedded' },
  });
});
afterEach(() => raw.close());

const ID = 'plant1/press/TIC-7';
const path = (s = '') => `/api/v1/control/loops/${encodeURIComponent(ID)}${s}`;
const NODE = { connector: 'press-plc', nodeId: 'ns=1;s=Press.Valve' };
const create = {
  id: ID,
  pvSeries: 'plant1/press/temp',
  sampleTimeMs: 1000,
  setpoint: 100,
  manualOutput: 40,
  tuning: { kc: 1, ti: 120 },
  limits: { outMin: 0, outMax: 80 },
};

function setup(authMode: 'none' | 'keys', writeNode?: NodeWrite) {
  const { request, sched, loops } = createLoopTestApp(raw, {
    t0: T0,
    authMode,
    ...(writeNode ? { writeNode } : {}),
  });
  return { call: request, sched, loops };
}

describe('loop output to an OPC UA node', () => {
  it('writes the clamped output through the connector and reports a failing write on status and audit', async () => {
    const writes: Array<[string, string, number, { min: number; max: number }]> = [];
    let down = false;
    const { call, sched, loops } = setup('none', async (c, n, v, l) => {
      if (down) throw new XinzhiError('UNAVAILABLE', `OPC UA link is down; ${n} not written`);
      writes.push([c, n, v, l]);
    });
    const res = await call('POST', '/api/v1/control/loops', { ...create, opNode: NODE });
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ config: { opNode: NODE }, opError: null });
    sched.advance(1000);
    await Promise.resolve();
    expect(writes.at(-1)).toEqual(['press-plc', 'ns=1;s=Press.Valve', 40, { min: 0, max: 80 }]);

    down = true;
    sched.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    const failing = (await (await call('GET', path())).json()) as { status: string; opError: string };
    expect(failing.status).toBe('op-failed');
    expect(failing.opError).toMatch(/link is down/);

    down = false;
    sched.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    expect(((await (await call('GET', path())).json()) as { opError: unknown }).opError).toBeNull();
    const audit = (await (await call('GET', path('/audit'))).json()) as {
      entries: Array<{ what: string; who: string; new: { error: string | null } }>;
    };
    const outage = audit.entries.filter((e) => e.what.startsWith('op-'));
    expect(outage.map((e) => e.what)).toEqual(['op-failed', 'op-restored']);
    expect(outage[0]).toMatchObject({ who: 'system', new: { error: expect.stringMatching(/link is down/) } });
    loops.stopAll();
  });

  it('reports op-failed when the server runs no connectors, without crashing', async () => {
    const { call, sched, loops } = setup('none');
    expect((await call('POST', '/api/v1/control/loops', { ...create, opNode: NODE })).status).toBe(201);
    sched.advance(1000);
    await new Promise((r) => setTimeout(r, 0));
    expect(await (await call('GET', path())).json()).toMatchObject({
      status: 'op-failed',
      opError: expect.stringMatching(/no connectors/),
    });
    loops.stopAll();
  });

  it('needs loops:configure and an installation-wide principal to set a target', async () => {
    const { call, loops } = setup('keys', async () => undefined);
    const { secret: engineer } = await createApiKey(raw, { name: 'e', role: 'engineer' }, T0);
    const { secret: operator } = await createApiKey(raw, { name: 'o', role: 'operator' }, T0);
    const { secret: viewer } = await createApiKey(raw, { name: 'v', role: 'viewer' }, T0);
    const { secret: siteEngineer } = await createApiKey(
      raw,
      { name: 's', role: 'engineer', sites: ['plant1'] },
      T0,
    );
    const as = (s: string) => ({ authorization: `Bearer ${s}` });
    const body = { ...create, opNode: NODE };
    expect((await call('POST', '/api/v1/control/loops', body, as(viewer))).status).toBe(403);
    expect((await call('POST', '/api/v1/control/loops', body, as(operator))).status).toBe(403);
    const scoped = await call('POST', '/api/v1/control/loops', body, as(siteEngineer));
    expect(scoped.status).toBe(403);
    expect(await scoped.json()).toMatchObject({ field: 'opNode' });
    expect(loops.list()).toHaveLength(0);

    // A loop without a target, then the target set by PATCH: the same rules.
    expect((await call('POST', '/api/v1/control/loops', create, as(siteEngineer))).status).toBe(201);
    expect((await call('PATCH', path(), { opNode: NODE }, as(operator))).status).toBe(403);
    expect((await call('PATCH', path(), { opNode: NODE }, as(siteEngineer))).status).toBe(403);
    expect(loops.require(ID).config.opNode).toBeNull();
    const ok = await call('PATCH', path(), { opNode: NODE }, as(engineer));
    expect(ok.status).toBe(200);
    expect(loops.require(ID).config.opNode).toEqual(NODE);
    // Removing the target is a change of the loop too.
    expect((await call('PATCH', path(), { opNode: null }, as(operator))).status).toBe(403);
    expect((await call('PATCH', path(), { opNode: null }, as(engineer))).status).toBe(200);
    expect(loops.require(ID).config.opNode).toBeNull();
    loops.stopAll();
  });

  it('refuses a node not on the connector writable list, and an unknown or non-OPC UA connector', async () => {
    const { call, loops } = setup('none', async () => undefined);
    const notAllowed = await call('POST', '/api/v1/control/loops', {
      ...create,
      opNode: { connector: 'press-plc', nodeId: 'ns=1;s=Press.Temp' },
    });
    expect(notAllowed.status).toBe(403);
    expect(await notAllowed.json()).toMatchObject({ field: 'opNode.nodeId' });
    const unknown = await call('POST', '/api/v1/control/loops', {
      ...create,
      opNode: { connector: 'nope', nodeId: 'ns=1;s=Press.Valve' },
    });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ field: 'opNode.connector' });
    const sparkplug = await call('POST', '/api/v1/control/loops', {
      ...create,
      opNode: { connector: 'meter', nodeId: 'ns=1;s=Press.Valve' },
    });
    expect(sparkplug.status).toBe(400);
    expect(await sparkplug.json()).toMatchObject({ field: 'opNode.connector' });
    expect(loops.list()).toHaveLength(0);
  });

  it.each([
    [{ opNode: 'ns=1;s=Press.Valve' }],
    [{ opNode: { connector: 'press-plc' } }],
    [{ opNode: { nodeId: 'ns=1;s=Press.Valve' } }],
    [{ opNode: { connector: 'Press PLC', nodeId: 'ns=1;s=Press.Valve' } }],
    [{ opNode: { connector: 'press-plc', nodeId: '' } }],
    [{ opNode: { connector: 'press-plc', nodeId: 'x'.repeat(513) } }],
    [{ opNode: { connector: 'press-plc', nodeId: 'ns=1;s=Press\nValve' } }],
    [{ opNode: { ...NODE, extra: 1 } }],
    [{ opNode: [NODE] }],
  ])('refuses a malformed target %j with 400 naming opNode, on create and on PATCH', async (change) => {
    const { call, loops } = setup('none', async () => undefined);
    const bad = await call('POST', '/api/v1/control/loops', { ...create, ...change });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { field: string }).field).toMatch(/^opNode/);
    expect(loops.list()).toHaveLength(0);
    expect((await call('POST', '/api/v1/control/loops', create)).status).toBe(201);
    const patch = await call('PATCH', path(), change);
    expect(patch.status).toBe(400);
    expect(loops.require(ID).config.opNode).toBeNull();
    loops.stopAll();
  });
});
