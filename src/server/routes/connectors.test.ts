import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger, systemClock } from '../../core/index.js';
import { createIngestPipeline } from '../../ingest/index.js';
import { float32Words, startModbusServer } from '../../ingest/modbus/modbus-server.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createLocalLeases } from '../cluster/leases.js';
import { createConnectorManager } from '../connectors/connector-manager.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const modbus = (port: number) => ({
  kind: 'modbus',
  name: 'Meter',
  config: {
    devices: [
      {
        host: '127.0.0.1',
        port,
        asset: 'plant/meter1',
        map: {
          groups: { fast: 200 },
          registers: [{ metric: 'voltage', table: 'input', address: 0, type: 'float32', unit: 'V' }],
        },
        retries: 0,
      },
    ],
  },
});

describe('/api/v1/connectors', () => {
  it('declares a Modbus connector that the manager runs under its lease, with live status', async () => {
    const server = await startModbusServer();
    const [a, b] = float32Words(229.5);
    server.input.set(0, a).set(1, b);
    const leases = createLocalLeases('node-1');
    const pipeline = createIngestPipeline({ store: raw, clock: systemClock, logger: silentLogger });
    const connectors = createConnectorManager({
      store: raw,
      pipeline,
      leases,
      clock: systemClock,
      logger: silentLogger,
      broker: () => undefined,
      pkiFolder: '/nonexistent',
    });
    const { call } = createTestApp(raw, {
      now: T0,
      web: false,
      connectors,
      cluster: { nodeId: 'node-1', nats: false, leases },
    });
    try {
      const put = await call('PUT', '/api/v1/connectors/meter1', modbus(server.port));
      expect(put.status).toBe(200);
      expect(put.body).toMatchObject({ id: 'meter1', kind: 'modbus', enabled: true });
      expect(leases.holds('connector.meter1')).toBe(true);
      for (let i = 0; i < 200 && !(await raw.getSeries('plant/meter1/voltage')); i++)
        await new Promise((r) => setTimeout(r, 25));
      expect((await raw.latest(['plant/meter1/voltage'])).get('plant/meter1/voltage')?.value).toBeCloseTo(
        229.5,
      );
      const list = await call('GET', '/api/v1/connectors');
      expect(list.body.connectors[0]).toMatchObject({
        id: 'meter1',
        kind: 'modbus',
        state: 'running',
        node: 'node-1',
        errors: 0,
      });
      expect(list.body.connectors[0].lastValueAt).toEqual(expect.any(Number));
      expect((await call('DELETE', '/api/v1/connectors/meter1')).status).toBe(204);
      expect(leases.holds('connector.meter1')).toBe(false);
      expect((await call('GET', '/api/v1/connectors')).body).toEqual({ connectors: [] });
    } finally {
      await connectors.close();
      await leases.close();
      await server.close();
    }
  });

  it('refuses malformed declarations naming the field', async () => {
    const { call } = createTestApp(raw, { now: T0, web: false });
    const bad = await call('PUT', '/api/v1/connectors/x1', {
      kind: 'opcua',
      config: { endpoint: 'http://x', items: [] },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('endpoint');
    expect((await call('PUT', '/api/v1/connectors/Bad%20Id', modbus(502))).status).toBe(400);
    expect((await call('PUT', '/api/v1/connectors/x2', '{not json')).status).toBe(400);
    const wrongType = modbus(502);
    (wrongType.config.devices[0]!.map.registers[0] as { type: string }).type = 'float64';
    expect((await call('PUT', '/api/v1/connectors/x3', wrongType)).status).toBe(400);
    expect((await call('DELETE', '/api/v1/connectors/none')).status).toBe(404);
  });

  it('permissions: read to list, series:manage and an unrestricted scope to declare, read or remove', async () => {
    const { call } = createTestApp(raw, { now: T0, web: false, auth: { mode: 'keys', loopbackOnly: true } });
    await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const viewer = await createApiKey(raw, { name: 'wall', role: 'viewer' }, T0);
    const device = await createApiKey(raw, { name: 'gw', role: 'device', asset: 'plant/press' }, T0);
    const engineer = await createApiKey(raw, { name: 'eng', role: 'engineer' }, T0);
    const siteEngineer = await createApiKey(raw, { name: 'eng2', role: 'engineer', sites: ['plant'] }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    expect((await call('GET', '/api/v1/connectors')).status).toBe(401);
    expect((await call('GET', '/api/v1/connectors', undefined, as(device))).status).toBe(403);
    expect((await call('GET', '/api/v1/connectors', undefined, as(viewer))).status).toBe(200);
    expect((await call('PUT', '/api/v1/connectors/m1', modbus(502), as(viewer))).status).toBe(403);
    expect((await call('PUT', '/api/v1/connectors/m1', modbus(502), as(siteEngineer))).status).toBe(403);
    expect((await call('PUT', '/api/v1/connectors/m1', modbus(502), as(engineer))).status).toBe(200);
    expect((await call('GET', '/api/v1/connectors/m1', undefined, as(viewer))).status).toBe(403);
    expect((await call('GET', '/api/v1/connectors/m1', undefined, as(engineer))).status).toBe(200);
    expect((await call('GET', '/api/v1/connectors/m1', undefined, as(siteEngineer))).status).toBe(404);
    const listed = await call('GET', '/api/v1/connectors', undefined, as(viewer));
    expect(listed.body.connectors[0]).toMatchObject({ id: 'm1', state: 'stopped' });
    // Installation-wide: a principal limited to a site or another organisation lists none of them.
    await raw.createOrg({ id: 'beta', name: 'Beta', createdAt: T0 });
    const other = await createApiKey(raw, { name: 'beta', role: 'viewer', org: 'beta' }, T0);
    for (const k of [siteEngineer, other]) {
      const r = await call('GET', '/api/v1/connectors', undefined, as(k));
      expect(r.status).toBe(200);
      expect(r.body.connectors).toEqual([]);
    }
    expect((await call('DELETE', '/api/v1/connectors/m1', undefined, as(siteEngineer))).status).toBe(403);
    expect((await call('DELETE', '/api/v1/connectors/m1', undefined, as(engineer))).status).toBe(204);
  });
});
