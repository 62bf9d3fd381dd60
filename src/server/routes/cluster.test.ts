import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createLocalLeases, type Leases } from '../cluster/leases.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

describe('GET /api/v1/cluster', () => {
  it('a lone node: its id, no NATS, every lease held by itself', async () => {
    const leases = createLocalLeases('node-1');
    leases.hold('retention', { start() {}, stop() {} });
    leases.hold('loop/pump-1', { start() {}, stop() {} });
    const { call } = createTestApp(raw, {
      now: T0,
      web: false,
      cluster: { nodeId: 'node-1', nats: false, leases },
    });
    const r = await call('GET', '/api/v1/cluster');
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      nodeId: 'node-1',
      nats: false,
      leases: { retention: 'node-1', 'loop/pump-1': 'node-1' },
    });
    await leases.close();
  });

  it('needs the read permission: 401 without a key, 403 for a device key, 200 for a viewer', async () => {
    const { call } = createTestApp(raw, { now: T0, web: false, auth: { mode: 'keys', loopbackOnly: true } });
    await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const device = await createApiKey(raw, { name: 'gw', role: 'device', asset: 'plant1/press' }, T0);
    const viewer = await createApiKey(raw, { name: 'wall', role: 'viewer' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    expect((await call('GET', '/api/v1/cluster')).status).toBe(401);
    const refused = await call('GET', '/api/v1/cluster', undefined, as(device));
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toContain("permission 'read'");
    const ok = await call('GET', '/api/v1/cluster', undefined, as(viewer));
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual({ nodeId: 'local', nats: false, leases: {} });
  });

  it("loop leases (they name one organisation's plants) are shown to access managers only", async () => {
    const leases = createLocalLeases('node-1');
    leases.hold('retention', { start() {}, stop() {} });
    leases.hold('loop.acme-oven-1', { start() {}, stop() {} });
    const { call } = createTestApp(raw, {
      now: T0,
      web: false,
      auth: { mode: 'keys', loopbackOnly: true },
      cluster: { nodeId: 'node-1', nats: false, leases },
    });
    const admin = await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const viewer = await createApiKey(raw, { name: 'wall', role: 'viewer' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    const seen = await call('GET', '/api/v1/cluster', undefined, as(viewer));
    expect(seen.body.leases).toEqual({ retention: 'node-1' });
    const all = await call('GET', '/api/v1/cluster', undefined, as(admin));
    expect(all.body.leases).toEqual({ retention: 'node-1', 'loop.acme-oven-1': 'node-1' });
    await leases.close();
  });

  it('a lease bucket that cannot be read is a 503, not a crash', async () => {
    const broken: Leases = {
      ...createLocalLeases('n'),
      holders: () => Promise.reject(new Error('connection closed')),
    };
    const { call } = createTestApp(raw, {
      now: T0,
      web: false,
      cluster: { nodeId: 'n', nats: true, leases: broken },
    });
    const r = await call('GET', '/api/v1/cluster');
    expect(r.status).toBe(503);
    expect(r.body.code).toBe('NATS_UNREACHABLE');
  });
});
