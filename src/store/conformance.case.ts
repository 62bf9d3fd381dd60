/**
 * The conformance suite every Store implementation runs (SQLite now, PostgreSQL later): it states
 * the contract of store.ts as executable checks. `open` must return a fresh, empty, migrated store.
 *
 * @example runStoreConformance('sqlite :memory:', () => openSqliteStore(':memory:'));
 */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type Bucket, QUALITY, XinzhiError } from '../core/index.js';
import type { Store } from './store.js';

const T0 = Date.UTC(2024, 0, 1);
const MIN = 60_000;
const HOUR = 3_600_000;
const SID = 'plant1/press/line1/m3/temp';

/** Bucketed aggregate computed in plain JS from raw points: the oracle for rollup reads. */
export function bucketsFromRaw(
  points: ReadonlyArray<{ ts: number; value: number }>,
  from: number,
  to: number,
  bucketMs: number,
): Bucket[] {
  const map = new Map<
    number,
    { min: number; max: number; sum: number; count: number; lastTs: number; last: number }
  >();
  for (const p of points) {
    if (p.ts < from || p.ts >= to) continue;
    const b = p.ts - (((p.ts % bucketMs) + bucketMs) % bucketMs);
    const a = map.get(b);
    if (!a) map.set(b, { min: p.value, max: p.value, sum: p.value, count: 1, lastTs: p.ts, last: p.value });
    else {
      a.min = Math.min(a.min, p.value);
      a.max = Math.max(a.max, p.value);
      a.sum += p.value;
      a.count++;
      if (p.ts > a.lastTs) {
        a.lastTs = p.ts;
        a.last = p.value;
      }
    }
  }
  return [...map.entries()]
    .sort((x, y) => x[0] - y[0])
    .map(([ts, a]) => ({ ts, min: a.min, max: a.max, avg: a.sum / a.count, count: a.count, last: a.last }));
}

function expectBucketsClose(actual: readonly Bucket[], expected: readonly Bucket[]): void {
  expect(actual.map((b) => [b.ts, b.count, b.min, b.max, b.last])).toEqual(
    expected.map((b) => [b.ts, b.count, b.min, b.max, b.last]),
  );
  actual.forEach((b, i) => {
    const e = expected[i]!;
    expect(Math.abs(b.avg - e.avg)).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(e.avg)));
  });
}

async function expectXinzhiError(p: Promise<unknown>, code: string, mention?: string): Promise<XinzhiError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(XinzhiError);
  const x = e as XinzhiError;
  expect(x.code).toBe(code);
  if (mention) expect(`${x.message} ${x.field ?? ''}`).toContain(mention);
  return x;
}

export function runStoreConformance(
  name: string,
  open: () => Promise<Store>,
  opts: { reopen?: () => Promise<Store> } = {},
): void {
  describe(`Store conformance: ${name}`, () => {
    let store: Store;
    beforeEach(async () => {
      store = await open();
    });
    afterEach(async () => {
      await store.close();
    });

    const series = async (id = SID, unit = 'Cel') => {
      const i = id.lastIndexOf('/');
      return store.upsertSeries({ assetId: id.slice(0, i), metric: id.slice(i + 1), unit });
    };

    describe('migrations', () => {
      it('migrate() is idempotent', async () => {
        await store.migrate();
        await store.migrate();
        expect(await store.listAssets()).toEqual([]);
      });
    });

    describe('assets', () => {
      it('creates missing ancestors with ISA-95 kinds by depth', async () => {
        const a = await store.upsertAsset({ id: 'plant1/press/line1/m3' });
        expect(a).toMatchObject({
          id: 'plant1/press/line1/m3',
          parentId: 'plant1/press/line1',
          kind: 'equipment',
          name: 'm3',
        });
        const all = await store.listAssets();
        expect(all.map((x) => [x.id, x.kind, x.parentId])).toEqual([
          ['plant1', 'site', null],
          ['plant1/press', 'area', 'plant1'],
          ['plant1/press/line1', 'line', 'plant1/press'],
          ['plant1/press/line1/m3', 'equipment', 'plant1/press/line1'],
        ]);
      });

      it('infers farm and fleet kinds from an explicit kind or an existing ancestor', async () => {
        await store.upsertAsset({ id: 'farm1/north/z3', kind: 'zone' });
        expect((await store.getAsset('farm1'))?.kind).toBe('site');
        expect((await store.getAsset('farm1/north'))?.kind).toBe('field');
        await store.upsertAsset({ id: 'farm1/south/z1' });
        expect((await store.getAsset('farm1/south'))?.kind).toBe('area');
        await store.upsertAsset({ id: 'farm1/north/z4' });
        expect((await store.getAsset('farm1/north/z4'))?.kind).toBe('zone');
        await store.upsertAsset({ id: 'depot9', kind: 'depot' });
        await store.upsertAsset({ id: 'depot9/truck7' });
        expect((await store.getAsset('depot9/truck7'))?.kind).toBe('vehicle');
      });

      it('updates name, kind and attributes and lists a subtree', async () => {
        await store.upsertAsset({ id: 'p/a/l/m1' });
        await store.upsertAsset({ id: 'p/a/l2' });
        await store.upsertAsset({ id: 'p/a0' });
        const u = await store.upsertAsset({
          id: 'p/a/l/m1',
          name: 'Press 1',
          attributes: { vendor: 'ACME' },
        });
        expect(u).toMatchObject({ name: 'Press 1', kind: 'equipment', attributes: { vendor: 'ACME' } });
        const k = await store.upsertAsset({ id: 'p/a/l/m1', kind: 'other' });
        expect(k).toMatchObject({ name: 'Press 1', kind: 'other', attributes: { vendor: 'ACME' } });
        expect((await store.listAssets({ rootId: 'p/a' })).map((x) => x.id)).toEqual([
          'p/a',
          'p/a/l',
          'p/a/l/m1',
          'p/a/l2',
        ]);
        expect(await store.getAsset('nope')).toBeUndefined();
      });

      it('rejects malformed ids naming the field', async () => {
        for (const id of ['', 'a//b', '/a', 'a/', 'a/+/b', 'a/#', ' a']) {
          await expectXinzhiError(store.upsertAsset({ id }), 'BAD_INPUT', 'id');
        }
        await expectXinzhiError(store.upsertAsset({ id: 'a', kind: 'castle' as never }), 'BAD_INPUT', 'kind');
      });
    });

    describe('series', () => {
      it('creates the series and its asset, keeps the unit fixed, updates settings', async () => {
        const s = await series();
        expect(s).toMatchObject({
          id: SID,
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
          description: '',
          minValue: null,
          maxValue: null,
          retentionDays: null,
          expectedIntervalMs: null,
        });
        expect((await store.getAsset('plant1/press/line1/m3'))?.kind).toBe('equipment');
        const u = await store.upsertSeries({
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
          minValue: -40,
          maxValue: 200,
          retentionDays: 30,
          expectedIntervalMs: 10_000,
          description: 'bearing',
        });
        expect(u).toMatchObject({
          minValue: -40,
          maxValue: 200,
          retentionDays: 30,
          expectedIntervalMs: 10_000,
        });
        const again = await store.upsertSeries({
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
        });
        expect(again.maxValue).toBe(200);
        await expectXinzhiError(
          store.upsertSeries({ assetId: 'plant1/press/line1/m3', metric: 'temp', unit: '[degF]' }),
          'CONFLICT',
          'unit',
        );
        await expectXinzhiError(
          store.upsertSeries({ assetId: 'a', metric: 'x', unit: '1', minValue: 5, maxValue: 1 }),
          'BAD_INPUT',
          'minValue',
        );
        await expectXinzhiError(
          store.upsertSeries({ assetId: 'a', metric: 'x/y', unit: '1' }),
          'BAD_INPUT',
          'metric',
        );
        await expectXinzhiError(
          store.upsertSeries({ assetId: 'a', metric: 'x', unit: '' }),
          'BAD_INPUT',
          'unit',
        );
      });

      it('lists by asset and subtree', async () => {
        await series('p/a/m1/t');
        await series('p/a/m1/p', 'kPa');
        await series('p/b/m2/t');
        expect((await store.listSeries()).map((s) => s.id)).toEqual(['p/a/m1/p', 'p/a/m1/t', 'p/b/m2/t']);
        expect((await store.listSeries({ assetId: 'p/a/m1' })).map((s) => s.id)).toEqual([
          'p/a/m1/p',
          'p/a/m1/t',
        ]);
        expect((await store.listSeries({ rootId: 'p/b' })).map((s) => s.id)).toEqual(['p/b/m2/t']);
        expect(await store.getSeries('p/zz')).toBeUndefined();
      });
    });

    describe('points', () => {
      it('writes, skips duplicates, replaces changed values, reads back in order', async () => {
        await series();
        const r1 = await store.writePoints([
          { seriesId: SID, ts: T0 + 2000, value: 2 },
          { seriesId: SID, ts: T0, value: 0, quality: QUALITY.OUTLIER },
          { seriesId: SID, ts: T0 + 1000, value: 1 },
        ]);
        expect(r1).toEqual({ written: 3, duplicates: 0, replaced: 0 });
        const r2 = await store.writePoints([
          { seriesId: SID, ts: T0 + 1000, value: 1 },
          { seriesId: SID, ts: T0 + 2000, value: 5 },
          { seriesId: SID, ts: T0 + 3000, value: 3 },
          { seriesId: SID, ts: T0 + 3000, value: 3 },
        ]);
        expect(r2).toEqual({ written: 1, duplicates: 2, replaced: 1 });
        expect(await store.queryPoints(SID, { from: T0, to: T0 + 10_000 })).toEqual([
          { ts: T0, value: 0, quality: QUALITY.OUTLIER },
          { ts: T0 + 1000, value: 1, quality: 0 },
          { ts: T0 + 2000, value: 5, quality: 0 },
          { ts: T0 + 3000, value: 3, quality: 0 },
        ]);
        expect(await store.queryPoints(SID, { from: T0 + 1000, to: T0 + 3000 })).toHaveLength(2);
        expect(await store.queryPoints(SID, { from: T0, to: T0 + 10_000, limit: 1 })).toHaveLength(1);
        expect(await store.writePoints([])).toEqual({ written: 0, duplicates: 0, replaced: 0 });
      });

      it('rejects unknown series (NOT_FOUND naming it) and bad values (BAD_INPUT), writing nothing', async () => {
        await series();
        const e = await expectXinzhiError(
          store.writePoints([
            { seriesId: SID, ts: T0, value: 1 },
            { seriesId: 'ghost/x', ts: T0, value: 1 },
          ]),
          'NOT_FOUND',
          'ghost/x',
        );
        expect(e.field).toBe('batch[1].seriesId');
        for (const value of [
          Number.NaN,
          Number.POSITIVE_INFINITY,
          Number.NEGATIVE_INFINITY,
          '3' as unknown as number,
        ]) {
          await expectXinzhiError(
            store.writePoints([
              { seriesId: SID, ts: T0 + 5, value: 1 },
              { seriesId: SID, ts: T0, value },
            ]),
            'BAD_INPUT',
            'batch[1].value',
          );
        }
        await expectXinzhiError(store.writePoints([{ seriesId: SID, ts: 1.5, value: 1 }]), 'BAD_INPUT', 'ts');
        await expectXinzhiError(
          store.writePoints([{ seriesId: SID, ts: T0, value: 1, quality: -1 }]),
          'BAD_INPUT',
          'quality',
        );
        expect(await store.queryPoints(SID, { from: 0, to: T0 * 2 })).toEqual([]);
        await expectXinzhiError(store.queryPoints('ghost/x', { from: 0, to: 1 }), 'NOT_FOUND', 'ghost/x');
        await expectXinzhiError(
          store.queryBuckets('ghost/x', { from: 0, to: 1, bucketMs: 1 }),
          'NOT_FOUND',
          'ghost/x',
        );
        await expectXinzhiError(
          store.queryBuckets(SID, { from: 0, to: 1, bucketMs: 0 }),
          'BAD_INPUT',
          'bucketMs',
        );
        await expectXinzhiError(store.pointStats('ghost/x'), 'NOT_FOUND', 'ghost/x');
        await expectXinzhiError(store.latest(['ghost/x']), 'NOT_FOUND', 'ghost/x');
      });

      it('latest and pointStats', async () => {
        await series();
        await series('p/q', '1');
        await store.writePoints([
          { seriesId: SID, ts: T0 + 5000, value: 7, quality: QUALITY.OUTLIER | QUALITY.CONVERTED },
          { seriesId: SID, ts: T0, value: 1, quality: QUALITY.OUTLIER },
          { seriesId: SID, ts: T0 + 1000, value: 2 },
        ]);
        const latest = await store.latest();
        expect([...latest.entries()]).toEqual([[SID, { ts: T0 + 5000, value: 7, quality: 9 }]]);
        expect((await store.latest([SID])).get(SID)?.value).toBe(7);
        expect(await store.pointStats(SID)).toEqual({
          count: 3,
          firstTs: T0,
          lastTs: T0 + 5000,
          flagged: { [QUALITY.OUTLIER]: 2, [QUALITY.CONVERTED]: 1 },
        });
        expect(await store.pointStats(SID, { from: T0 + 500 })).toMatchObject({
          count: 2,
          firstTs: T0 + 1000,
        });
        expect(await store.pointStats('p/q')).toEqual({ count: 0, firstTs: null, lastTs: null, flagged: {} });
      });
    });

    const reopen = opts.reopen;
    if (reopen) {
      describe('durability', () => {
        it('keeps assets, series, points and rollups after close and reopen', async () => {
          await series();
          const pts = Array.from({ length: 500 }, (_, i) => ({
            seriesId: SID,
            ts: T0 + i * 30_000,
            value: i,
          }));
          await store.writePoints(pts);
          await store.putDoc('t', 'k', { a: 1 });
          await store.close();
          store = await reopen();
          expect((await store.getSeries(SID))?.unit).toBe('Cel');
          expect(await store.queryPoints(SID, { from: T0, to: T0 + 1e9 })).toHaveLength(500);
          const r = await store.queryBuckets(SID, { from: T0, to: T0 + 5 * HOUR, bucketMs: HOUR });
          expect(r.source).toBe('1h');
          expectBucketsClose(r.buckets, bucketsFromRaw(pts, T0, T0 + 5 * HOUR, HOUR));
          expect(await store.getDoc('t', 'k')).toEqual({ a: 1 });
        });
      });
    }

    describe('bucketed reads', () => {
      it('picks the coarsest rollup that divides the bucket and reports it', async () => {
        await series();
        const pts = Array.from({ length: 3 * 360 }, (_, i) => ({
          seriesId: SID,
          ts: T0 + i * 10_000,
          value: i % 17,
        }));
        await store.writePoints(pts);
        const day = { from: T0, to: T0 + 3 * HOUR };
        const h = await store.queryBuckets(SID, { ...day, bucketMs: HOUR });
        expect(h.source).toBe('1h');
        expectBucketsClose(h.buckets, bucketsFromRaw(pts, day.from, day.to, HOUR));
        const m = await store.queryBuckets(SID, { ...day, bucketMs: 5 * MIN });
        expect(m.source).toBe('1m');
        expectBucketsClose(m.buckets, bucketsFromRaw(pts, day.from, day.to, 5 * MIN));
        const raw = await store.queryBuckets(SID, { ...day, bucketMs: 15_000 });
        expect(raw.source).toBe('raw');
        expectBucketsClose(raw.buckets, bucketsFromRaw(pts, day.from, day.to, 15_000));
        const short = await store.queryBuckets(SID, { from: T0, to: T0 + 10 * MIN, bucketMs: MIN });
        expect(short.source).toBe('raw');
        const forced = await store.queryBuckets(SID, { ...day, bucketMs: HOUR, source: 'raw' });
        expect(forced.source).toBe('raw');
        expectBucketsClose(forced.buckets, h.buckets);
      });

      it('rounds a bucket that no rollup divides up to a multiple of the rollup, exactly', async () => {
        await series();
        const pts = Array.from({ length: 2000 }, (_, i) => ({
          seriesId: SID,
          ts: T0 + i * 137_000,
          value: (i * 7) % 23,
        }));
        await store.writePoints(pts);
        const range = { from: T0 + 12_345, to: T0 + 2000 * 137_000 - 99_999 };
        const r = await store.queryBuckets(SID, { ...range, bucketMs: Math.round(2.1 * HOUR) + 7 });
        expect(r.source).toBe('1m');
        expect(r.bucketMs % MIN).toBe(0);
        expectBucketsClose(r.buckets, bucketsFromRaw(pts, range.from, range.to, r.bucketMs));
        const big = await store.queryBuckets(SID, { ...range, bucketMs: Math.round(21.3 * HOUR) + 7 });
        expect(big).toMatchObject({ source: '1h', bucketMs: 22 * HOUR });
        expectBucketsClose(big.buckets, bucketsFromRaw(pts, range.from, range.to, big.bucketMs));
      });

      it('rollups equal the aggregation of raw points (property: out of order, duplicates, replacements)', async () => {
        await series();
        const point = fc.record({
          ts: fc.integer({ min: 0, max: 6 * HOUR }).map((t) => T0 + t - 2 * HOUR),
          value: fc.oneof(fc.integer({ min: -50, max: 50 }), fc.double({ min: -1e6, max: 1e6, noNaN: true })),
        });
        let round = 0;
        await fc.assert(
          fc.asyncProperty(
            fc.array(fc.array(point, { minLength: 1, maxLength: 60 }), { minLength: 1, maxLength: 5 }),
            fc.integer({ min: 0, max: 3 * HOUR }),
            async (batches, cut) => {
              const sid = `${SID}${round++}`;
              await series(sid);
              const truth = new Map<number, number>();
              for (const b of batches) {
                // Equal times inside a batch: the last one wins, as in the store.
                await store.writePoints(b.map((p) => ({ seriesId: sid, ...p })));
                for (const p of b) truth.set(p.ts, p.value + 0); // SQLite stores -0 as 0
              }
              const raw = [...truth.entries()].map(([ts, value]) => ({ ts, value }));
              const from = T0 - 2 * HOUR + cut;
              const to = T0 + 4 * HOUR + 1;
              for (const [bucketMs, source] of [
                [HOUR, '1h'],
                [MIN, '1m'],
                [2 * HOUR, '1h'],
                [7 * MIN, '1m'],
              ] as const) {
                const r = await store.queryBuckets(sid, { from, to, bucketMs, source });
                expect(r.source).toBe(source);
                expectBucketsClose(r.buckets, bucketsFromRaw(raw, from, to, bucketMs));
              }
            },
          ),
          { numRuns: 40 },
        );
      });
    });
  });
}
