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
          signal: null,
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
          signal: 'gauge',
        });
        expect(u).toMatchObject({
          minValue: -40,
          maxValue: 200,
          retentionDays: 30,
          expectedIntervalMs: 10_000,
          signal: 'gauge',
        });
        const again = await store.upsertSeries({
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
        });
        expect(again.maxValue).toBe(200);
        expect(again.signal).toBe('gauge');
        await expectXinzhiError(
          store.upsertSeries({
            assetId: 'plant1/press/line1/m3',
            metric: 'temp',
            unit: 'Cel',
            signal: 'analog' as never,
          }),
          'BAD_INPUT',
          'signal',
        );
        const cleared = await store.upsertSeries({
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
          signal: null,
        });
        expect(cleared.signal).toBeNull();
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

    describe('series management: rename, delete, unit conversion', () => {
      const writeHour = async (id: string) => {
        // 90 points a minute apart at 10.0 … 18.9: two hours, several 1-minute rollups.
        const pts = Array.from({ length: 90 }, (_, i) => ({
          seriesId: id,
          ts: T0 + i * MIN,
          value: 10 + i / 10,
        }));
        await store.writePoints(pts);
        return pts;
      };
      const quarantineFor = (seriesId: string | null) =>
        store.addQuarantine([
          {
            importId: null,
            source: 'http',
            location: 'body[0]',
            raw: 'x',
            reasons: [{ code: 'X', message: 'y' }],
            seriesId,
            ts: T0,
          },
        ]);

      it('renames a series: points, rollups, counters, quarantine rows and events follow', async () => {
        await series();
        await writeHour(SID);
        await store.bumpSeriesCounters(SID, { outliers: 2 }, T0);
        await quarantineFor(SID);
        await store.appendEvent({ ts: T0, kind: 'alarm', message: 'hot', seriesId: SID });
        const renamed = await store.renameSeries(SID, 'plant1/press/line2/m9/temperature');
        expect(renamed).toMatchObject({
          id: 'plant1/press/line2/m9/temperature',
          assetId: 'plant1/press/line2/m9',
          metric: 'temperature',
          unit: 'Cel',
        });
        expect(await store.getSeries(SID)).toBeUndefined();
        expect(await store.getAsset('plant1/press/line2/m9')).toBeDefined();
        const to = T0 + 2 * HOUR;
        expect(await store.queryPoints(renamed.id, { from: T0, to })).toHaveLength(90);
        expect(
          (await store.queryBuckets(renamed.id, { from: T0, to, bucketMs: HOUR, source: '1h' })).buckets.map(
            (b) => b.count,
          ),
        ).toEqual([60, 30]);
        expect((await store.getSeriesCounters(renamed.id)).outliers).toBe(2);
        expect((await store.listQuarantine({ seriesId: renamed.id })).length).toBe(1);
        expect(await store.listQuarantine({ seriesId: SID })).toEqual([]);
        expect((await store.listEvents({ seriesId: renamed.id })).map((e) => e.message)).toEqual(['hot']);
        await expectXinzhiError(store.queryPoints(SID, { from: T0, to }), 'NOT_FOUND', SID);
        // Points written under the new id land on the same series.
        await store.writePoints([{ seriesId: renamed.id, ts: to, value: 1 }]);
        expect((await store.pointStats(renamed.id)).count).toBe(91);
      });

      it('refuses a rename onto an existing id, from an unknown id, or to a malformed id, changing nothing', async () => {
        await series();
        await series('p/m/other');
        await expectXinzhiError(store.renameSeries(SID, 'p/m/other'), 'CONFLICT', 'p/m/other');
        await expectXinzhiError(store.renameSeries('ghost/x', 'p/m/new'), 'NOT_FOUND', 'ghost/x');
        for (const bad of ['', 'single', 'a//b', 'a/../b', 'a/b\u0000', `a/${'x'.repeat(300)}`])
          await expectXinzhiError(store.renameSeries(SID, bad), 'BAD_INPUT', 'newId');
        expect((await store.listSeries()).map((s) => s.id)).toEqual(['p/m/other', SID]);
      });

      it('deletes a series with its points, rollups and counters; the id can be created anew', async () => {
        await series();
        await series('p/m/kept');
        await writeHour(SID);
        await store.writePoints([{ seriesId: 'p/m/kept', ts: T0, value: 1 }]);
        await store.bumpSeriesCounters(SID, { outliers: 3 }, T0);
        await quarantineFor(SID);
        expect(await store.deleteSeries(SID)).toEqual({ points: 90 });
        expect(await store.getSeries(SID)).toBeUndefined();
        await expectXinzhiError(store.queryPoints(SID, { from: T0, to: T0 + HOUR }), 'NOT_FOUND');
        await expectXinzhiError(store.deleteSeries(SID), 'NOT_FOUND', SID);
        // Quarantine rows stay as a record of what was rejected.
        expect(await store.countQuarantine({ seriesId: SID })).toBe(1);
        expect((await store.pointStats('p/m/kept')).count).toBe(1);
        await series();
        expect((await store.pointStats(SID)).count).toBe(0);
        expect((await store.getSeriesCounters(SID)).outliers).toBe(0);
        expect(
          (await store.queryBuckets(SID, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, source: '1h' }))
            .buckets,
        ).toEqual([]);
      });

      it('converts points, rollups and range limits by v × factor + offset in one step', async () => {
        await store.upsertSeries({
          assetId: 'plant1/press/line1/m3',
          metric: 'temp',
          unit: 'Cel',
          minValue: -40,
          maxValue: 200,
        });
        const pts = await writeHour(SID);
        const toF = (c: number) => c * 1.8 + 32;
        const r = await store.convertSeriesUnit(SID, '[degF]', { factor: 1.8, offset: 32 });
        expect(r.points).toBe(90);
        expect(r.series).toMatchObject({ unit: '[degF]', minValue: -40, maxValue: 392 });
        const to = T0 + 2 * HOUR;
        const got = await store.queryPoints(SID, { from: T0, to });
        for (const [i, p] of got.entries()) expect(p.value).toBeCloseTo(toF(pts[i]!.value), 9);
        const oracle = bucketsFromRaw(got, T0, to, HOUR);
        for (const source of ['1m', '1h'] as const)
          expectBucketsClose(
            (await store.queryBuckets(SID, { from: T0, to, bucketMs: HOUR, source })).buckets,
            oracle,
          );
        expect(oracle[0]!.min).toBeCloseTo(50, 9);
        // The unit is now the new one: an upsert with the old unit is a conflict.
        await expectXinzhiError(
          store.upsertSeries({ assetId: 'plant1/press/line1/m3', metric: 'temp', unit: 'Cel' }),
          'CONFLICT',
          'unit',
        );
      });

      it('refuses a bad conversion map, a bad unit or an unknown series, changing nothing', async () => {
        await series();
        await writeHour(SID);
        for (const map of [
          { factor: 0, offset: 0 },
          { factor: -1, offset: 0 },
          { factor: Number.NaN, offset: 0 },
          { factor: 1, offset: Number.POSITIVE_INFINITY },
        ])
          await expectXinzhiError(store.convertSeriesUnit(SID, 'K', map), 'BAD_INPUT');
        await expectXinzhiError(
          store.convertSeriesUnit(SID, 'deg C', { factor: 1, offset: 0 }),
          'BAD_INPUT',
          'unit',
        );
        await expectXinzhiError(
          store.convertSeriesUnit('ghost/x', 'K', { factor: 1, offset: 273.15 }),
          'NOT_FOUND',
        );
        expect((await store.getSeries(SID))?.unit).toBe('Cel');
        expect((await store.queryPoints(SID, { from: T0, to: T0 + 1 }))[0]?.value).toBe(10);
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

      it('malformed batches reject with a XinzhiError and leave stored points intact (property)', async () => {
        await series();
        const good = [
          { seriesId: SID, ts: T0, value: 1 },
          { seriesId: SID, ts: T0 + 1000, value: 2 },
        ];
        await store.writePoints(good);
        const junk = fc.oneof(
          fc.anything(),
          fc.record({
            seriesId: fc.oneof(fc.constant(SID), fc.string(), fc.integer()),
            ts: fc.oneof(fc.constant(T0), fc.double(), fc.string(), fc.constant(undefined)),
            value: fc.oneof(
              fc.constant(Number.NaN),
              fc.constant(Number.POSITIVE_INFINITY),
              fc.string(),
              fc.constant(null),
            ),
            quality: fc.oneof(
              fc.constant(undefined),
              fc.integer({ min: -5, max: -1 }),
              fc.double({ min: 0.1, max: 0.9 }),
            ),
          }),
        );
        await fc.assert(
          fc.asyncProperty(
            fc.array(
              fc.record({
                seriesId: fc.constant(SID),
                ts: fc.integer({ min: T0 + 5000, max: T0 + 9000 }),
                value: fc.integer(),
              }),
            ),
            junk,
            fc.nat(5),
            async (ok, bad, at) => {
              const batch = [...ok] as unknown[];
              batch.splice(Math.min(at, batch.length), 0, bad);
              const err = await store.writePoints(batch as never).then(
                () => undefined,
                (e: unknown) => e,
              );
              expect(err).toBeInstanceOf(XinzhiError);
              expect(['BAD_INPUT', 'NOT_FOUND']).toContain((err as XinzhiError).code);
              expect(await store.queryPoints(SID, { from: T0, to: T0 + 10_000 })).toEqual(
                good.map((p) => ({ ts: p.ts, value: p.value, quality: 0 })),
              );
            },
          ),
          { numRuns: 60 },
        );
        await expectXinzhiError(store.writePoints('nope' as never), 'BAD_INPUT', 'batch');
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

    describe('retention', () => {
      it('deletes raw points older than the retention (at an hour boundary), keeps rollups', async () => {
        await store.upsertSeries({ assetId: 'p/m', metric: 'kept', unit: '1', retentionDays: 1 });
        await series('p/m/forever', '1');
        const pts = (id: string) =>
          Array.from({ length: 72 }, (_, i) => ({ seriesId: id, ts: T0 + i * HOUR + 30 * MIN, value: i }));
        await store.writePoints([...pts('p/m/kept'), ...pts('p/m/forever')]);
        const before = await store.queryBuckets('p/m/kept', {
          from: T0,
          to: T0 + 3 * 24 * HOUR,
          bucketMs: 24 * HOUR,
        });
        const now = T0 + 72 * HOUR + 10 * MIN;
        // now - 1 day = T0 + 48h10m, cut at T0 + 48h: points before it (48 of them) go.
        expect(await store.applyRetention(now)).toBe(48);
        expect(await store.applyRetention(now)).toBe(0);
        expect(await store.pointStats('p/m/kept')).toMatchObject({
          count: 24,
          firstTs: T0 + 48 * HOUR + 30 * MIN,
        });
        expect((await store.pointStats('p/m/forever')).count).toBe(72);
        const after = await store.queryBuckets('p/m/kept', {
          from: T0,
          to: T0 + 3 * 24 * HOUR,
          bucketMs: 24 * HOUR,
        });
        expect(after).toEqual(before);
        expect(after.buckets.map((b) => b.count)).toEqual([24, 24, 24]);
      });
    });

    describe('series counters', () => {
      it('adds deltas and keeps the latest ingest time', async () => {
        await series();
        expect(await store.getSeriesCounters(SID)).toEqual({
          accepted: 0,
          quarantined: 0,
          duplicates: 0,
          outliers: 0,
          gaps: 0,
          stuck: 0,
          lastIngestAt: null,
        });
        await store.bumpSeriesCounters(SID, { accepted: 10, outliers: 2 }, T0 + 5);
        await store.bumpSeriesCounters(
          SID,
          { accepted: 5, gaps: 1, stuck: 3, duplicates: 4, quarantined: 1 },
          T0,
        );
        expect(await store.getSeriesCounters(SID)).toEqual({
          accepted: 15,
          quarantined: 1,
          duplicates: 4,
          outliers: 2,
          gaps: 1,
          stuck: 3,
          lastIngestAt: T0 + 5,
        });
        await expectXinzhiError(
          store.bumpSeriesCounters('ghost/x', { accepted: 1 }, T0),
          'NOT_FOUND',
          'ghost/x',
        );
        await expectXinzhiError(
          store.bumpSeriesCounters(SID, { accepted: 0.5 }, T0),
          'BAD_INPUT',
          'accepted',
        );
      });
    });

    describe('commitIngest', () => {
      const S2 = 'plant1/press/line1/m3/rpm';
      const reason = [{ code: 'INGEST_BAD_VALUE', message: 'not a number' }];

      it('commits points, rollups, quarantine, events and counters together, with per-series results', async () => {
        await series();
        await series(S2, '1');
        await store.writePoints([
          { seriesId: SID, ts: T0, value: 1 },
          { seriesId: S2, ts: T0, value: 5 },
        ]);
        const r = await store.commitIngest({
          points: [
            { seriesId: SID, ts: T0, value: 1 }, // duplicate of a stored point
            { seriesId: SID, ts: T0 + 1000, value: 2 },
            { seriesId: S2, ts: T0, value: 6 }, // replaces
            { seriesId: S2, ts: T0 + 1000, value: 7, quality: QUALITY.OUTLIER },
            { seriesId: S2, ts: T0 + 2000, value: 8 },
          ],
          counters: new Map([
            [SID, { duplicates: 2, gaps: 1 }],
            [S2, { outliers: 1, quarantined: 1 }],
          ]),
          at: T0 + 9,
          quarantine: [
            {
              importId: null,
              source: 'mqtt',
              location: 't',
              raw: 'x',
              reasons: reason,
              seriesId: S2,
              ts: T0,
            },
          ],
          events: [{ ts: T0 + 1000, kind: 'gap', severity: 'warning', seriesId: SID, message: 'gap' }],
        });
        expect({ written: r.written, duplicates: r.duplicates, replaced: r.replaced }).toEqual({
          written: 3,
          duplicates: 1,
          replaced: 1,
        });
        expect(r.bySeries.get(SID)).toEqual({ written: 1, duplicates: 1, replaced: 0, duplicateOutliers: 0 });
        expect(r.bySeries.get(S2)).toEqual({ written: 2, duplicates: 0, replaced: 1, duplicateOutliers: 0 });
        expect(r.quarantineIds).toHaveLength(1);
        expect((await store.getQuarantine(r.quarantineIds[0]!))?.seriesId).toBe(S2);
        expect(r.events.map((e) => [e.kind, e.seriesId])).toEqual([['gap', SID]]);
        expect((await store.listEvents({ seriesId: SID })).map((e) => e.id)).toEqual([r.events[0]!.id]);
        // The store adds accepted (written + replaced) and its own duplicates to the caller's deltas.
        expect(await store.getSeriesCounters(SID)).toEqual({
          accepted: 1,
          quarantined: 0,
          duplicates: 3,
          outliers: 0,
          gaps: 1,
          stuck: 0,
          lastIngestAt: T0 + 9,
        });
        expect(await store.getSeriesCounters(S2)).toEqual({
          accepted: 3,
          quarantined: 1,
          duplicates: 0,
          outliers: 1,
          gaps: 0,
          stuck: 0,
          lastIngestAt: T0 + 9,
        });
        expect((await store.queryPoints(S2, { from: T0, to: T0 + 3000 })).map((p) => p.value)).toEqual([
          6, 7, 8,
        ]);
        const b = await store.queryBuckets(S2, { from: T0, to: T0 + MIN, bucketMs: MIN, source: '1m' });
        expect(b.buckets.map((x) => [x.count, x.min, x.max, x.last])).toEqual([[3, 6, 8, 8]]);
      });

      it('a duplicate flagged as an outlier is taken off the outlier counter; a re-import can leave duplicates uncounted', async () => {
        await series();
        await store.writePoints([{ seriesId: SID, ts: T0, value: 1 }]);
        const r = await store.commitIngest({
          points: [
            { seriesId: SID, ts: T0, value: 1, quality: QUALITY.OUTLIER }, // already stored
            { seriesId: SID, ts: T0 + 1000, value: 90, quality: QUALITY.OUTLIER }, // new
          ],
          counters: new Map([[SID, { outliers: 2 }]]),
          at: T0 + 5,
          countStoredDuplicates: false,
        });
        expect(r.bySeries.get(SID)).toEqual({ written: 1, duplicates: 1, replaced: 0, duplicateOutliers: 1 });
        expect(await store.getSeriesCounters(SID)).toMatchObject({ accepted: 1, duplicates: 0, outliers: 1 });
        await store.commitIngest({ points: [{ seriesId: SID, ts: T0, value: 1 }], at: T0 + 6 });
        expect((await store.getSeriesCounters(SID)).duplicates).toBe(1);
      });

      it('accepts an empty batch and one with only quarantine rows', async () => {
        const r = await store.commitIngest({ points: [], at: T0 });
        expect(r).toEqual({
          written: 0,
          duplicates: 0,
          replaced: 0,
          bySeries: new Map(),
          quarantineIds: [],
          events: [],
        });
        const q = await store.commitIngest({
          points: [],
          at: T0,
          quarantine: [{ importId: null, source: 'mqtt', location: 't', raw: '{', reasons: reason, ts: T0 }],
        });
        expect(q.quarantineIds).toHaveLength(1);
        expect(await store.listQuarantine()).toHaveLength(1);
      });

      it('writes nothing when any part is bad (points, counters, quarantine or event), naming the field', async () => {
        await series();
        const good = { seriesId: SID, ts: T0, value: 1 };
        const before = async () => {
          expect(await store.pointStats(SID)).toMatchObject({ count: 0 });
          expect((await store.getSeriesCounters(SID)).accepted).toBe(0);
          expect(await store.listQuarantine()).toHaveLength(0);
          expect(await store.listEvents()).toHaveLength(0);
        };
        await expectXinzhiError(
          store.commitIngest({ points: [good, { seriesId: SID, ts: T0 + 1, value: Number.NaN }], at: T0 }),
          'BAD_INPUT',
          'points[1].value',
        );
        await expectXinzhiError(
          store.commitIngest({ points: [good, { seriesId: 'ghost/x', ts: T0, value: 1 }], at: T0 }),
          'NOT_FOUND',
          'ghost/x',
        );
        await expectXinzhiError(
          store.commitIngest({ points: [good], counters: new Map([['ghost/y', { gaps: 1 }]]), at: T0 }),
          'NOT_FOUND',
          'ghost/y',
        );
        await expectXinzhiError(
          store.commitIngest({ points: [good], counters: new Map([[SID, { gaps: 0.5 }]]), at: T0 }),
          'BAD_INPUT',
          'gaps',
        );
        await expectXinzhiError(store.commitIngest({ points: [good], at: Number.NaN }), 'BAD_INPUT', 'at');
        await expectXinzhiError(
          store.commitIngest({
            points: [good],
            at: T0,
            quarantine: [{ importId: null, source: 'mqtt', location: 't', raw: 'x', reasons: [], ts: T0 }],
          }),
          'BAD_INPUT',
          'reasons',
        );
        await expectXinzhiError(
          store.commitIngest({
            points: [good],
            at: T0,
            events: [{ ts: T0, kind: '', message: 'x' }],
          }),
          'BAD_INPUT',
          'kind',
        );
        await before();
      });
    });

    describe('events', () => {
      it('appends and filters events', async () => {
        const e1 = await store.appendEvent({
          ts: T0 + 10,
          kind: 'anomaly',
          severity: 'major',
          seriesId: SID,
          message: 'hot',
        });
        const e2 = await store.appendEvent({ ts: T0, kind: 'import', message: 'done', data: { rows: 3 } });
        const e3 = await store.appendEvent({ ts: T0 + 20, kind: 'anomaly', assetId: 'p/a', message: 'x' });
        expect(e2).toEqual({
          id: e2.id,
          ts: T0,
          kind: 'import',
          severity: 'info',
          assetId: null,
          seriesId: null,
          message: 'done',
          data: { rows: 3 },
        });
        expect((await store.listEvents()).map((e) => e.id)).toEqual([e2.id, e1.id, e3.id]);
        expect((await store.listEvents({ order: 'desc', limit: 1 })).map((e) => e.id)).toEqual([e3.id]);
        expect((await store.listEvents({ kind: 'anomaly' })).map((e) => e.id)).toEqual([e1.id, e3.id]);
        expect((await store.listEvents({ seriesId: SID })).map((e) => e.id)).toEqual([e1.id]);
        expect((await store.listEvents({ assetId: 'p/a' })).map((e) => e.id)).toEqual([e3.id]);
        expect((await store.listEvents({ from: T0 + 5, to: T0 + 20 })).map((e) => e.id)).toEqual([e1.id]);
        expect((await store.listEvents({ afterId: e1.id })).map((e) => e.id)).toEqual(
          [e2.id, e3.id].filter((i) => i > e1.id),
        );
        await expectXinzhiError(store.appendEvent({ ts: T0, kind: '', message: 'm' }), 'BAD_INPUT', 'kind');
        await expectXinzhiError(
          store.appendEvent({ ts: T0, kind: 'k', message: 'm', severity: 'fatal' as never }),
          'BAD_INPUT',
          'severity',
        );
        await expectXinzhiError(
          store.appendEvent({ ts: Number.NaN, kind: 'k', message: 'm' }),
          'BAD_INPUT',
          'ts',
        );
      });
    });

    describe('quarantine and imports', () => {
      it('resolves many rows in one step, all or nothing', async () => {
        const row = (n: number) => ({
          importId: null,
          source: 'csv',
          location: `a.csv:${n}`,
          raw: 'x',
          reasons: [{ code: 'X', message: 'y' }],
          ts: T0,
        });
        const [a, b, c] = await store.addQuarantine([row(1), row(2), row(3)]);
        await expectXinzhiError(
          store.resolveQuarantineMany([a!, 999_999], 'discarded'),
          'NOT_FOUND',
          '999999',
        );
        expect((await store.getQuarantine(a!))?.status).toBe('open');
        expect(await store.resolveQuarantineMany([a!, b!], 'discarded')).toBe(2);
        expect(await store.countQuarantine({ status: 'discarded' })).toBe(2);
        expect((await store.getQuarantine(c!))?.status).toBe('open');
        expect(await store.resolveQuarantineMany([], 'discarded')).toBe(0);
        await expectXinzhiError(store.resolveQuarantineMany([c!], 'gone' as never), 'BAD_INPUT', 'status');
      });

      it('records an import with its quarantined rows and resolves them', async () => {
        const imp = await store.createImport({ source: 'plant.csv', format: 'csv', startedAt: T0 });
        expect(await store.getImport(imp)).toEqual({
          id: imp,
          source: 'plant.csv',
          format: 'csv',
          startedAt: T0,
        });
        const ids = await store.addQuarantine([
          {
            importId: imp,
            source: 'csv',
            location: 'plant.csv:17',
            raw: '2024-01-01,abc',
            reasons: [{ code: 'INGEST_BAD_VALUE', message: 'value is not a number', where: 'value' }],
            seriesId: SID,
            ts: T0,
          },
          {
            importId: null,
            source: 'mqtt',
            location: 'xinzhi/v1/p/x',
            raw: '{',
            reasons: [{ code: 'X', message: 'y' }],
            ts: T0,
          },
        ]);
        expect(ids).toHaveLength(2);
        const q = await store.getQuarantine(ids[0]!);
        expect(q).toEqual({
          id: ids[0],
          importId: imp,
          source: 'csv',
          location: 'plant.csv:17',
          raw: '2024-01-01,abc',
          reasons: [{ code: 'INGEST_BAD_VALUE', message: 'value is not a number', where: 'value' }],
          seriesId: SID,
          ts: T0,
          status: 'open',
        });
        expect((await store.getQuarantine(ids[1]!))?.seriesId).toBeNull();
        expect((await store.listQuarantine({ importId: imp })).map((r) => r.id)).toEqual([ids[0]]);
        expect((await store.listQuarantine({ seriesId: SID })).map((r) => r.id)).toEqual([ids[0]]);
        expect((await store.listQuarantine({ limit: 1, offset: 1 })).map((r) => r.id)).toEqual([ids[1]]);
        // The count is of every matching row, whatever page was asked for.
        expect(await store.countQuarantine()).toBe(2);
        expect(await store.countQuarantine({ limit: 1, offset: 1 })).toBe(2);
        expect(await store.countQuarantine({ importId: imp, status: 'open' })).toBe(1);
        expect(await store.countQuarantine({ seriesId: 'ghost/x' })).toBe(0);
        await store.resolveQuarantine(ids[0]!, 'resubmitted');
        await store.resolveQuarantine(ids[1]!, 'discarded');
        expect((await store.listQuarantine({ status: 'open' })).length).toBe(0);
        expect((await store.listQuarantine({ status: 'discarded' })).map((r) => r.id)).toEqual([ids[1]]);
        expect(await store.countQuarantine({ status: 'discarded' })).toBe(1);
        await expectXinzhiError(store.countQuarantine({ status: 'gone' as never }), 'BAD_INPUT', 'status');
        await expectXinzhiError(store.resolveQuarantine(999_999, 'discarded'), 'NOT_FOUND', '999999');
        await expectXinzhiError(
          store.addQuarantine([
            { importId: null, source: 'csv', location: 'a', raw: 'b', reasons: [], ts: T0 },
          ]),
          'BAD_INPUT',
          'rows[0].reasons',
        );
        expect(await store.listQuarantine()).toHaveLength(2);

        await store.finishImport(imp, {
          finishedAt: T0 + 100,
          rows: 10,
          accepted: 9,
          quarantined: 1,
          duplicates: 0,
          outliers: 2,
          series: [SID],
          status: 'done',
        });
        expect(await store.getImport(imp)).toEqual({
          id: imp,
          source: 'plant.csv',
          format: 'csv',
          startedAt: T0,
          finishedAt: T0 + 100,
          rows: 10,
          accepted: 9,
          quarantined: 1,
          duplicates: 0,
          outliers: 2,
          series: [SID],
          status: 'done',
        });
        const imp2 = await store.createImport({ source: 'mqtt', format: 'json', startedAt: T0 + 1 });
        await store.finishImport(imp2, {
          finishedAt: T0 + 2,
          rows: 0,
          accepted: 0,
          quarantined: 0,
          duplicates: 0,
          outliers: 0,
          series: [],
          status: 'failed',
          error: 'disk full',
        });
        expect((await store.getImport(imp2))?.error).toBe('disk full');
        expect((await store.listImports()).map((i) => i.id)).toEqual([imp2, imp]);
        expect((await store.listImports(1)).map((i) => i.id)).toEqual([imp2]);
        await expectXinzhiError(
          store.finishImport(424_242, {
            finishedAt: 1,
            rows: 0,
            accepted: 0,
            quarantined: 0,
            duplicates: 0,
            outliers: 0,
            series: [],
            status: 'done',
          }),
          'NOT_FOUND',
          '424242',
        );
        expect(await store.getImport(424_242)).toBeUndefined();
      });
    });

    describe('API keys', () => {
      const hash = (c: string) => c.repeat(64);
      it('stores only hashes, finds, lists, revokes and counts', async () => {
        expect(await store.countApiKeys()).toBe(0);
        const k = await store.createApiKey({ name: 'ops', role: 'operator', hash: hash('a'), createdAt: T0 });
        expect(k).toEqual({
          id: k.id,
          name: 'ops',
          role: 'operator',
          hash: hash('a'),
          createdAt: T0,
          revokedAt: null,
          org: 'default',
          sites: null,
          asset: null,
        });
        await store.createApiKey({ name: 'view', role: 'viewer', hash: hash('b'), createdAt: T0 });
        expect(await store.findApiKeyByHash(hash('a'))).toEqual(k);
        expect(await store.findApiKeyByHash(hash('c'))).toBeUndefined();
        await store.revokeApiKey(k.id);
        expect((await store.findApiKeyByHash(hash('a')))?.revokedAt).toEqual(expect.any(Number));
        expect((await store.listApiKeys()).map((x) => x.name)).toEqual(['ops', 'view']);
        expect(await store.countApiKeys()).toBe(2);
        await expectXinzhiError(
          store.createApiKey({ name: 'dup', role: 'admin', hash: hash('b'), createdAt: T0 }),
          'CONFLICT',
          'hash',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'plain', role: 'admin', hash: 'my-secret-token', createdAt: T0 }),
          'BAD_INPUT',
          'hash',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'r', role: 'root' as never, hash: hash('d'), createdAt: T0 }),
          'BAD_INPUT',
          'role',
        );
        await expectXinzhiError(store.revokeApiKey(987_654), 'NOT_FOUND', '987654');
      });

      it("keeps a scope: organisation, sites, and a device key's asset", async () => {
        await store.createOrg({ id: 'acme', name: 'Acme', createdAt: T0 });
        const k = await store.createApiKey({
          name: 'ops-p1',
          role: 'operator',
          hash: hash('e'),
          createdAt: T0,
          org: 'acme',
          sites: ['plant1', 'plant2'],
        });
        expect(await store.findApiKeyByHash(hash('e'))).toEqual(k);
        expect(k).toMatchObject({ org: 'acme', sites: ['plant1', 'plant2'], asset: null });
        const d = await store.createApiKey({
          name: 'press gateway',
          role: 'device',
          hash: hash('f'),
          createdAt: T0,
          asset: 'plant1/press/line1',
        });
        expect(d).toMatchObject({ role: 'device', org: 'default', sites: null, asset: 'plant1/press/line1' });
        await expectXinzhiError(
          store.createApiKey({ name: 'd', role: 'device', hash: hash('1'), createdAt: T0 }),
          'BAD_INPUT',
          'asset',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'o', role: 'operator', hash: hash('2'), createdAt: T0, asset: 'p1/x' }),
          'BAD_INPUT',
          'asset',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'o', role: 'viewer', hash: hash('3'), createdAt: T0, org: 'nobody' }),
          'NOT_FOUND',
          'nobody',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'o', role: 'viewer', hash: hash('4'), createdAt: T0, sites: ['a/b'] }),
          'BAD_INPUT',
          'sites[0]',
        );
        await expectXinzhiError(
          store.createApiKey({ name: 'o', role: 'viewer', hash: hash('5'), createdAt: T0, sites: [] }),
          'BAD_INPUT',
          'sites',
        );
      });
    });

    describe('organisations and sites', () => {
      it('starts with the default organisation, creates others, registers and moves sites', async () => {
        expect((await store.listOrgs()).map((o) => o.id)).toEqual(['default']);
        expect(await store.createOrg({ id: 'acme', name: 'Acme Foods', createdAt: T0 })).toEqual({
          id: 'acme',
          name: 'Acme Foods',
          createdAt: T0,
        });
        await expectXinzhiError(
          store.createOrg({ id: 'acme', name: 'again', createdAt: T0 }),
          'CONFLICT',
          'acme',
        );
        await expectXinzhiError(store.createOrg({ id: 'a/b', name: 'x', createdAt: T0 }), 'BAD_INPUT', 'id');
        await store.putSite({ id: 'plant1', org: 'acme', name: 'Plant 1', createdAt: T0 });
        await store.putSite({ id: 'farm', org: 'default', name: 'Farm', createdAt: T0 });
        expect((await store.listSites('acme')).map((x) => x.id)).toEqual(['plant1']);
        await store.putSite({ id: 'plant1', org: 'default', name: 'Plant 1', createdAt: T0 });
        expect((await store.listSites()).map((x) => [x.id, x.org])).toEqual([
          ['farm', 'default'],
          ['plant1', 'default'],
        ]);
        await expectXinzhiError(
          store.putSite({ id: 'p9', org: 'ghost', name: 'x', createdAt: T0 }),
          'NOT_FOUND',
          'ghost',
        );
      });
    });

    describe('users, sessions and the audit log', () => {
      const h = (c: string) => c.repeat(64);
      it('creates users with a role and scope, finds them without case, updates and disables them', async () => {
        expect(await store.countUsers()).toBe(0);
        const u = await store.createUser({
          username: 'Ada',
          role: 'engineer',
          passwordHash: 'scrypt$x',
          createdAt: T0,
        });
        expect(u).toEqual({
          id: u.id,
          username: 'Ada',
          role: 'engineer',
          org: 'default',
          sites: null,
          passwordHash: 'scrypt$x',
          oidcIssuer: null,
          oidcSubject: null,
          createdAt: T0,
          passwordChangedAt: T0,
          disabledAt: null,
        });
        expect(await store.findUserByName('ada')).toEqual(u);
        expect(await store.getUser(u.id)).toEqual(u);
        await store.createOrg({ id: 'acme', name: 'Acme', createdAt: T0 });
        const o = await store.createUser({
          username: 'bob',
          role: 'operator',
          org: 'acme',
          sites: ['plant2'],
          oidc: { issuer: 'https://idp.example', subject: 's-1' },
          createdAt: T0,
        });
        expect(o).toMatchObject({
          org: 'acme',
          sites: ['plant2'],
          passwordHash: null,
          passwordChangedAt: null,
        });
        expect((await store.findUserByOidc('https://idp.example', 's-1'))?.id).toBe(o.id);
        expect((await store.listUsers('acme')).map((x) => x.username)).toEqual(['bob']);
        expect((await store.listUsers()).map((x) => x.username)).toEqual(['Ada', 'bob']);
        const p = await store.updateUser(u.id, { passwordHash: 'scrypt$y', passwordChangedAt: T0 + 1 });
        expect(p).toMatchObject({ passwordHash: 'scrypt$y', passwordChangedAt: T0 + 1 });
        const d = await store.updateUser(u.id, { disabledAt: T0 + 2, role: 'viewer', sites: ['plant1'] });
        expect(d).toMatchObject({ disabledAt: T0 + 2, role: 'viewer', sites: ['plant1'] });
        expect(await store.countUsers()).toBe(2);
      });

      it('rejects duplicate names (any case), bad names, roles, orgs and users without credentials', async () => {
        await store.createUser({ username: 'ada', role: 'viewer', passwordHash: 'p', createdAt: T0 });
        await expectXinzhiError(
          store.createUser({ username: 'ADA', role: 'viewer', passwordHash: 'p', createdAt: T0 }),
          'CONFLICT',
          'username',
        );
        for (const username of ['', '<img>', 'a b', 'x'.repeat(65), '-lead'])
          await expectXinzhiError(
            store.createUser({ username, role: 'viewer', passwordHash: 'p', createdAt: T0 }),
            'BAD_INPUT',
            'username',
          );
        await expectXinzhiError(
          store.createUser({ username: 'dev', role: 'device', passwordHash: 'p', createdAt: T0 }),
          'BAD_INPUT',
          'role',
        );
        await expectXinzhiError(
          store.createUser({ username: 'z', role: 'root' as never, passwordHash: 'p', createdAt: T0 }),
          'BAD_INPUT',
          'role',
        );
        await expectXinzhiError(
          store.createUser({
            username: 'z',
            role: 'viewer',
            passwordHash: 'p',
            createdAt: T0,
            org: 'nobody',
          }),
          'NOT_FOUND',
          'nobody',
        );
        await expectXinzhiError(
          store.createUser({ username: 'z', role: 'viewer', createdAt: T0 }),
          'BAD_INPUT',
        );
        await expectXinzhiError(store.updateUser(999, { role: 'admin' }), 'NOT_FOUND', '999');
      });

      it('keeps sessions by hash only, touches, ends them per owner and purges expired ones', async () => {
        const u = await store.createUser({
          username: 'ada',
          role: 'viewer',
          passwordHash: 'p',
          createdAt: T0,
        });
        const k = await store.createApiKey({ name: 'k', role: 'viewer', hash: h('a'), createdAt: T0 });
        const s1 = await store.createSession({
          hash: h('1'),
          userId: u.id,
          keyId: null,
          createdAt: T0,
          expiresAt: T0 + 1000,
          ip: '127.0.0.1',
          userAgent: 'test',
        });
        expect(s1).toEqual({
          hash: h('1'),
          userId: u.id,
          keyId: null,
          createdAt: T0,
          lastSeenAt: T0,
          expiresAt: T0 + 1000,
          ip: '127.0.0.1',
          userAgent: 'test',
        });
        const base = { userId: null, createdAt: T0, expiresAt: T0 + 10_000, ip: null, userAgent: null };
        await store.createSession({ ...base, hash: h('2'), keyId: k.id });
        await store.createSession({ ...base, hash: h('3'), userId: u.id, keyId: null });
        await store.touchSession(h('3'), T0 + 500);
        expect((await store.findSession(h('3')))?.lastSeenAt).toBe(T0 + 500);
        await expectXinzhiError(
          store.createSession({ ...base, hash: 'my-session-id', keyId: k.id }),
          'BAD_INPUT',
          'hash',
        );
        await expectXinzhiError(store.createSession({ ...base, hash: h('4'), keyId: null }), 'BAD_INPUT');
        // s1 reached its absolute end; s2 was idle since T0.
        expect(await store.purgeSessions(T0 + 1000, T0 + 100)).toBe(2);
        expect(await store.findSession(h('3'))).toBeDefined();
        expect(await store.deleteSessionsOf({ userId: u.id })).toBe(1);
        expect(await store.findSession(h('3'))).toBeUndefined();
        await store.createSession({ ...base, hash: h('5'), keyId: k.id });
        await store.deleteSession(h('5'));
        expect(await store.findSession(h('5'))).toBeUndefined();
      });

      it('appends audit lines with before/after and filters them newest first; nothing updates or deletes them', async () => {
        const who = { actorKind: 'user', actorId: 1, actorName: 'ada', org: 'default' };
        const a = await store.appendAudit({
          ...who,
          ts: T0,
          action: 'series.update',
          method: 'PATCH',
          path: '/api/v1/series/p1%2Fa%2Ft',
          target: 'p1/a/t',
          status: 200,
          ip: '10.0.0.7',
          before: { retentionDays: 30 },
          after: { retentionDays: 90 },
          comment: 'client said: night shift',
        });
        expect(a).toMatchObject({
          ...who,
          id: a.id,
          before: { retentionDays: 30 },
          after: { retentionDays: 90 },
        });
        await store.appendAudit({ ...who, ts: T0 + 1, action: 'user.create', target: '2' });
        await store.appendAudit({
          actorKind: 'anonymous',
          actorName: 'mallory',
          ts: T0 + 2,
          action: 'auth.login.failed',
        });
        expect((await store.listAudit()).map((x) => x.action)).toEqual([
          'auth.login.failed',
          'user.create',
          'series.update',
        ]);
        expect((await store.listAudit({ action: 'user.' })).map((x) => x.target)).toEqual(['2']);
        expect((await store.listAudit({ actor: 'ada', limit: 1 })).map((x) => x.action)).toEqual([
          'user.create',
        ]);
        const page2 = await store.listAudit({
          beforeId: (await store.listAudit({ limit: 1 }))[0]?.id as number,
        });
        expect(page2).toHaveLength(2);
        expect(await store.listAudit({ from: T0 + 1, to: T0 + 2 })).toHaveLength(1);
        expect(await store.listAudit({ target: 'p1/a/t' })).toHaveLength(1);
        await expectXinzhiError(store.appendAudit({ ...who, ts: T0, action: '' }), 'BAD_INPUT', 'action');
        await expectXinzhiError(store.listAudit({ limit: 0 }), 'BAD_INPUT', 'limit');
        // The Store has no method to change or remove a line (on its class or any it extends).
        const methods: string[] = [];
        for (let p = Object.getPrototypeOf(store); p !== Object.prototype; p = Object.getPrototypeOf(p))
          methods.push(...Object.getOwnPropertyNames(p).filter((m) => /audit/i.test(m)));
        expect(methods.sort()).toEqual(['appendAudit', 'listAudit']);
      });
    });

    describe('documents', () => {
      it('puts, gets, lists by prefix and deletes per namespace', async () => {
        await store.putDoc('plans', 'week/1', { a: 1 });
        await store.putDoc('plans', 'week/2', [1, 2]);
        await store.putDoc('plans', 'month/1', 'x');
        await store.putDoc('runs', 'week/1', { other: true });
        await store.putDoc('plans', 'week/1', { a: 2 });
        expect(await store.getDoc('plans', 'week/1')).toEqual({ a: 2 });
        expect(await store.getDoc('plans', 'nope')).toBeUndefined();
        expect(await store.listDocs('plans', 'week/')).toEqual([
          { key: 'week/1', doc: { a: 2 } },
          { key: 'week/2', doc: [1, 2] },
        ]);
        expect((await store.listDocs('plans')).map((d) => d.key)).toEqual(['month/1', 'week/1', 'week/2']);
        expect(await store.listDocs('plans', 'week%')).toEqual([]);
        await store.deleteDoc('plans', 'week/1');
        await store.deleteDoc('plans', 'never');
        expect(await store.getDoc('plans', 'week/1')).toBeUndefined();
        expect(await store.getDoc('runs', 'week/1')).toEqual({ other: true });
        await expectXinzhiError(store.putDoc('plans', 'u', undefined), 'BAD_INPUT', 'doc');
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
