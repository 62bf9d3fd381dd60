import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { createApiKey } from './auth/api-key.js';
import type { AuthOptions } from './auth/policy.js';
import { hostAllowed, mediaType, splitHost } from './request-guard.js';
import { createTestApp } from './test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const FIRST_RUN: AuthOptions = { mode: 'keys', loopbackOnly: true };
const reading = JSON.stringify([{ series: 'p/m/temp', ts: 1, value: 1, unit: 'Cel' }]);

function app(auth: AuthOptions = FIRST_RUN, guard = {}) {
  const { app } = createTestApp(raw, { auth, requestGuard: guard });
  return (path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) =>
    app.request(`http://localhost${path}`, init);
}

describe('Host check (DNS rebinding)', () => {
  it('answers first-run requests only under a loopback Host: a rebinding page gets 421, no admin key', async () => {
    const req = app();
    for (const host of ['localhost:8080', '127.0.0.1:8080', '127.1.2.3', '[::1]:8080', 'LOCALHOST'])
      expect((await req('/api/v1/keys', { headers: { host } })).status, host).toBe(200);
    const rebound = await req('/api/v1/keys', {
      method: 'POST',
      headers: { host: 'attacker.example:8080', 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', name: 'pwned' }),
    });
    expect(rebound.status).toBe(421);
    expect(rebound.headers.get('content-type')).toBe('application/problem+json');
    expect(await rebound.json()).toMatchObject({ status: 421, code: 'MISDIRECTED_REQUEST', field: 'host' });
    expect(await raw.countApiKeys()).toBe(0);
    for (const host of ['attacker.example', '127.0.0.1.nip.io', '10.0.0.5:8080', 'localhost.evil'])
      expect((await req('/api/v1/series', { headers: { host } })).status, host).toBe(421);
  });

  it('applies in --no-auth mode on loopback too, and not once keys exist (a key then guards the API)', async () => {
    expect(
      (
        await app({ mode: 'none', loopbackOnly: true })('/api/v1/series', {
          headers: { host: 'evil.example' },
        })
      ).status,
    ).toBe(421);
    expect(
      (await app({ mode: 'none', loopbackOnly: false })('/api/v1/series', { headers: { host: 'plant.lan' } }))
        .status,
    ).toBe(200);
    const key = await createApiKey(raw, { role: 'viewer', name: 'v' }, 0);
    const res = await app()('/api/v1/series', {
      headers: { host: 'plant.example', authorization: `Bearer ${key.secret}` },
    });
    expect(res.status).toBe(200);
    expect((await app()('/api/v1/series', { headers: { host: 'plant.example' } })).status).toBe(401);
  });

  it('with allowedHosts, answers only those names (and loopback), on every path', async () => {
    const req = app(
      { mode: 'none', loopbackOnly: false },
      { allowedHosts: ['plant.example', 'hmi.lan:8443'] },
    );
    expect((await req('/api/v1/series', { headers: { host: 'plant.example:8080' } })).status).toBe(200);
    expect((await req('/api/v1/series', { headers: { host: 'hmi.lan:8443' } })).status).toBe(200);
    expect((await req('/api/v1/series', { headers: { host: 'localhost:8080' } })).status).toBe(200);
    expect((await req('/api/v1/series', { headers: { host: 'hmi.lan:9000' } })).status).toBe(421);
    expect((await req('/api/v1/series', { headers: { host: 'evil.example' } })).status).toBe(421);
    expect((await req('/', { headers: { host: 'evil.example' } })).status).toBe(421);
  });
});

describe('cross-site simple requests', () => {
  it('refuses POSTs a page could send without a preflight, naming the accepted types (415)', async () => {
    const req = app();
    for (const type of [
      undefined,
      'text/plain',
      'text/plain;charset=UTF-8',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
    ]) {
      for (const path of ['/api/v1/points', '/api/v1/imports?name=x.csv', '/api/v1/keys']) {
        const res = await req(path, {
          method: 'POST',
          headers: { host: '127.0.0.1:8080', ...(type === undefined ? {} : { 'content-type': type }) },
          body: path.endsWith('points') ? reading : 'series,ts,value\np/m/temp,1,1\n',
        });
        expect(res.status, `${path} ${type}`).toBe(415);
        const p = (await res.json()) as { code: string; field: string; detail: string };
        expect(p).toMatchObject({ code: 'UNSUPPORTED_MEDIA_TYPE', field: 'content-type' });
        expect(p.detail).toContain('application/json');
      }
    }
    expect(await raw.countApiKeys()).toBe(0);
    expect(await raw.listSeries()).toEqual([]);
  });

  it('accepts JSON, NDJSON and CSV bodies, and any type with a Bearer key (no preflight-free page can send one)', async () => {
    const req = app();
    const json = await req('/api/v1/points', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: reading,
    });
    expect(json.status).toBe(200);
    const csv = await req('/api/v1/imports?name=x.csv', {
      method: 'POST',
      headers: { 'content-type': 'text/csv' },
      body: 'series,ts,value,unit\np/m/temp,2,1,Cel\n',
    });
    expect(csv.status).toBe(200);
    const key = await createApiKey(raw, { role: 'operator', name: 'gw' }, 0);
    const plain = await req('/api/v1/imports?name=x.csv', {
      method: 'POST',
      headers: { authorization: `Bearer ${key.secret}`, 'content-type': 'text/plain' },
      body: 'series,ts,value,unit\np/m/temp,3,1,Cel\n',
    });
    expect(plain.status).toBe(200);
  });

  it('refuses state-changing requests from a foreign Origin, accepts its own and listed ones', async () => {
    const req = app(FIRST_RUN, { allowedOrigins: ['https://hmi.example'] });
    const post = (origin: string, host = '127.0.0.1:8080') =>
      req('/api/v1/points', {
        method: 'POST',
        headers: { host, origin, 'content-type': 'application/json' },
        body: reading,
      });
    for (const origin of ['http://evil.example', 'null', 'http://127.0.0.1:9999', 'file://', 'garbage']) {
      const res = await post(origin);
      expect(res.status, origin).toBe(403);
      expect(await res.json()).toMatchObject({ code: 'FORBIDDEN', field: 'origin' });
    }
    expect((await post('http://127.0.0.1:8080')).status).toBe(200);
    expect((await post('https://hmi.example')).status).toBe(200);
    const del = await req('/api/v1/keys/1', { method: 'DELETE', headers: { origin: 'http://evil.example' } });
    expect(del.status).toBe(403);
    // Reads are left alone: without CORS headers a foreign page cannot read the answer anyway.
    expect((await req('/api/v1/series', { headers: { origin: 'http://evil.example' } })).status).toBe(200);
  });
});

describe('helpers', () => {
  it('split hosts and media types', () => {
    expect(splitHost('[::1]:8080')).toEqual({ name: '::1', port: '8080' });
    expect(splitHost('Example:80')).toEqual({ name: 'Example', port: '80' });
    expect(splitHost('x')).toEqual({ name: 'x', port: undefined });
    expect(hostAllowed('[::1]')).toBe(true);
    expect(hostAllowed('')).toBe(false);
    expect(hostAllowed('[fe80::1]:80', ['[fe80::1]'])).toBe(true);
    expect(mediaType(' Text/CSV ; charset=utf-8')).toBe('text/csv');
    expect(mediaType(undefined)).toBe('');
  });
});
