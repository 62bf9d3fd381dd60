import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { createTestApp } from './test-app.fixture.js';

let raw: Store;
let web: string;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  web = mkdtempSync(join(tmpdir(), 'xinzhi-web-'));
  writeFileSync(join(web, 'index.html'), '<!doctype html><div id="root"></div>');
});
afterEach(async () => {
  await raw.close();
  rmSync(web, { recursive: true, force: true });
});

const csp = (res: Response) =>
  Object.fromEntries(
    (res.headers.get('content-security-policy') ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name = '', ...values]) => [name, values.join(' ')]),
  );

describe('security headers', () => {
  it('are on API answers, errors, unknown routes and dashboard files alike', async () => {
    const { request } = createTestApp(raw, { web: { root: web } });
    const answers = await Promise.all([
      request('GET', '/api/v1/health'),
      request('GET', '/api/v1/series/nope'),
      request('POST', '/api/v1/points', '{"broken'),
      request('GET', '/api/v1/no-such-route'),
      request('GET', '/'),
      request('GET', '/telemetry'),
    ]);
    expect(answers.map((r) => r.status)).toEqual([200, 404, 400, 404, 200, 200]);
    for (const res of answers) {
      expect(csp(res)).toMatchObject({
        'default-src': "'self'",
        'script-src': "'self'",
        'style-src': "'self'",
        'connect-src': "'self'",
        'img-src': "'self' data: blob:",
        'object-src': "'none'",
        'base-uri': "'none'",
        'form-action': "'self'",
        'frame-ancestors': "'none'",
      });
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
      expect(res.headers.get('permissions-policy')).toContain('camera=()');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
    }
    // API answers may hold plant data: never cached; the dashboard shell is revalidated.
    for (const res of answers.slice(0, 4)) expect(res.headers.get('cache-control')).toBe('no-store');
    expect(answers[4]?.headers.get('cache-control')).toBe('no-cache');
  });

  it('send HSTS only when the server terminates TLS itself', async () => {
    const plain = await createTestApp(raw).request('GET', '/api/v1/health');
    expect(plain.headers.get('strict-transport-security')).toBeNull();
    const tls = await createTestApp(raw, { tls: true }).request('GET', '/api/v1/health');
    expect(tls.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('allow no inline script: script-src has neither unsafe-inline nor unsafe-eval', async () => {
    const { request } = createTestApp(raw);
    const policy = csp(await request('GET', '/api/v1/health'));
    expect(policy['script-src']).not.toMatch(/unsafe/);
    expect(policy['style-src']).not.toMatch(/unsafe/);
  });
});
