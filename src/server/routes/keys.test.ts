import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
});
afterEach(() => raw.close());

const setup = () => createTestApp(raw, { auth: { mode: 'keys', loopbackOnly: true } });

describe('scoped keys over HTTP', () => {
  it('creates operator keys limited to sites and device keys limited to an asset', async () => {
    const { call } = setup();
    const root = await bearer(raw, 'admin');
    const op = await call(
      'POST',
      '/api/v1/keys',
      { name: 'ops', role: 'operator', org: 'acme', sites: ['plant1', 'plant2'] },
      root,
    );
    expect(op.status).toBe(201);
    expect(op.body).toMatchObject({
      role: 'operator',
      org: 'acme',
      sites: ['plant1', 'plant2'],
      asset: null,
    });
    const dev = await call(
      'POST',
      '/api/v1/keys',
      { name: 'press', role: 'device', org: 'acme', asset: 'plant1/press/line1' },
      root,
    );
    expect(dev.body).toMatchObject({ role: 'device', org: 'acme', sites: null, asset: 'plant1/press/line1' });
    const noAsset = await call('POST', '/api/v1/keys', { name: 'd', role: 'device' }, root);
    expect([noAsset.status, noAsset.body.field]).toEqual([400, 'asset']);
    const wrongOrg = await call(
      'POST',
      '/api/v1/keys',
      { name: 'x', role: 'viewer', org: 'acme', sites: ['mill'] },
      root,
    );
    expect([wrongOrg.status, wrongOrg.body.field]).toEqual([400, 'sites[0]']);
  });

  it('an admin scoped to an organisation creates keys only within it, never wider or stronger', async () => {
    const { call } = setup();
    const acmeAdmin = await bearer(raw, 'admin', { org: 'acme' });
    const ok = await call(
      'POST',
      '/api/v1/keys',
      { name: 'v', role: 'viewer', sites: ['plant1'] },
      acmeAdmin,
    );
    expect(ok.status).toBe(201);
    expect(ok.body.org).toBe('acme');
    const other = await call('POST', '/api/v1/keys', { name: 'v', role: 'viewer', org: 'beta' }, acmeAdmin);
    expect([other.status, other.body.field]).toEqual([403, 'org']);
    const dflt = await call('POST', '/api/v1/keys', { name: 'v', role: 'viewer', org: 'default' }, acmeAdmin);
    expect(dflt.status).toBe(403);

    const p1Admin = await bearer(raw, 'admin', { org: 'acme', sites: ['plant1'] });
    const wider = await call('POST', '/api/v1/keys', { name: 'w', role: 'viewer' }, p1Admin);
    expect([wider.status, wider.body.field]).toEqual([403, 'sites']);
    const sideways = await call(
      'POST',
      '/api/v1/keys',
      { name: 'w', role: 'viewer', sites: ['plant2'] },
      p1Admin,
    );
    expect(sideways.status).toBe(403);
    const devOut = await call(
      'POST',
      '/api/v1/keys',
      { name: 'd', role: 'device', asset: 'plant2/x' },
      p1Admin,
    );
    expect(devOut.status).toBe(403);
    const devIn = await call(
      'POST',
      '/api/v1/keys',
      { name: 'd', role: 'device', asset: 'plant1/x' },
      p1Admin,
    );
    expect(devIn.status).toBe(201);
  });

  it('lists and revokes only keys within the caller scope; revoking a key of another scope is 403', async () => {
    const { call } = setup();
    const root = await bearer(raw, 'admin');
    const betaKey = await call('POST', '/api/v1/keys', { name: 'b', role: 'viewer', org: 'beta' }, root);
    const acmeAdmin = await bearer(raw, 'admin', { org: 'acme' });
    const acmeKey = await call('POST', '/api/v1/keys', { name: 'a', role: 'viewer' }, acmeAdmin);
    const listed = await call('GET', '/api/v1/keys', undefined, acmeAdmin);
    const names = (listed.body.keys as { name: string }[]).map((k) => k.name);
    expect(names).toContain('a');
    expect(names).not.toContain('b');
    expect((await call('DELETE', `/api/v1/keys/${betaKey.body.id}`, undefined, acmeAdmin)).status).toBe(403);
    expect((await call('DELETE', `/api/v1/keys/${acmeKey.body.id}`, undefined, acmeAdmin)).status).toBe(200);
    expect((await call('GET', '/api/v1/keys', undefined, root)).body.keys).toHaveLength(4);
  });
});

describe('organisations and sites over HTTP', () => {
  it("the installation's admin creates organisations; an organisation's admin may not", async () => {
    const { call } = setup();
    const root = await bearer(raw, 'admin');
    expect((await call('POST', '/api/v1/orgs', { id: 'gamma', name: 'Gamma' }, root)).status).toBe(201);
    expect((await call('GET', '/api/v1/orgs', undefined, root)).body.orgs).toHaveLength(4);
    const acmeAdmin = await bearer(raw, 'admin', { org: 'acme' });
    expect((await call('POST', '/api/v1/orgs', { id: 'delta' }, acmeAdmin)).status).toBe(403);
    expect(
      (await call('GET', '/api/v1/orgs', undefined, acmeAdmin)).body.orgs.map((o: { id: string }) => o.id),
    ).toEqual(['acme']);
    const bad = await call('POST', '/api/v1/orgs', { id: 'a/b' }, root);
    expect([bad.status, bad.body.field]).toEqual([400, 'id']);
  });

  it('an admin registers sites only in its organisation and cannot claim sites holding others data', async () => {
    const { call, store } = setup();
    const acmeAdmin = await bearer(raw, 'admin', { org: 'acme' });
    const made = await call('PUT', '/api/v1/sites/plant3', { name: 'Plant 3' }, acmeAdmin);
    expect([made.status, made.body.org]).toEqual([200, 'acme']);
    expect((await call('PUT', '/api/v1/sites/mill', {}, acmeAdmin)).status).toBe(403);
    expect((await call('PUT', '/api/v1/sites/plant4', { org: 'beta' }, acmeAdmin)).status).toBe(403);
    await store.upsertAsset({ id: 'legacy', kind: 'site', name: 'old data' });
    expect((await call('PUT', '/api/v1/sites/legacy', {}, acmeAdmin)).status).toBe(403);
    const sites = (await call('GET', '/api/v1/sites', undefined, acmeAdmin)).body.sites as { id: string }[];
    expect(sites.map((s) => s.id)).toEqual(['plant1', 'plant2', 'plant3']);
    const viewer = await bearer(raw, 'viewer', { org: 'acme', sites: ['plant1'] });
    expect(
      (await call('GET', '/api/v1/sites', undefined, viewer)).body.sites.map((s: { id: string }) => s.id),
    ).toEqual(['plant1']);
    expect((await call('PUT', '/api/v1/sites/plant1', { name: 'x' }, viewer)).status).toBe(403);
  });
});
