import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import { csvCell } from '../auth/audit-export.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 0, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await raw.close();
});

const setup = () => createTestApp(raw, { now: T0, auth: { mode: 'keys', loopbackOnly: true } });

describe('audit log', () => {
  it('records every write with the authenticated principal, status and address; snapshots before/after; never a secret', async () => {
    const { call, app } = setup();
    const admin = await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const op = await createApiKey(raw, { name: 'line-3 gateway', role: 'operator' }, T0);
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    const reading = [{ series: 'plant1/a/temp', ts: T0, value: 1, unit: 'Cel' }];
    const res = await app.request(
      '/api/v1/points',
      {
        method: 'POST',
        headers: { ...as(op), 'content-type': 'application/json' },
        body: JSON.stringify(reading),
      },
      { incoming: { socket: { remoteAddress: '10.1.2.3' } } },
    );
    expect(res.status).toBe(200);
    // A refused write is recorded too.
    expect(
      (await call('PATCH', '/api/v1/series/plant1%2Fa%2Ftemp', { retentionDays: 9 }, as(op))).status,
    ).toBe(403);
    expect(
      (await call('PATCH', '/api/v1/series/plant1%2Fa%2Ftemp', { retentionDays: 90 }, as(admin))).status,
    ).toBe(200);
    const created = await call('POST', '/api/v1/keys', { name: 'new', role: 'viewer' }, as(admin));
    expect(created.status).toBe(201);
    // Reads are not recorded.
    await call('GET', '/api/v1/series', undefined, as(op));

    const { body } = await call('GET', '/api/v1/audit', undefined, as(admin));
    const lines = body.records as Array<Record<string, unknown>>;
    expect(lines.map((l) => `${l.method} ${l.status} ${l.actorName} ${l.action}`)).toEqual([
      'POST 201 root key.create',
      'PATCH 200 root series.update',
      'PATCH 403 line-3 gateway http.write',
      'POST 200 line-3 gateway http.write',
    ]);
    expect(lines[3]).toMatchObject({
      actorKind: 'key',
      actorId: op.record.id,
      path: '/api/v1/points',
      ip: '10.1.2.3',
      org: 'default',
    });
    expect(lines[1]).toMatchObject({ target: 'plant1/a/temp' });
    expect(lines[1]?.before).not.toMatchObject({ retentionDays: 90 });
    expect(lines[1]?.after).toMatchObject({ retentionDays: 90 });
    expect(JSON.stringify(lines)).not.toContain(created.body.secret);
    expect(lines[0]?.after).toMatchObject({ name: 'new', secret: '[redacted]' });
    // Only admins read it.
    expect((await call('GET', '/api/v1/audit', undefined, as(op))).status).toBe(403);
  });

  it('filters, pages and exports CSV (formula cells neutralised) and NDJSON', async () => {
    const { call, request } = setup();
    const admin = await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const as = { authorization: `Bearer ${admin.secret}` };
    for (const name of ['=HYPERLINK("http://evil")', '+1', '-2', '@sum', 'plain'])
      await call('POST', '/api/v1/auth/login', { username: name, password: 'x' });
    const page1 = (await call('GET', '/api/v1/audit?action=auth.login.failed&limit=2', undefined, as)).body;
    expect(page1.records.map((r: { actorName: string }) => r.actorName)).toEqual(['plain', '@sum']);
    const page2 = (
      await call('GET', `/api/v1/audit?action=auth.&limit=2&before=${page1.next}`, undefined, as)
    ).body;
    expect(page2.records.map((r: { actorName: string }) => r.actorName)).toEqual(['-2', '+1']);
    expect((await call('GET', '/api/v1/audit?actor=plain', undefined, as)).body.records).toHaveLength(1);
    expect((await call('GET', `/api/v1/audit?from=${T0 + 1}`, undefined, as)).body.records).toHaveLength(0);

    const csv = await (
      await request('GET', '/api/v1/audit?format=csv&action=auth.login.failed', undefined, as)
    ).text();
    const rows = csv.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'id,time,actorKind,actorId,actorName,org,action,method,path,target,status,ip,before,after,comment',
    );
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(csv).toContain(",'+1,");
    expect(csv).toContain(",'-2,");
    expect(csv).toContain(",'@sum,");
    expect(csv).not.toMatch(/,=/);
    const nd = await (await request('GET', '/api/v1/audit?format=ndjson', undefined, as)).text();
    const parsed = nd
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(parsed).toHaveLength(5);
    expect(parsed[0]).toMatchObject({ action: 'auth.login.failed', actorKind: 'anonymous', status: 401 });
    expect(csvCell('\t=1')).toBe("'\t=1");
    expect(csvCell('a,b')).toBe('"a,b"');
  });

  it('is append-only: no route changes or deletes a line', async () => {
    const { call } = setup();
    const admin = await createApiKey(raw, { name: 'root', role: 'admin' }, T0);
    const as = { authorization: `Bearer ${admin.secret}` };
    await call('POST', '/api/v1/auth/login', { username: 'x', password: 'y' });
    for (const method of ['DELETE', 'PUT', 'PATCH', 'POST'])
      for (const path of ['/api/v1/audit', '/api/v1/audit/1'])
        expect((await call(method, path, {}, as)).status, `${method} ${path}`).toBe(404);
    const doc = (await call('GET', '/api/openapi.json')).body;
    const auditPaths = Object.entries(doc.paths as Record<string, object>).filter(([p]) =>
      p.startsWith('/api/v1/audit'),
    );
    expect(auditPaths.map(([p, ops]) => [p, Object.keys(ops)])).toEqual([['/api/v1/audit', ['get']]]);
    expect((await raw.listAudit({ action: 'auth.login.failed' })).length).toBe(1);
  });
});
