import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, QUALITY, silentLogger } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { openSqliteStore } from '../../store/sqlite/index.js';
import type { RawReading } from '../types.js';
import { createIngestPipeline } from './create-ingest-pipeline.js';

const T0 = Date.UTC(2024, 0, 1);
const ctx = { source: 'http', importId: null } as const;
const rd = (seriesId: string, ts: unknown, value: unknown, unit?: string, i = 0): RawReading => ({
  seriesId,
  ts,
  value,
  ...(unit === undefined ? {} : { unit }),
  location: `body[${i}]`,
  raw: JSON.stringify({ seriesId, ts, value, unit }),
});

let store: Store;
const clock = manualClock(T0 + 86_400_000);
/** Stuck after 5 points whatever their duration (the defaults also want 15 min and 30 intervals). */
/** Short runs count, and the repeat-rate test is off (series-state.test.ts covers it). */
const SHORT_STUCK = {
  stuckRunPoints: 5,
  stuckMinDurationMs: 0,
  stuckIntervals: 0,
  stuckImprobability: 1,
  stuckLearnChanges: 0,
};
const make = (options = {}) => createIngestPipeline({ store, clock, logger: silentLogger, options });

beforeEach(async () => {
  store = await openSqliteStore(':memory:');
});
afterEach(async () => {
  await store.close();
});

describe('createIngestPipeline', () => {
  it('accepts readings, auto-creates the series in the first unit and converts later ones', async () => {
    const p = make();
    const r = await p.ingest(
      [
        rd('p1/m1/temp', T0, 20, 'Cel', 0),
        rd('p1/m1/temp', new Date(T0 + 1000).toISOString(), 212, '°F', 1),
        rd('p1/m1/temp', (T0 + 2000) / 1000, '21.5', undefined, 2),
      ],
      ctx,
    );
    expect(r).toMatchObject({ accepted: 3, quarantined: 0, duplicates: 0, series: ['p1/m1/temp'] });
    expect((await store.getSeries('p1/m1/temp'))?.unit).toBe('Cel');
    const pts = await store.queryPoints('p1/m1/temp', { from: 0, to: T0 + 10_000 });
    expect(pts.map((x) => x.value)).toEqual([20, expect.closeTo(100, 9), 21.5]);
    expect(pts[1]!.quality & QUALITY.CONVERTED).toBe(QUALITY.CONVERTED);
    expect((await store.getSeriesCounters('p1/m1/temp')).accepted).toBe(3);
  });

  it('quarantines every bad reading with its location and field, keeping the good ones', async () => {
    const p = make();
    await store.upsertSeries({ assetId: 'p1/m1', metric: 'p', unit: 'kPa', minValue: 0, maxValue: 1000 });
    const r = await p.ingest(
      [
        rd('p1/m1/p', T0, 101.3, 'kPa', 0),
        rd('p1/m1/p', 'yesterday', 100, 'kPa', 1),
        rd('p1/m1/p', T0 + 1000, 'abc', 'kPa', 2),
        rd('p1/m1/p', T0 + 2000, 5, 'm', 3),
        rd('p1/m1/p', T0 + 3000, 5, 'furlong', 4),
        rd('p1/m1/p', T0 + 4000, 5000, 'kPa', 5),
        rd('nometric', T0, 1, undefined, 6),
        rd('p1/m1/p', T0 + 10 * 86_400_000, 1, 'kPa', 7),
        rd('p1/m1/p', 0, 1, 'kPa', 8),
        rd('p1/m1/p', T0 + 5000, 20, 'psi', 9),
      ],
      ctx,
    );
    expect(r.accepted).toBe(2);
    expect(r.quarantined).toBe(8);
    const byLoc = Object.fromEntries(r.rejections.map((x) => [x.location, x.issues[0]!]));
    expect(byLoc['body[1]']).toMatchObject({ code: 'INGEST_BAD_TIMESTAMP', where: 'body[1] ts' });
    expect(byLoc['body[2]']).toMatchObject({ code: 'INGEST_BAD_VALUE', where: 'body[2] value' });
    expect(byLoc['body[3]']?.message).toMatch(/cannot convert "m" to "kPa" for p1\/m1\/p/);
    expect(byLoc['body[4]']?.message).toMatch(/unknown unit "furlong"/);
    expect(byLoc['body[5]']).toMatchObject({ code: 'INGEST_OUT_OF_RANGE' });
    expect(byLoc['body[6]']?.where).toBe('body[6] seriesId');
    expect(byLoc['body[7]']?.message).toMatch(/future/);
    expect(byLoc['body[8]']?.message).toMatch(/before 1970-01-02/);
    const q = await store.listQuarantine({});
    expect(q).toHaveLength(8);
    expect(q.find((x) => x.location === 'body[5]')).toMatchObject({ seriesId: 'p1/m1/p', status: 'open' });
    const pts = await store.queryPoints('p1/m1/p', { from: 0, to: T0 + 10_000 });
    expect(pts.map((x) => x.value)).toEqual([101.3, expect.closeTo(137.895, 3)]);
  });

  it('strict mode throws naming the first bad row and writes nothing', async () => {
    const p = make();
    await expect(
      p.ingest([rd('p1/m1/t', T0, 1, 'Cel', 0), rd('p1/m1/t', T0 + 1, 'x', 'Cel', 1)], {
        ...ctx,
        strict: true,
      }),
    ).rejects.toMatchObject({ code: 'INGEST_STRICT_ABORT', field: 'body[1]' });
    expect(await store.getSeries('p1/m1/t')).toBeUndefined();
    expect(await store.listQuarantine({})).toHaveLength(0);
  });

  it('de-duplicates within a batch and against the store', async () => {
    const p = make();
    const batch = [rd('a/b/c', T0, 1, 'Cel'), rd('a/b/c', T0, 1, 'Cel'), rd('a/b/c', T0 + 1000, 2, 'Cel')];
    expect(await p.ingest(batch, ctx)).toMatchObject({ accepted: 2, duplicates: 1 });
    const again = await make().ingest(batch, ctx);
    expect(again).toMatchObject({ accepted: 0, duplicates: 3, quarantined: 0 });
    expect((await store.getSeriesCounters('a/b/c')).duplicates).toBe(4);
  });

  it('attributes duplicates of the stored points to their own series', async () => {
    const p = make();
    await p.ingest([rd('d/e/x', T0, 1, 'Cel'), rd('d/e/y', T0, 5, 'Cel', 1)], ctx);
    // A fresh pipeline (no memory of what it wrote) sends repeats of both series to the store.
    const r = await make().ingest(
      [rd('d/e/x', T0 + 1000, 2, 'Cel'), rd('d/e/y', T0, 5, 'Cel', 1), rd('d/e/y', T0 + 1000, 6, 'Cel', 2)],
      ctx,
    );
    expect(r).toMatchObject({ accepted: 2, duplicates: 1, series: ['d/e/x', 'd/e/y'] });
    expect(await store.getSeriesCounters('d/e/x')).toMatchObject({ accepted: 2, duplicates: 0 });
    expect(await store.getSeriesCounters('d/e/y')).toMatchObject({ accepted: 2, duplicates: 1 });
  });

  it('commits quarantine rows given in the context with the batch, without counting them', async () => {
    const row = {
      importId: null,
      source: 'mqtt',
      location: 'xinzhi/v1/a/b/c',
      raw: '{',
      reasons: [{ code: 'INGEST_BAD_PAYLOAD', message: 'not JSON' }],
      ts: T0,
    };
    const r = await make().ingest([], { ...ctx, quarantine: [row] });
    expect(r).toMatchObject({ accepted: 0, quarantined: 0 });
    expect(await store.listQuarantine()).toMatchObject([{ location: 'xinzhi/v1/a/b/c', raw: '{' }]);
  });

  it('flags a stuck run once, gaps with an event, and outliers without deleting them', async () => {
    const p = make(SHORT_STUCK);
    const readings: RawReading[] = [];
    let t = T0;
    const next = (): number => {
      t += 1000;
      return t;
    };
    for (let i = 0; i < 40; i++) readings.push(rd('s/x/v', next(), 20 + Math.sin(i), 'Cel', i));
    readings.push(rd('s/x/v', next(), 95, 'Cel', 40)); // spike
    for (let i = 0; i < 10; i++) readings.push(rd('s/x/v', next(), 20 + Math.cos(i), 'Cel', 41 + i));
    t += 60_000; // gap of a minute at a 1 s interval
    for (let i = 0; i < 10; i++) readings.push(rd('s/x/v', next(), 20.3, 'Cel', 51 + i)); // stuck mid-range
    const r = await p.ingest(readings, ctx);
    expect(r.accepted).toBe(61);
    expect(r.outliers).toBeGreaterThanOrEqual(1);
    const pts = await store.queryPoints('s/x/v', { from: 0, to: t + 1 });
    expect(pts).toHaveLength(61);
    expect(pts[40]!.value).toBe(95);
    expect(pts[40]!.quality & QUALITY.OUTLIER).toBe(QUALITY.OUTLIER);
    expect(pts[51]!.quality & QUALITY.AFTER_GAP).toBe(QUALITY.AFTER_GAP);
    expect(pts.slice(56).every((x) => (x.quality & QUALITY.STUCK) !== 0)).toBe(true);
    expect(pts[55]!.quality & QUALITY.STUCK).toBe(0);
    const gaps = await store.listEvents({ kind: 'gap', seriesId: 's/x/v' });
    expect(gaps).toHaveLength(1);
    expect(gaps[0]!.data).toMatchObject({ from: pts[50]!.ts, to: pts[51]!.ts });
    expect(await store.listEvents({ kind: 'stuck' })).toHaveLength(1);
    const c = await store.getSeriesCounters('s/x/v');
    expect(c).toMatchObject({ gaps: 1, stuck: 1, accepted: 61 });
  });

  it('warms its state from the store after a restart (the stuck run continues)', async () => {
    const values = [1, 5, 3, 3, 3, 3];
    const readings = values.map((v, i) => rd('w/x/v', T0 + i * 1000, v, 'Cel', i));
    await make(SHORT_STUCK).ingest(readings, ctx);
    const more = Array.from({ length: 3 }, (_, i) => rd('w/x/v', T0 + (6 + i) * 1000, 3, 'Cel', i));
    await make(SHORT_STUCK).ingest(more, ctx);
    const pts = await store.queryPoints('w/x/v', { from: 0, to: T0 + 10_000 });
    expect(pts.map((x) => (x.quality & QUALITY.STUCK) !== 0)).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
      false,
      true,
      true,
    ]);
  });

  it('reads naive ISO times in the given zone', async () => {
    const r = await make().ingest([rd('z/x/v', '2024-01-01T08:00:00', 1, 'Cel')], {
      ...ctx,
      timeZone: 'Asia/Shanghai',
    });
    expect(r.accepted).toBe(1);
    const pts = await store.queryPoints('z/x/v', { from: 0, to: T0 + 86_400_000 });
    expect(pts[0]!.ts).toBe(T0);
  });

  it('refuses unknown series when auto-creation is off', async () => {
    const r = await make().ingest([rd('n/x/v', T0, 1)], { ...ctx, autoCreateSeries: false });
    expect(r.rejections[0]!.issues[0]!.message).toMatch(/unknown series "n\/x\/v"/);
  });

  it('does not call legitimately held values stuck: rest values, short runs, counters and states', async () => {
    const p = make({ ...SHORT_STUCK, stuckMinDurationMs: 60_000 });
    await store.upsertSeries({ assetId: 'h/m', metric: 'parts_total', unit: '1', signal: 'counter' });
    await store.upsertSeries({ assetId: 'h/m', metric: 'state', unit: '1', signal: 'state' });
    const readings: RawReading[] = [];
    const at = (i: number) => T0 + i * 10_000; // 10 s sampling
    const wave = (i: number) => 10 + 5 * Math.sin(i / 3);
    const add = (id: string, from: number, values: (i: number) => number, n: number) => {
      for (let i = from; i < from + n; i++) readings.push(rd(id, at(i), values(i), '1', readings.length));
    };
    // A gauge resting at its lowest value (a stopped motor), then varying, then frozen mid-range
    // for 20 points (200 s ≥ 60 s): only the mid-range run is stuck.
    add('h/m/current', 0, () => 0, 20);
    add('h/m/current', 20, wave, 20);
    add('h/m/current', 40, () => 0, 20);
    add('h/m/current', 60, wave, 20);
    add('h/m/current', 80, () => 11.5, 20);
    // Short mid-range hold: 6 points, 50 s < 60 s.
    add('h/m/short', 0, wave, 30);
    add('h/m/short', 30, () => 11.5, 6);
    add('h/m/short', 36, wave, 10);
    // Counter and state codes holding and jumping.
    add('h/m/parts_total', 0, (i) => Math.floor(i / 30) * 7, 100);
    add('h/m/state', 0, (i) => [1, 3, 1, 2][Math.floor(i / 25)]!, 100);
    await p.ingest(readings, ctx);
    const stuck = await store.listEvents({ kind: 'stuck' });
    expect(stuck.map((e) => [e.seriesId, e.data['value']])).toEqual([['h/m/current', 11.5]]);
    const cur = await store.queryPoints('h/m/current', { from: 0, to: at(200) });
    const flagged = cur.flatMap((x, i) => ((x.quality & QUALITY.STUCK) !== 0 ? [i] : []));
    expect(flagged[0]).toBe(86); // 60 s after the run began at 80, and past 5 points
    expect(flagged).toHaveLength(14);
    for (const id of ['h/m/parts_total', 'h/m/state']) {
      const pts = await store.queryPoints(id, { from: 0, to: at(200) });
      expect(pts.filter((x) => x.quality & (QUALITY.OUTLIER | QUALITY.STUCK))).toEqual([]);
    }
  });
});
