import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webStaticRoutes } from './web-static.js';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'xinzhi-web-'));
  mkdirSync(join(root, 'assets'));
  writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('webStaticRoutes', () => {
  it('serves hashed assets as immutable and the shell as revalidated, with SPA fallback', async () => {
    const app = webStaticRoutes({ root });
    const asset = await app.request('/assets/index-abc123.js');
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect(await asset.text()).toBe('console.log(1)');

    for (const path of ['/', '/telemetry', '/some/deep/link']) {
      const res = await app.request(path);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('cache-control'), path).toBe('no-cache');
      expect(await res.text()).toContain('id="root"');
    }
  });

  it('leaves API paths and missing assets to 404', async () => {
    const app = webStaticRoutes({ root });
    expect((await app.request('/api/v1/nothing')).status).toBe(404);
    expect((await app.request('/assets/missing.js')).status).toBe(404);
  });

  it('says how to build the dashboard when there is no build', async () => {
    const res = await webStaticRoutes({ root: join(root, 'nope') }).request('/');
    expect(res.status).toBe(503);
    expect(await res.text()).toContain('npm run build');
  });
});
