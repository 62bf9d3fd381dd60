import { OpenAPIHono } from '@hono/zod-openapi';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PERMISSIONS, type Role } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createTestApp } from '../test-app.fixture.js';
import { generateApiKey, hashApiKey } from './api-key.js';
import { assertEveryRouteGuarded, guard, routeAccess } from './guard.js';

const T0 = Date.UTC(2024, 0, 1);
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
let raw: Store;

beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

interface Operation {
  'x-permission'?: string;
  security?: Array<Record<string, string[]>>;
}

const setup = () => createTestApp(raw, { now: T0, auth: { mode: 'keys', loopbackOnly: true } });

/** `/api/v1/series/{id}` → `/api/v1/series/:id`, the way Hono lists routes. */
const honoPath = (openapi: string): string => openapi.replace(/\{([^}]+)\}/g, ':$1');

describe('route permissions', () => {
  it('every operation of the OpenAPI document declares a permission and its security', async () => {
    const { call } = setup();
    const { body: doc } = await call('GET', '/api/openapi.json');
    const access = routeAccess(setup().app);
    let n = 0;
    for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, Operation>>)) {
      for (const method of METHODS) {
        const op = item[method];
        if (!op) continue;
        n++;
        const where = `${method.toUpperCase()} ${path}`;
        const permission = op['x-permission'];
        expect([...PERMISSIONS, 'public'], where).toContain(permission);
        if (permission === 'public') expect(op.security, where).toEqual([]);
        else expect(op.security, where).toEqual([{ bearer: [] }, { session: [] }]);
        // What the document says is what the server enforces.
        expect(access.get(`${method.toUpperCase()} ${honoPath(path)}`), where).toBe(permission);
      }
    }
    expect(n).toBeGreaterThan(80);
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
    expect(doc.components.securitySchemes).toHaveProperty('session');
  });

  it('every route registered in the app, documented or not (SSE, raw handlers, static files), has a guard', () => {
    const access = routeAccess(setup().app);
    const missing = [...access].filter(([, a]) => a === undefined);
    expect(missing).toEqual([]);
    // The hand-registered routes are among them, with their permission.
    expect(access.get('POST /api/v1/points')).toBe('data:write');
    expect(access.get('POST /api/v1/imports')).toBe('data:write');
    expect(access.get('GET /api/v1/stream')).toBe('read');
    expect(access.get('GET /api/openapi.json')).toBe('public');
    expect(access.get('GET /api/v1/health')).toBe('public');
    expect(access.get('POST /api/v1/control/loops/:id/setpoint')).toBe('loops:operate');
    expect(access.get('POST /api/v1/control/loops/:id/tuning')).toBe('loops:configure');
    expect(access.get('POST /api/v1/alarms/ack')).toBe('alarms:ack');
    expect(access.get('GET /api/v1/ledger/audit')).toBe('ledger:manage');
    expect(access.get('POST /api/v1/keys')).toBe('access:manage');
  });

  it('refuses to build an app with a route that declares nothing', () => {
    const app = new OpenAPIHono();
    app.get('/api/v1/declared', guard('read'), (c) => c.text('ok'));
    app.use('/api/*', async (_c, next) => next());
    expect(() => assertEveryRouteGuarded(app)).not.toThrow();
    app.post('/api/v1/forgotten', (c) => c.text('oops'));
    expect(() => assertEveryRouteGuarded(app)).toThrow(/POST \/api\/v1\/forgotten/);
  });

  it('checks the permission, not the role: 401 anonymous, 403 naming permission and role', async () => {
    const { call } = setup();
    const keys = {} as Record<Role, Record<string, string>>;
    for (const role of ['viewer', 'operator', 'engineer', 'device', 'admin'] as const) {
      const secret = generateApiKey();
      const asset = role === 'device' ? 'plant1/a' : null;
      await raw.createApiKey({ name: role, role, hash: hashApiKey(secret), createdAt: T0, asset });
      keys[role] = { authorization: `Bearer ${secret}` };
    }
    const anon = await call('GET', '/api/v1/series');
    expect(anon.status).toBe(401);
    expect(anon.body.code).toBe('UNAUTHENTICATED');
    expect((await call('GET', '/api/v1/health')).status).toBe(200);

    const reading = [{ series: 'plant1/a/temp', ts: T0, value: 1 }];
    const denied = await call('POST', '/api/v1/points', reading, keys.viewer);
    expect(denied.status).toBe(403);
    expect(denied.body.code).toBe('FORBIDDEN');
    expect(denied.body.detail).toContain("'data:write'");
    expect(denied.body.detail).toContain("'viewer'");

    // A device writes data but reads nothing.
    expect((await call('POST', '/api/v1/points', reading, keys.device)).status).toBe(200);
    expect((await call('GET', '/api/v1/series', undefined, keys.device)).status).toBe(403);
    // Operators operate loops but do not configure them; engineers do.
    const loop = {
      id: 'plant1/oven',
      pvSeries: 'plant1/a/temp',
      opTopic: 'xinzhi/cmd/plant1/oven',
      tuning: { kc: 1 },
    };
    const op = await call('POST', '/api/v1/control/loops', loop, keys.operator);
    expect(op.status).toBe(403);
    expect(op.body.detail).toContain("'loops:configure'");
    // The permission check comes before body validation: a refused request reveals nothing of its schema.
    expect((await call('POST', '/api/v1/control/loops', {}, keys.operator)).status).toBe(403);
    expect((await call('POST', '/api/v1/control/loops', {}, keys.engineer)).status).toBe(400);
    // Only admins manage access and the ledger's organisations.
    expect((await call('GET', '/api/v1/keys', undefined, keys.engineer)).status).toBe(403);
    expect((await call('GET', '/api/v1/keys', undefined, keys.admin)).status).toBe(200);
    expect((await call('POST', '/api/v1/ledger/orgs', { name: 'acme' }, keys.engineer)).status).toBe(403);
  });
});
