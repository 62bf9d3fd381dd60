import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger, verifyBundle, verifyConsistency } from '../../ledger/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createApiKey } from '../auth/api-key.js';
import type { AuthOptions } from '../auth/policy.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 4, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

function setup(auth: AuthOptions = { mode: 'none', loopbackOnly: true }) {
  const { app, call } = createTestApp(raw, { now: T0, auth, web: false });
  return {
    app,
    call: (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
      call<Record<string, unknown>>(method, `/api/v1${path}`, body, headers),
  };
}

const event = (serial: number) => ({
  type: 'ObjectEvent',
  eventTime: '2024-05-01T08:00:00Z',
  eventTimeZoneOffset: '+00:00',
  epcList: [`https://id.gs1.org/01/09521234543213/21/${serial}`],
  action: 'OBSERVE',
  bizStep: 'shipping',
});
const batch = {
  org: 'acme',
  gtin: '09521234543213',
  lot: 'L7',
  quantity: 100,
  site: '9521234000006',
  producedAt: '2024-05-01T06:00:00Z',
};
const handover = {
  org: 'acme',
  sscc: '039521234000000014',
  from: '9521234000006',
  to: '9521234000013',
  location: '9521234000020',
  handedOverAt: '2024-05-01T09:00:00Z',
  contents: [{ gtin: '09521234543213', lot: 'L7', quantity: 100 }],
  purchaseOrder: 'PO-1',
};

describe('ledger routes', () => {
  it('org → events → flows → entries, checkpoints, proofs that verify offline, consistency, audit', async () => {
    const { call } = setup();
    const org = await call('POST', '/ledger/orgs', { name: 'acme' });
    expect(org.status).toBe(201);
    expect(org.body).toMatchObject({
      name: 'acme',
      public_key: expect.stringMatching(/^acme\+[0-9a-f]{8}\+/),
    });
    expect((await call('GET', '/ledger/orgs')).body.orgs).toHaveLength(1);

    const a = await call('POST', '/ledger/events', { org: 'acme', event: event(1) });
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ results: [{ index: 0 }], checkpoint: { size: 1 } });
    const doc = {
      type: 'EPCISDocument',
      schemaVersion: '2.0',
      creationDate: '2024-05-01T08:00:00Z',
      epcisBody: { eventList: [event(2), event(3)] },
    };
    expect((await call('POST', '/ledger/events', { org: 'acme', event: doc })).body).toMatchObject({
      results: [{ index: 1 }, { index: 2 }],
    });
    const made = await call('POST', '/ledger/flows/batch-produced', batch);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ results: [{ index: 3 }], checkpoint: { size: 4 } });
    const shipped = await call('POST', '/ledger/flows/shipment-handover', handover);
    expect(shipped.body).toMatchObject({ results: [{ index: 4 }, { index: 5 }, { index: 6 }] });

    const entries = await call('GET', '/ledger/entries?from=3&limit=10');
    expect(entries.body.size).toBe(7);
    expect(
      (entries.body.entries as { event_type: string; org: string }[]).map((e) => [e.event_type, e.org]),
    ).toEqual([
      ['ObjectEvent', 'acme'],
      ['AggregationEvent', 'acme'],
      ['ObjectEvent', 'acme'],
      ['TransactionEvent', 'acme'],
    ]);

    const cps = await call('GET', '/ledger/checkpoints');
    const list = cps.body.checkpoints as { size: number; signers: { name: string }[] }[];
    expect(list.map((c) => c.size)).toEqual([7, 4, 3, 1]);
    expect(list[0]?.signers.map((s) => s.name)).toEqual([cps.body.origin]);

    const bundle = await call('GET', '/ledger/proofs/4');
    expect(bundle.status).toBe(200);
    const v = verifyBundle(bundle.body, { trustedLogKey: cps.body.public_key as string });
    expect(v.ok && [v.value.org, v.value.tree_size]).toEqual(['acme', 7]);
    const forged = { ...bundle.body, leaf_hash: '00'.repeat(32) };
    expect(verifyBundle(forged).ok).toBe(false);

    const cons = await call('GET', '/ledger/consistency?from=3&to=7');
    const c = cons.body as { root1: string; root2: string; proof: string[] };
    expect(
      verifyConsistency({
        size1: 3,
        size2: 7,
        root1: Buffer.from(c.root1, 'hex'),
        root2: Buffer.from(c.root2, 'hex'),
        proof: c.proof.map((h) => Buffer.from(h, 'hex')),
      }),
    ).toBe(true);

    expect((await call('GET', '/ledger/audit')).body).toMatchObject({ ok: true, entries: 7 });
    // The CLI opens the same tables in the same database: a second engine sees the same log.
    const again = await Ledger.open({ store: raw.ledger });
    expect(again.size).toBe(7);
  });

  it('names the bad field of events and flows; unknown orgs and indexes are 404', async () => {
    const { call } = setup();
    await call('POST', '/ledger/orgs', { name: 'acme' });
    const bad = await call('POST', '/ledger/events', {
      org: 'acme',
      event: { ...event(1), eventTime: 'yesterday', action: 'MOVE' },
    });
    expect(bad.status).toBe(400);
    const fields = (bad.body.errors as { field: string }[]).map((e) => e.field).sort();
    expect(fields).toEqual(['event.action', 'event.eventTime']);
    const noType = await call('POST', '/ledger/events', { org: 'acme', event: { eventTime: 'x' } });
    expect(noType.body.field).toBe('event.type');
    const flow = await call('POST', '/ledger/flows/batch-produced', { ...batch, gtin: '09521234543210' });
    expect(flow.status).toBe(400);
    expect(flow.body).toMatchObject({ field: 'gtin', detail: expect.stringMatching(/check digit/) });
    const hand = await call('POST', '/ledger/flows/shipment-handover', { ...handover, to: undefined });
    expect(hand.body.field).toBe('to');
    expect((await call('POST', '/ledger/events', { org: 'nobody', event: event(1) })).status).toBe(404);
    expect((await call('POST', '/ledger/events', { event: event(1) })).body.field).toBe('org');
    expect((await call('GET', '/ledger/proofs/99')).status).toBe(404);
    expect((await call('GET', '/ledger/proofs/-1')).status).toBe(400);
    expect((await call('GET', '/ledger/consistency?from=0')).status).toBe(400);
    expect((await call('POST', '/ledger/orgs', { name: 'has space' })).body.field).toBe('name');
    expect((await call('POST', '/ledger/orgs', { name: 'acme' })).status).toBe(409);
    // Nothing accepted was lost: the log is still empty and intact.
    expect((await call('GET', '/ledger/audit')).body).toMatchObject({ ok: true, entries: 0 });
  });

  it('engineers append (operators may not); only admins create organisations and audit; viewers only read', async () => {
    const { call } = setup({ mode: 'keys', loopbackOnly: true });
    const as = (k: { secret: string }) => ({ authorization: `Bearer ${k.secret}` });
    const viewer = as(await createApiKey(raw, { name: 'v', role: 'viewer' }, T0));
    const operator = as(await createApiKey(raw, { name: 'o', role: 'operator' }, T0));
    const engineer = as(await createApiKey(raw, { name: 'e', role: 'engineer' }, T0));
    const admin = as(await createApiKey(raw, { name: 'a', role: 'admin' }, T0));
    expect((await call('POST', '/ledger/orgs', { name: 'acme' }, engineer)).status).toBe(403);
    expect((await call('POST', '/ledger/orgs', { name: 'acme' }, admin)).status).toBe(201);
    expect((await call('POST', '/ledger/events', { org: 'acme', event: event(1) }, viewer)).status).toBe(403);
    // 'ledger:append' is an engineer's permission, not an operator's (core/access.ts).
    expect((await call('POST', '/ledger/events', { org: 'acme', event: event(1) }, operator)).status).toBe(
      403,
    );
    expect((await call('POST', '/ledger/events', { org: 'acme', event: event(1) }, engineer)).status).toBe(
      201,
    );
    expect((await call('GET', '/ledger/entries', undefined, viewer)).status).toBe(200);
    expect((await call('GET', '/ledger/proofs/0', undefined, viewer)).status).toBe(200);
    expect((await call('GET', '/ledger/audit', undefined, engineer)).status).toBe(403);
    expect((await call('GET', '/ledger/audit', undefined, admin)).status).toBe(200);
  });

  it('concurrent appends keep consecutive indexes and every one proves', async () => {
    const { call } = setup();
    await call('POST', '/ledger/orgs', { name: 'acme' });
    const res = await Promise.all(
      Array.from({ length: 12 }, (_, i) => call('POST', '/ledger/events', { org: 'acme', event: event(i) })),
    );
    const idx = res.map((r) => (r.body.results as { index: number }[])[0]?.index).sort((x, y) => x! - y!);
    expect(idx).toEqual(Array.from({ length: 12 }, (_, i) => i));
    for (const i of [0, 5, 11])
      expect(verifyBundle((await call('GET', `/ledger/proofs/${i}`)).body).ok).toBe(true);
  });

  it('the OpenAPI document lists the ledger routes', async () => {
    const { app } = setup();
    const doc = (await (await app.request('/api/openapi.json')).json()) as { paths: Record<string, unknown> };
    for (const p of [
      '/api/v1/ledger/events',
      '/api/v1/ledger/proofs/{index}',
      '/api/v1/ledger/flows/batch-produced',
    ])
      expect(Object.keys(doc.paths)).toContain(p);
  });
});
