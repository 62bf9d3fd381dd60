import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { type AccessEvent, createAccessEvents } from '../auth/access-events.js';
import { createApiKey } from '../auth/api-key.js';
import { sessionHash } from '../auth/sessions.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
const PW = 'correct horse battery';
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

function setup(extra: { loginLimits?: { freePerUser?: number; freePerIp?: number } } = {}) {
  const access = createAccessEvents();
  const events: AccessEvent[] = [];
  access.on((e) => events.push(e));
  const t = createTestApp(raw, {
    now: T0,
    auth: { mode: 'keys', loopbackOnly: true },
    passwordParams: { N: 1024, r: 8, p: 1 },
    access,
    ...extra,
  });
  /** A request from a browser at `ip` with the cookie `jar` and the headers given. */
  const browser = async (
    method: string,
    path: string,
    opts: {
      body?: unknown;
      cookie?: string;
      headers?: Record<string, string>;
      ip?: string;
      url?: string;
    } = {},
  ) => {
    const res = await t.app.request(
      `${opts.url ?? 'http://localhost'}${path}`,
      {
        method,
        headers: {
          'content-type': 'application/json',
          ...(opts.cookie ? { cookie: opts.cookie } : {}),
          ...opts.headers,
        },
        ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
      },
      { incoming: { socket: { remoteAddress: opts.ip ?? '127.0.0.1' } } },
    );
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON
    return { res, status: res.status, body: (text ? JSON.parse(text) : {}) as any };
  };
  const signIn = async (username: string, password = PW, ip?: string) => {
    const r = await browser('POST', '/api/v1/auth/login', {
      body: { username, password },
      ...(ip ? { ip } : {}),
    });
    const setCookie = r.res.headers.get('set-cookie') ?? '';
    return { ...r, setCookie, cookie: setCookie.split(';')[0] ?? '', csrf: r.body.csrfToken as string };
  };
  return { ...t, browser, signIn, events };
}

describe('people: users, sign-in, sessions, CSRF', () => {
  it('the first user ends first-run mode; a user signs in to an HttpOnly SameSite=Strict session with a CSRF token', async () => {
    const { browser, signIn, events, call } = setup();
    const created = await call('POST', '/api/v1/users', { username: 'ada', password: PW, role: 'engineer' });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.body)).not.toContain('scrypt');
    expect(events).toEqual([{ type: 'firstRunEnded' }]);
    expect((await call('GET', '/api/v1/health')).body.auth).toBe('keys');
    // No longer open: anonymous requests are refused.
    expect((await call('GET', '/api/v1/series')).status).toBe(401);
    expect((await call('GET', '/api/v1/auth/me')).status).toBe(401);

    const s = await signIn('ADA');
    expect(s.status).toBe(200);
    expect(s.setCookie).toMatch(/^xinzhi_session=[A-Za-z0-9_-]{43};/);
    expect(s.setCookie).toContain('HttpOnly');
    expect(s.setCookie).toContain('SameSite=Strict');
    expect(s.setCookie).toContain('Path=/');
    expect(s.setCookie).not.toContain('Secure');
    expect(s.body).toMatchObject({ principal: { kind: 'user', name: 'ada', role: 'engineer' } });
    expect(s.body.permissions).toContain('loops:configure');
    expect(s.body.permissions).not.toContain('access:manage');
    // Only the hash of the session id is stored.
    const id = s.cookie.split('=')[1] as string;
    expect(await raw.findSession(id)).toBeUndefined();
    expect(await raw.findSession(sessionHash(id))).toMatchObject({ userId: created.body.id });

    const me = await browser('GET', '/api/v1/auth/me', { cookie: s.cookie });
    expect(me.body).toMatchObject({
      principal: { name: 'ada' },
      csrfToken: s.csrf,
      scope: { org: 'default' },
    });
    expect((await browser('GET', '/api/v1/series', { cookie: s.cookie })).status).toBe(200);

    const reading = [{ series: 'plant1/a/temp', ts: T0, value: 1 }];
    const noToken = await browser('POST', '/api/v1/points', { cookie: s.cookie, body: reading });
    expect(noToken.status).toBe(403);
    expect(noToken.body.field).toBe('x-csrf-token');
    const wrong = await browser('POST', '/api/v1/points', {
      cookie: s.cookie,
      body: reading,
      headers: { 'x-csrf-token': `${s.csrf.slice(0, -1)}${s.csrf.endsWith('A') ? 'B' : 'A'}` },
    });
    expect(wrong.status).toBe(403);
    const crossSite = await browser('POST', '/api/v1/points', {
      cookie: s.cookie,
      body: reading,
      headers: { 'x-csrf-token': s.csrf, origin: 'https://evil.example' },
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.body.field).toBe('origin');
    const ok = await browser('POST', '/api/v1/points', {
      cookie: s.cookie,
      body: reading,
      headers: { 'x-csrf-token': s.csrf, origin: 'http://localhost' },
    });
    expect(ok.status).toBe(200);

    const out = await browser('POST', '/api/v1/auth/logout', {
      cookie: s.cookie,
      headers: { 'x-csrf-token': s.csrf },
    });
    expect(out.status).toBe(204);
    expect(out.res.headers.get('set-cookie')).toMatch(/xinzhi_session=;.*Max-Age=0/);
    expect(out.res.headers.get('clear-site-data')).toBe('"cache"');
    expect((await browser('GET', '/api/v1/series', { cookie: s.cookie })).status).toBe(401);
  });

  it('sets Secure on the cookie over TLS and refuses cross-origin sign-in', async () => {
    const { browser, call } = setup();
    await call('POST', '/api/v1/users', { username: 'ada', password: PW, role: 'viewer' });
    const tls = await browser('POST', '/api/v1/auth/login', {
      body: { username: 'ada', password: PW },
      url: 'https://plant.example',
    });
    expect(tls.res.headers.get('set-cookie')).toContain('Secure');
    const evil = await browser('POST', '/api/v1/auth/login', {
      body: { username: 'ada', password: PW },
      headers: { origin: 'https://evil.example' },
    });
    expect(evil.status).toBe(403);
  });

  it('ends sessions after the idle time and the absolute time', async () => {
    const { signIn, browser, call, clock } = setup();
    await call('POST', '/api/v1/users', { username: 'ada', password: PW, role: 'viewer' });
    const s = await signIn('ada');
    clock.advance(29 * 60_000);
    expect((await browser('GET', '/api/v1/series', { cookie: s.cookie })).status).toBe(200);
    clock.advance(29 * 60_000);
    expect((await browser('GET', '/api/v1/series', { cookie: s.cookie })).status).toBe(200);
    clock.advance(31 * 60_000);
    expect((await browser('GET', '/api/v1/series', { cookie: s.cookie })).status).toBe(401);
    // Busy all day, still ends after 12 hours.
    const busy = await signIn('ada');
    for (let i = 1; i < 36; i++) {
      clock.advance(20 * 60_000);
      expect((await browser('GET', '/api/v1/series', { cookie: busy.cookie })).status, `${i * 20} min`).toBe(
        200,
      );
    }
    clock.advance(20 * 60_000);
    expect((await browser('GET', '/api/v1/series', { cookie: busy.cookie })).status).toBe(401);
  });

  it('exchanges an API key for a session once; revoking the key ends it', async () => {
    const { browser, call } = setup();
    const key = await createApiKey(raw, { name: 'dash', role: 'viewer' }, T0);
    const r = await browser('POST', '/api/v1/auth/login', { body: { apiKey: key.secret } });
    expect(r.status).toBe(200);
    expect(r.body.principal).toMatchObject({ kind: 'key', name: 'dash' });
    const cookie = (r.res.headers.get('set-cookie') ?? '').split(';')[0] as string;
    expect(cookie).not.toContain(key.secret);
    expect((await browser('GET', '/api/v1/series', { cookie })).status).toBe(200);
    await raw.revokeApiKey(key.record.id);
    expect((await browser('GET', '/api/v1/series', { cookie })).status).toBe(401);
    expect((await browser('POST', '/api/v1/auth/login', { body: { apiKey: key.secret } })).status).toBe(401);
    expect((await call('GET', '/api/v1/series')).status).toBe(401);
  });

  it('limits, logs and audits failed sign-ins: 429 with Retry-After per username and per address', async () => {
    const { browser, signIn, call, clock } = setup({ loginLimits: { freePerUser: 3, freePerIp: 6 } });
    await call('POST', '/api/v1/users', { username: 'ada', password: PW, role: 'admin' });
    for (let i = 0; i < 3; i++)
      expect((await signIn('ada', 'wrong password!!', '10.0.0.1')).status).toBe(401);
    expect((await signIn('ada', 'wrong password!!', '10.0.0.1')).status).toBe(401);
    const locked = await signIn('ada', PW, '10.0.0.2');
    expect(locked.status).toBe(429);
    expect(locked.res.headers.get('retry-after')).toBe('1');
    expect(locked.body.code).toBe('TOO_MANY_REQUESTS');
    clock.advance(1000);
    const good = await signIn('ada', PW, '10.0.0.2');
    expect(good.status).toBe(200);
    // An address guessing many usernames is limited too.
    for (let i = 0; i < 6; i++) await signIn(`user${i}`, 'nope nope nope', '10.0.0.9');
    await signIn('user6', 'nope nope nope', '10.0.0.9');
    expect((await signIn('ada', PW, '10.0.0.9')).status).toBe(429);
    const failures = await raw.listAudit({ action: 'auth.login.failed' });
    expect(failures.length).toBe(11);
    expect(failures.at(-1)).toMatchObject({
      actorKind: 'anonymous',
      actorName: 'ada',
      ip: '10.0.0.1',
      status: 401,
    });
    expect(await raw.listAudit({ action: 'auth.login' })).toHaveLength(1);
    const admin = { cookie: good.cookie, headers: { 'x-csrf-token': good.csrf } };
    expect((await browser('GET', '/api/v1/users', admin)).status).toBe(200);
  });

  it('manages users within the admin organisation; disabling and resetting end sessions', async () => {
    const { browser, signIn, call, events } = setup();
    const admin = (await call('POST', '/api/v1/users', { username: 'root', password: PW, role: 'admin' }))
      .body;
    await raw.createOrg({ id: 'acme', name: 'Acme', createdAt: T0 });
    const other = await raw.createUser({
      username: 'eve',
      role: 'admin',
      org: 'acme',
      passwordHash: 'x',
      createdAt: T0,
    });
    const a = await signIn('root');
    const as = { cookie: a.cookie, headers: { 'x-csrf-token': a.csrf } };
    const bob = await browser('POST', '/api/v1/users', {
      ...as,
      body: { username: 'bob', password: PW, role: 'operator', sites: ['plant1'] },
    });
    expect(bob.status).toBe(201);
    expect(bob.body).toMatchObject({ username: 'bob', org: 'default', sites: ['plant1'], disabledAt: null });
    const short = await browser('POST', '/api/v1/users', {
      ...as,
      body: { username: 'x', password: 'short', role: 'viewer' },
    });
    expect(short.status).toBe(400);
    expect(short.body.field).toBe('password');
    const dup = await browser('POST', '/api/v1/users', {
      ...as,
      body: { username: 'BOB', password: PW, role: 'viewer' },
    });
    expect(dup.status).toBe(409);
    const listed = (await browser('GET', '/api/v1/users', as)).body.users.map(
      (u: { username: string }) => u.username,
    );
    expect(listed).toEqual(['root', 'bob']);
    expect((await browser('POST', `/api/v1/users/${other.id}/disable`, as)).status).toBe(403);
    expect((await browser('POST', '/api/v1/users/9999/disable', as)).status).toBe(404);

    const b = await signIn('bob');
    expect(b.body.scope).toEqual({ org: 'default', sites: ['plant1'], asset: null });
    expect((await browser('GET', '/api/v1/users', { cookie: b.cookie })).status).toBe(403);
    const reset = await browser('POST', `/api/v1/users/${bob.body.id}/password`, {
      ...as,
      body: { password: 'a new long password' },
    });
    expect(reset.status).toBe(200);
    expect((await browser('GET', '/api/v1/series', { cookie: b.cookie })).status).toBe(401);
    expect((await signIn('bob')).status).toBe(401);
    const b2 = await signIn('bob', 'a new long password');
    expect(b2.status).toBe(200);
    const disabled = await browser('POST', `/api/v1/users/${bob.body.id}/disable`, as);
    expect(disabled.body.disabledAt).toBe(T0);
    expect((await browser('GET', '/api/v1/series', { cookie: b2.cookie })).status).toBe(401);
    expect((await signIn('bob', 'a new long password')).status).toBe(401);
    expect(events).toContainEqual({ type: 'revoked', kind: 'user', id: bob.body.id });
    expect((await browser('POST', `/api/v1/users/${bob.body.id}/enable`, as)).body.disabledAt).toBeNull();
    expect((await signIn('bob', 'a new long password')).status).toBe(200);
    const trail = (await raw.listAudit({ action: 'user.' })).map((r) => `${r.action} ${r.actorName}`);
    expect(trail).toEqual([
      'user.enable root',
      'user.disable root',
      'user.password root',
      'user.create root',
      'user.create open',
    ]);
    expect(JSON.stringify(await raw.listAudit())).not.toContain('scrypt$');
    expect(admin.username).toBe('root');
  });
});
