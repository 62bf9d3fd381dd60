import { describe, expect, it } from 'vitest';
import type { Asset, Point, Series } from '../../core/index.js';
import { isXinzhiError } from '../../core/index.js';
import { assetOee, groupOee, type OeeStore } from './asset-oee.js';
import { MACHINE_STATE as S } from './machine-state.js';
import { computeOee } from './oee.js';

const H = 3_600_000;
const M = 60_000;

/** An in-memory store with just the reads OEE uses. */
function fakeStore(
  assets: Array<{ id: string; attributes?: Record<string, unknown> }>,
  points: Record<string, Array<[number, number]>>,
): OeeStore {
  const asset = (a: (typeof assets)[number]): Asset => ({
    id: a.id,
    parentId: a.id.includes('/') ? a.id.slice(0, a.id.lastIndexOf('/')) : null,
    kind: 'equipment',
    name: a.id,
    attributes: a.attributes ?? {},
    createdAt: 0,
  });
  return {
    getAsset: async (id) => {
      const a = assets.find((x) => x.id === id);
      return a ? asset(a) : undefined;
    },
    listAssets: async (f) =>
      assets.filter((a) => !f?.rootId || a.id === f.rootId || a.id.startsWith(`${f.rootId}/`)).map(asset),
    getSeries: async (id) => (points[id] ? ({ id } as Series) : undefined),
    queryPoints: async (id, r) =>
      (points[id] ?? [])
        .filter(([ts]) => ts >= r.from && ts < r.to)
        .map(([ts, value]): Point => ({ ts, value, quality: 0 })),
  };
}

const m1 = 'f/a/line1/m1';
const m2 = 'f/a/line1/m2';
const points: Record<string, Array<[number, number]>> = {
  [`${m1}/state`]: [
    [-30 * M, S.OFF], // outside the 15-minute lookback
    [-5 * M, S.RUN],
    [2 * H, S.PLANNED_STOP],
    [2.5 * H, S.RUN],
    [4 * H, S.DOWN],
    [4.75 * H, S.RUN],
  ],
  [`${m1}/parts_total`]: [
    [-20 * M, 100],
    [-1 * M, 990],
    [3 * H, 1290],
    [6 * H, 40], // reset
    [8 * H, 240],
  ],
  [`${m1}/scrap_total`]: [
    [-1 * M, 3],
    [8 * H, 23],
  ],
  [`${m2}/state`]: [[0, S.RUN]],
  [`${m2}/parts_total`]: [
    [0, 0],
    [8 * H, 2000],
  ],
  'f/a/line1/pump/state': [[0, S.RUN]],
};
const store = fakeStore(
  [
    { id: 'f/a/line1' },
    { id: m1, attributes: { idealCycleTimeS: 24 } },
    { id: m2, attributes: { idealCycleTimeMs: 12_000 } },
    { id: 'f/a/line1/pump' },
  ],
  points,
);

describe('assetOee', () => {
  it('reads the series, the state and counters in force at `from`, and the ideal cycle time', async () => {
    const r = await assetOee(store, m1, { from: 0, to: 8 * H });
    expect(r).toMatchObject({ apt: 6.75 * H, pbt: 7.5 * H, pdot: 0.5 * H, pq: 300 + 40 + 200, sq: 20 });
    expect(r.oee).toBeCloseTo((24_000 * 520) / (7.5 * H), 12);
    expect(r.counterResets).toBe(1);
  });

  it('treats a state older than the lookback as unknown', async () => {
    const r = await assetOee(store, m1, { from: 0, to: 8 * H, lookbackMs: 2 * M });
    expect(r.unknownMs).toBe(2 * H);
  });

  it('names what is missing', async () => {
    const code = async (p: Promise<unknown>) =>
      p.then(
        () => undefined,
        (e: unknown) => (isXinzhiError(e) ? `${e.code} ${e.field}` : String(e)),
      );
    expect(await code(assetOee(store, 'nope', { from: 0, to: H }))).toBe('NOT_FOUND assetId');
    expect(await code(assetOee(store, 'f/a/line1/pump', { from: 0, to: H }))).toBe(
      'BAD_INPUT idealCycleTimeMs',
    );
    expect(await code(assetOee(store, 'f/a/line1/pump', { from: 0, to: H, idealCycleTimeMs: 1000 }))).toBe(
      'NOT_FOUND f/a/line1/pump/parts_total',
    );
  });
});

describe('groupOee', () => {
  it('covers the machines with an ideal cycle time and combines them', async () => {
    const g = await groupOee(store, 'f/a/line1', { from: 0, to: 8 * H });
    expect(g.machines.map((m) => m.assetId)).toEqual([m1, m2]);
    const r2 = computeOee({
      from: 0,
      to: 8 * H,
      idealCycleTimeMs: 12_000,
      states: [{ ts: 0, value: S.RUN }],
      produced: [
        { ts: 0, value: 0 },
        { ts: 8 * H, value: 2000 },
      ],
    });
    expect(g.machines[1]!.result).toEqual(r2);
    expect(g.group).toMatchObject({ apt: 6.75 * H + 8 * H, pq: 540 + 2000 });
  });
});
