import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
});
afterEach(() => raw.close());

const capacity = JSON.parse(readFileSync('examples/collab-capacity.json', 'utf8'));
const delivery = {
  depot: [0, 0],
  capacity: 10,
  shippers: [
    { name: 'A', orders: [{ at: [10, 0], demand: 1 }] },
    { name: 'B', orders: [{ at: [10, 1], demand: 1 }] },
  ],
};

function setup(keys = false) {
  const { call } = createTestApp(raw, {
    now: Date.UTC(2024, 0, 1),
    auth: keys ? { mode: 'keys', loopbackOnly: true } : { mode: 'none', loopbackOnly: true },
    web: false,
  });
  return (path: string, body: unknown, headers: Record<string, string> = {}) =>
    call<Record<string, unknown>>('POST', `/api/v1${path}`, body, headers);
}

describe('collaboration routes', () => {
  it('capacity: Owen, Shapley and nucleolus side by side with sentences; delivery routes both coalitions', async () => {
    const post = setup();
    const r = await post('/collab/capacity', capacity);
    expect(r.status).toBe(200);
    expect((r.body.allocations as { method: string }[]).map((a) => a.method)).toEqual([
      'shapley',
      'nucleolus',
      'owen',
    ]);
    expect((r.body.sentences as { zh: string[] }).zh.length).toBe(9);
    const d = await post('/collab/delivery', delivery);
    expect(d.status).toBe(200);
    expect(d.body.coalitions).toHaveLength(3);
  }, 60_000);

  it('malformed input is 400 naming the field; too many shippers or orders are refused before routing', async () => {
    const post = setup();
    const cases: [unknown, string][] = [
      [{ ...capacity, partners: 'x' }, 'partners'],
      [{ ...capacity, products: [{ name: 'p', profit: 'lots', uses: {} }] }, 'products.0.profit'],
      [{ ...delivery, capacity: -1 }, 'capacity'],
      [{ ...delivery, shippers: [{ name: 'A', orders: [] }, delivery.shippers[1]] }, 'shippers.0.orders'],
      [
        {
          ...delivery,
          shippers: Array.from({ length: 7 }, (_, i) => ({
            name: `S${i}`,
            orders: [{ at: [1, 1], demand: 1 }],
          })),
        },
        'shippers',
      ],
      [
        {
          ...delivery,
          shippers: [
            { name: 'A', orders: Array.from({ length: 61 }, () => ({ at: [1, 1], demand: 1 })) },
            delivery.shippers[1],
          ],
        },
        'shippers',
      ],
    ];
    for (const [body, field] of cases) {
      const path = 'partners' in (body as object) ? '/collab/capacity' : '/collab/delivery';
      const r = await post(path, body);
      expect(r.status, field).toBe(400);
      expect(r.body.field, field).toBe(field);
    }
    expect((await post('/collab/capacity', [1, 2])).status).toBe(400);
  });

  it('permission: operators plan; viewers and devices may not', async () => {
    await seedOrgs(raw);
    const post = setup(true);
    expect((await post('/collab/capacity', capacity, await bearer(raw, 'viewer'))).status).toBe(403);
    expect(
      (await post('/collab/capacity', capacity, await bearer(raw, 'device', { asset: 'plant1/press' })))
        .status,
    ).toBe(403);
    expect(
      (await post('/collab/capacity', capacity, await bearer(raw, 'operator', { org: 'acme' }))).status,
    ).toBe(200);
  });
});
