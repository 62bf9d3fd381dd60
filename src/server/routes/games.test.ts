import { beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../../store/index.js';
import { bearer, seedOrgs } from '../auth/scope.fixture.js';
import { createTestApp } from '../test-app.fixture.js';

let raw: Store;
beforeEach(async () => {
  raw = await openSqliteStore(':memory:');
  await seedOrgs(raw);
});

const setup = () => createTestApp(raw, { auth: { mode: 'keys', loopbackOnly: true }, web: false });
const talmud = (estate: number) => ({
  players: ['A', 'B', 'C'],
  kind: 'profit',
  // Aumann & Maschler (1985): claims 100/200/300, v(S) = max(0, E − claims outside S).
  v: Object.fromEntries(
    [
      ['A', 100],
      ['B', 200],
      ['C', 300],
      ['A,B', 300],
      ['A,C', 400],
      ['B,C', 500],
      ['A,B,C', 600],
    ].map(([k, claims]) => [k, Math.max(0, estate - (600 - (claims as number)))]),
  ),
});

describe('POST /api/v1/games/solve', () => {
  it('answers the CLI contract: Aumann–Maschler estate 300 → nucleolus 50/100/150', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const r = await call('POST', '/api/v1/games/solve', talmud(300), op);
    expect(r.status).toBe(200);
    expect(Object.keys(r.body)).toEqual(['shapley', 'nucleolus', 'core_empty', 'least_core_epsilon']);
    expect(r.body.nucleolus).toEqual({ A: 50, B: 100, C: 150 });
    expect(r.body.core_empty).toBe(false);
    const e = await call('POST', '/api/v1/games/solve', { ...talmud(100), explain: true }, op);
    expect(e.body.nucleolus.A).toBeCloseTo(100 / 3, 7);
    expect(e.body.coalitions).toHaveLength(7);
    expect(e.body.coalitions.every((l: { nucleolusBlocks: boolean }) => !l.nucleolusBlocks)).toBe(true);
  });

  it('needs the plan permission: 403 for a viewer', async () => {
    const { call } = setup();
    const viewer = await bearer(raw, 'viewer', { org: 'acme' });
    const r = await call('POST', '/api/v1/games/solve', talmud(200), viewer);
    expect(r.status).toBe(403);
    expect(r.body.detail).toMatch(/'plan'/);
  });

  it.each([
    [{ ...talmud(200), players: ['A', 'B', 'A'] }, 'players[2]'],
    [{ ...talmud(200), v: { ...talmud(200).v, 'C,B': 1 } }, 'v["C,B"]'],
    [{ ...talmud(200), v: { ...talmud(200).v, 'A,Z': 1 } }, 'v["A,Z"]'],
    [{ ...talmud(200), kind: 'cost', v: { 'A,B': 1, 'A,C': 1, 'B,C': 1, 'A,B,C': 1 } }, 'v["A"]'],
    [{ ...talmud(200), kind: 'loss' }, 'kind'],
    [{ ...talmud(200), players: Array.from({ length: 15 }, (_, i) => `P${i}`) }, 'players'],
    [{ ...talmud(200), v: { ...talmud(200).v, A: '1' } }, 'v.A'],
    [{ ...talmud(200), extra: true }, ''],
  ])('400 naming the field for hostile body %#', async (body, field) => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const r = await call('POST', '/api/v1/games/solve', body, op);
    expect(r.status).toBe(400);
    if (field) expect(r.body.field).toBe(field);
  });

  it('400 for a coalition key repeated verbatim (JSON.parse would keep the last)', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const text = '{"players":["A","B"],"kind":"profit","v":{"A,B":1,"A,B":2}}';
    const r = await call('POST', '/api/v1/games/solve', text, op);
    expect([r.status, r.body.field]).toEqual([400, 'v["A,B"]']);
  });

  it('is documented in the OpenAPI document with its permission and schemas', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const doc = (await call('GET', '/api/openapi.json', undefined, op)).body;
    const post = doc.paths['/api/v1/games/solve'].post;
    expect(post['x-permission']).toBe('plan');
    expect(doc.components.schemas.GameRequest.required).toEqual(
      expect.arrayContaining(['players', 'kind', 'v']),
    );
    expect(Object.keys(doc.components.schemas.GameResult.properties)).toEqual(
      expect.arrayContaining(['shapley', 'nucleolus', 'core_empty', 'least_core_epsilon']),
    );
  });

  it('refuses a body over the size limit with 413', async () => {
    const { call } = setup();
    const op = await bearer(raw, 'operator', { org: 'acme' });
    const big = { ...talmud(200), name: 'x'.repeat(2 * 1024 * 1024) };
    expect((await call('POST', '/api/v1/games/solve', big, op)).status).toBe(413);
  });
});
