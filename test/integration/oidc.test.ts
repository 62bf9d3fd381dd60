/**
 * OIDC sign-in against a real OpenID Connect provider (oidc-provider, started here on a free port
 * with its development login and consent pages): code flow with PKCE, state and nonce; the user
 * is created at the first sign-in with the configured role and scope, found by issuer + sub after.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oidcFromEnv } from '../../src/server/index.js';
import { createTestApp } from '../../src/server/test-app.fixture.js';
import { openSqliteStore, type Store } from '../../src/store/index.js';

const CALLBACK = 'http://localhost/api/v1/auth/oidc/callback';
let idp: Server;
let issuer: string;
let raw: Store;

beforeAll(async () => {
  idp = createHttpServer();
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'xinzhi',
        client_secret: 'a-test-client-secret',
        redirect_uris: [CALLBACK],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    async findAccount(_ctx, id) {
      return {
        accountId: id,
        claims: async () => ({ sub: id, preferred_username: id, email: `${id}@example.com` }),
      };
    },
    claims: { openid: ['sub'], profile: ['preferred_username'], email: ['email'] },
    conformIdTokenClaims: false,
    cookies: { keys: ['a-test-cookie-key'] },
  });
  idp.on('request', provider.callback());
  raw = await openSqliteStore(':memory:');
});
afterAll(async () => {
  await new Promise<void>((r) => idp.close(() => r()));
  await raw.close();
});

/** Plays the browser at the provider: follows redirects and submits its login and consent forms. */
async function throughProvider(start: string, login: string): Promise<string> {
  const jar = new Map<string, string>();
  let url = start;
  let body: URLSearchParams | undefined;
  for (let i = 0; i < 20; i++) {
    if (url.startsWith(CALLBACK)) return url;
    const res = await fetch(url, {
      method: body ? 'POST' : 'GET',
      redirect: 'manual',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(body ? { body } : {}),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const eq = (pair ?? '').indexOf('=');
      jar.set((pair ?? '').slice(0, eq), (pair ?? '').slice(eq + 1));
    }
    if (res.status >= 300 && res.status < 400) {
      url = new URL(res.headers.get('location') ?? '', url).href;
      body = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    const prompt = /name="prompt" value="([^"]+)"/.exec(html)?.[1];
    if (!action) throw new Error(`unexpected page from the provider (${res.status}): ${html.slice(0, 300)}`);
    body =
      prompt === 'login'
        ? new URLSearchParams({ prompt: 'login', login, password: 'anything' })
        : new URLSearchParams({ prompt: prompt ?? 'consent' });
    url = new URL(action, url).href;
  }
  throw new Error('too many steps at the provider');
}

describe('OIDC sign-in', () => {
  it('reads its settings from XINZHI_OIDC_* (secret never in argv) and names what is missing', () => {
    expect(oidcFromEnv({})).toBeUndefined();
    expect(
      oidcFromEnv({
        XINZHI_OIDC_ISSUER: 'https://idp.example',
        XINZHI_OIDC_CLIENT_ID: 'x',
        XINZHI_OIDC_CLIENT_SECRET: 's',
        XINZHI_OIDC_REDIRECT_URI: 'https://plant.example/api/v1/auth/oidc/callback',
        XINZHI_OIDC_ROLE: 'operator',
        XINZHI_OIDC_SITES: 'plant1, plant2',
      }),
    ).toEqual({
      issuer: 'https://idp.example',
      clientId: 'x',
      clientSecret: 's',
      redirectUri: 'https://plant.example/api/v1/auth/oidc/callback',
      defaultRole: 'operator',
      defaultSites: ['plant1', 'plant2'],
    });
    expect(() => oidcFromEnv({ XINZHI_OIDC_ISSUER: 'https://idp.example' })).toThrow(/XINZHI_OIDC_CLIENT_ID/);
    expect(() =>
      oidcFromEnv({
        XINZHI_OIDC_ISSUER: 'https://idp.example',
        XINZHI_OIDC_CLIENT_ID: 'x',
        XINZHI_OIDC_REDIRECT_URI: 'https://p/cb',
        XINZHI_OIDC_ROLE: 'device',
      }),
    ).toThrow(/XINZHI_OIDC_ROLE/);
  });

  it('is 404 when no provider is configured', async () => {
    const { call } = createTestApp(raw, { auth: { mode: 'keys', loopbackOnly: true } });
    expect((await call('GET', '/api/v1/auth/oidc/start')).status).toBe(404);
    expect((await call('GET', '/api/v1/auth/methods')).body).toEqual({
      password: true,
      apiKey: true,
      oidc: false,
    });
  });

  it('signs a person in through a real provider, creating the user with the default role and scope once', async () => {
    const { app } = createTestApp(raw, {
      now: Date.now(),
      auth: { mode: 'keys', loopbackOnly: true },
      oidc: {
        issuer,
        clientId: 'xinzhi',
        clientSecret: 'a-test-client-secret',
        redirectUri: CALLBACK,
        defaultRole: 'operator',
        defaultSites: ['plant1'],
        allowInsecureIssuer: true,
      },
    });
    const signIn = async (login: string) => {
      const start = await app.request('http://localhost/api/v1/auth/oidc/start');
      expect(start.status).toBe(302);
      const stateCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] as string;
      expect(start.headers.get('set-cookie')).toContain('HttpOnly');
      const back = await throughProvider(start.headers.get('location') ?? '', login);
      // The callback without the browser's state cookie is refused (login CSRF).
      const forged = await app.request(back);
      expect(forged.status).toBe(401);
      return { back, stateCookie };
    };
    const methods = (await (await app.request('http://localhost/api/v1/auth/methods')).json()) as {
      oidc: boolean;
    };
    expect(methods.oidc).toBe(true);
    const first = await signIn('ada');
    // The forged attempt consumed nothing it should not have: a fresh sign-in is needed.
    const again = await signIn('ada');
    const done = await app.request(again.back, { headers: { cookie: again.stateCookie } });
    expect(done.status).toBe(302);
    expect(done.headers.get('location')).toBe('/');
    const session = (done.headers.getSetCookie().find((c) => c.startsWith('xinzhi_session=')) ?? '').split(
      ';',
    )[0];
    const me = (await (
      await app.request('http://localhost/api/v1/auth/me', { headers: { cookie: session ?? '' } })
    ).json()) as { principal: { name: string } };
    expect(me).toMatchObject({ principal: { kind: 'user', role: 'operator' }, scope: { sites: ['plant1'] } });
    expect(me.principal.name).toMatch(/^ada/);
    const users = await raw.listUsers();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ oidcIssuer: issuer, oidcSubject: 'ada', passwordHash: null });
    // A replayed callback (same code and state) is refused.
    expect((await app.request(again.back, { headers: { cookie: again.stateCookie } })).status).toBe(401);
    expect(first.back).not.toBe(again.back);
    // The same person again: matched by issuer + sub, no second user.
    const third = await signIn('ada');
    expect((await app.request(third.back, { headers: { cookie: third.stateCookie } })).status).toBe(302);
    expect(await raw.listUsers()).toHaveLength(1);
  }, 30_000);
});
