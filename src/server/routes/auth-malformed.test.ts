import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const setup = () =>
  createTestApp(raw, {
    now: T0,
    auth: { mode: 'keys', loopbackOnly: true },
    passwordParams: { N: 1024, r: 8, p: 1 },
  });

describe('malformed sign-in, session, user and audit input', () => {
  it('answers bad sign-in bodies (and non-JSON types) with 400/415, never 500, and never signs in', async () => {
    const { request, call } = setup();
    await call('POST', '/api/v1/users', {
      username: 'ada',
      password: 'a long enough password',
      role: 'admin',
    });
    for (const [body, type] of [
      ['not json', 'application/json'],
      ['{"username":"ada"}', 'application/json'],
      ['{"username":"ada","password":"x","apiKey":"y"}', 'application/json'],
      ['{"username":42,"password":[]}', 'application/json'],
      ['[]', 'application/json'],
      ['username=ada&password=a+long+enough+password', 'application/x-www-form-urlencoded'],
      ['{"username":"ada","password":"a long enough password"}', 'text/plain'],
      [`{"username":"${'a'.repeat(300)}","password":"x"}`, 'application/json'],
    ] as const) {
      const res = await request('POST', '/api/v1/auth/login', body, { 'content-type': type });
      expect([400, 415], `${type} ${body.slice(0, 40)}`).toContain(res.status);
      expect(res.headers.get('set-cookie')).toBeNull();
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('ignores garbage session cookies and refuses garbage CSRF tokens (property)', async () => {
    const { request, call } = setup();
    await createApiKey(raw, { name: 'k', role: 'admin' }, T0);
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 100 }), async (cookie, csrf) => {
        const headers = {
          cookie: `xinzhi_session=${encodeURIComponent(cookie)}`,
          'x-csrf-token': encodeURIComponent(csrf),
        };
        expect((await request('GET', '/api/v1/series', undefined, headers)).status).toBe(401);
        expect((await request('POST', '/api/v1/points', [], headers)).status).toBe(401);
      }),
      { numRuns: 100 },
    );
    expect(
      (await call('GET', '/api/v1/auth/me', undefined, { cookie: 'xinzhi_session=%zz; x=;;=' })).status,
    ).toBe(401);
  });

  it('names the field of bad user and audit requests', async () => {
    const { call } = setup();
    const bad = [
      [{ username: 'ada', password: 'a long enough password', role: 'root' }, 'role'],
      [{ username: '<script>', password: 'a long enough password', role: 'viewer' }, 'username'],
      [{ username: 'ada', password: 'a long enough password', role: 'device' }, 'role'],
      [{ username: 'ada', password: 'a long enough password', role: 'viewer', sites: [] }, 'sites'],
      [{ username: 'ada', password: 'a long enough password', role: 'viewer', extra: 1 }, 'extra'],
    ] as const;
    for (const [body, field] of bad) {
      const r = await call('POST', '/api/v1/users', body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(r.body), JSON.stringify(body)).toContain(field);
    }
    expect((await call('POST', '/api/v1/users/abc/disable')).status).toBe(400);
    expect((await call('POST', '/api/v1/users/999/disable')).status).toBe(404);
    for (const q of ['limit=0', 'limit=x', 'format=xml', 'before=-1', 'from=yesterday'])
      expect((await call('GET', `/api/v1/audit?${q}`)).status, q).toBe(400);
  });
});
