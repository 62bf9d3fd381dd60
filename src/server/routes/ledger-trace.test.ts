import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Ledger, trace } from '../../ledger/index.js';
import { item, lot, recordSupplyChain } from '../../ledger/trace/supply-chain.fixture.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import type { AuthOptions } from '../auth/policy.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

const T0 = Date.UTC(2024, 4, 1);
let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await recordSupplyChain(await Ledger.open({ store: raw.ledger }));
});
afterEach(() => raw.close());

function setup(auth: AuthOptions = { mode: 'none', loopbackOnly: true }) {
  const { call, app } = createTestApp(raw, { now: T0, auth, web: false });
  return Object.assign(
    (path: string, headers: Record<string, string> = {}) =>
      call<Record<string, unknown>>('GET', `/api/v1${path}`, undefined, headers),
    { app },
  );
}
const q = (id: string) => encodeURIComponent(id);

describe('GET /ledger/trace', () => {
  it('forward trace with a proof per event, signing a checkpoint when the log has grown past it', async () => {
    const get = setup();
    const r = await get(`/ledger/trace?id=${q(lot('W1'))}&direction=forward`);
    expect(r.status).toBe(200);
    const t = r.body as unknown as trace.TraceResult;
    expect(t.nodes.map((n) => n.id)).toContain(trace.traceKey(item(1)));
    expect(t.hops.every((h) => h.proof?.tree_size === t.checkpoint?.size)).toBe(true);
    const back = await get(`/ledger/trace?id=${q(item(1))}&id=${q(item(2))}&direction=backward&proofs=false`);
    expect((back.body as unknown as trace.TraceResult).start).toHaveLength(2);
    expect((back.body as unknown as trace.TraceResult).hops[0]?.proof).toBeNull();
  });

  it('recall.csv: the customers and quantities affected by a lot', async () => {
    const get = setup();
    const r = await get.app.request(`/api/v1/ledger/trace/recall.csv?id=${q(lot('W1'))}`);
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = (await r.text()).trim().split('\r\n');
    expect(lines[0]).toMatch(/^customer,/);
    expect(lines).toHaveLength(6);
  });

  it('malformed input: missing id or direction, bad time, too many ids, control characters, huge max_events', async () => {
    const get = setup();
    const bad = [
      '/ledger/trace?direction=forward',
      `/ledger/trace?id=${q(lot('W1'))}`,
      `/ledger/trace?id=${q(lot('W1'))}&direction=sideways`,
      `/ledger/trace?id=${q(lot('W1'))}&direction=forward&at=not-a-time`,
      `/ledger/trace?id=${q(lot('W1'))}&direction=forward&max_events=0`,
      `/ledger/trace?id=${q(lot('W1'))}&direction=forward&max_events=1e9`,
      `/ledger/trace?id=${q('a\u0000b')}&direction=forward`,
      `/ledger/trace?id=${q('x'.repeat(600))}&direction=forward`,
      `/ledger/trace?${Array.from({ length: 101 }, (_, i) => `id=${i}`).join('&')}&direction=forward`,
      '/ledger/trace/recall.csv',
    ];
    for (const path of bad) {
      const r = await get(path);
      expect(r.status, path).toBe(400);
      expect(r.body.type ?? r.body.title, path).toBeDefined();
    }
    const named = await get(`/ledger/trace?id=${q(lot('W1'))}&direction=forward&at=soon`);
    expect(named.body.field).toBe('at');
  });

  it('scope: viewers of the installation read traces; other organisations see nothing; devices may not read', async () => {
    await seedOrgs(raw);
    const get = setup({ mode: 'keys', loopbackOnly: true });
    const path = `/ledger/trace?id=${q(lot('W1'))}&direction=forward&proofs=false`;
    expect((await get(path, await bearer(raw, 'viewer'))).status).toBe(200);
    expect((await get(path, await bearer(raw, 'viewer', { org: 'acme' }))).status).toBe(404);
    expect(
      (await get(`/ledger/trace/recall.csv?id=${q(lot('W1'))}`, await bearer(raw, 'admin', { org: 'beta' })))
        .status,
    ).toBe(404);
    expect((await get(path, await bearer(raw, 'device', { asset: 'plant1/press' }))).status).toBe(403);
  });
});
