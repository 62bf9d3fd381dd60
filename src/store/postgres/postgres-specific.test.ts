/**
 * What the conformance suite cannot see: the monthly partitions (made on demand, dropped whole by
 * retention), two nodes writing one series at once, the audit log's refusal at the SQL level,
 * sealed ledger seeds, and a schema from a newer xinzhi.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bucketsFromRaw } from '../conformance.case.js';
import type { Store, TimeRange } from '../store.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { withTestDatabase } from './test-database.fixture.js';

const SECRET = 'cd'.repeat(32);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JAN = Date.UTC(2024, 0, 1);
const FEB = Date.UTC(2024, 1, 1);
const MAR = Date.UTC(2024, 2, 1);

/** The 1-hour and 1-minute rollups of `seriesId` over `range` are what its raw points `raw` give. */
async function expectRollups(
  store: Store,
  seriesId: string,
  raw: ReadonlyArray<{ ts: number; value: number }>,
  range: TimeRange,
  minuteBucketMs = 60_000,
): Promise<void> {
  for (const [bucketMs, source] of [
    [HOUR, '1h'],
    [minuteBucketMs, '1m'],
  ] as const) {
    const r = await store.queryBuckets(seriesId, { ...range, bucketMs, source });
    expect(r.buckets).toEqual(bucketsFromRaw(raw, range.from, range.to, bucketMs));
  }
}

await withTestDatabase('PostgreSQL store specifics', (db) => {
  const open = (schema: string, o: PostgresStoreOptions = {}) =>
    openPostgresStore(db.url, { schema, maxConnections: 3, secretKey: { key: SECRET }, ...o });
  /** A plain client in the store's schema, to look at what the store made. */
  const sql = async <T extends pg.QueryResultRow>(schema: string, text: string): Promise<T[]> => {
    const c = new pg.Client({ connectionString: db.url, options: `-c search_path=${schema}` });
    await c.connect();
    try {
      return (await c.query<T>(text)).rows;
    } finally {
      await c.end();
    }
  };
  const partitions = async (schema: string): Promise<string[]> =>
    (
      await sql<{ name: string }>(
        schema,
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
         WHERE i.inhparent = 'points'::regclass ORDER BY 1`,
      )
    ).map((r) => r.name);

  describe('monthly partitions', () => {
    it('are made for the months written to, plus this month and the next; far times go to the open ends', async () => {
      const schema = db.schema();
      const store = await open(schema, { clock: { now: () => Date.UTC(2030, 11, 15) } });
      try {
        await store.upsertSeries({ assetId: 'p/m', metric: 't', unit: 'Cel' });
        await store.writePoints([
          { seriesId: 'p/m/t', ts: JAN + HOUR, value: 1 },
          { seriesId: 'p/m/t', ts: MAR + HOUR, value: 3 },
          { seriesId: 'p/m/t', ts: -5 * DAY, value: -1 },
          { seriesId: 'p/m/t', ts: Date.UTC(2300, 0, 1), value: 9 },
        ]);
        expect(await partitions(schema)).toEqual([
          'points_after',
          'points_before',
          'points_y2024m01',
          'points_y2024m03',
          'points_y2030m12',
          'points_y2031m01',
        ]);
        const all = await store.queryPoints('p/m/t', {
          from: Number.MIN_SAFE_INTEGER,
          to: Number.MAX_SAFE_INTEGER,
        });
        expect(all.map((p) => p.value)).toEqual([-1, 1, 3, 9]);
        expect((await sql<{ n: string }>(schema, 'SELECT count(*) AS n FROM points_y2024m03'))[0]?.n).toBe(
          '1',
        );
      } finally {
        await store.close();
      }
    });

    it('retention drops a month whose every series is past its cut, deletes rows elsewhere, keeps rollups', async () => {
      const schema = db.schema();
      const store = await open(schema);
      try {
        await store.upsertSeries({ assetId: 'p/m', metric: 'short', unit: '1', retentionDays: 30 });
        await store.upsertSeries({ assetId: 'p/m', metric: 'forever', unit: '1' });
        const hourly = (id: string, from: number, to: number) =>
          Array.from({ length: (to - from) / HOUR }, (_, i) => ({
            seriesId: id,
            ts: from + i * HOUR,
            value: i % 50,
          }));
        const short = hourly('p/m/short', JAN, Date.UTC(2024, 2, 31));
        await store.writePoints([...short, ...hourly('p/m/forever', JAN, JAN + 10 * DAY)]);
        const before = await store.queryBuckets('p/m/short', { from: JAN, to: MAR, bucketMs: DAY });
        const now = Date.UTC(2024, 3, 15, 0, 30);
        const cut = Date.UTC(2024, 2, 16);
        const expected = short.filter((p) => p.ts < cut).length;
        expect(await store.applyRetention(now)).toBe(expected);
        // February held only the 30-day series, wholly before its cut: dropped. January also holds
        // the series without retention: kept, the short series' rows deleted from it.
        const names = await partitions(schema);
        expect(names).not.toContain('points_y2024m02');
        expect(names).toContain('points_y2024m01');
        expect(names).toContain('points_y2024m03');
        expect((await store.pointStats('p/m/short')).firstTs).toBe(cut);
        expect((await store.pointStats('p/m/forever')).count).toBe(240);
        expect(await store.queryBuckets('p/m/short', { from: JAN, to: MAR, bucketMs: DAY })).toEqual(before);
        expect(await store.applyRetention(now)).toBe(0);
        // A late point for February makes its partition again.
        expect(await store.writePoints([{ seriesId: 'p/m/forever', ts: FEB + 5, value: 1 }])).toMatchObject({
          written: 1,
        });
        expect(await partitions(schema)).toContain('points_y2024m02');
      } finally {
        await store.close();
      }
    });
  });

  it('new points merge into stored rollup rows: a minute shared with the last batch, a minute whose raw points retention deleted', async () => {
    // New minutes are copied into rollup_1m, stored ones merged: the writer must find every
    // stored row, including one left without raw points.
    const schema = db.schema();
    const store = await open(schema);
    try {
      await store.upsertSeries({ assetId: 'p/m', metric: 'r', unit: '1', retentionDays: 1 });
      const t0 = Date.UTC(2024, 5, 3, 10);
      const at = (s: number, value: number) => ({ seriesId: 'p/m/r', ts: t0 + s * 1000, value });
      expect(await store.writePoints([at(1, 4), at(20, 6), at(45, 2)])).toMatchObject({ written: 3 });
      // Starts inside the minute just written, ends in the next hour.
      const next = [at(50, 10), at(59, -1), at(61, 3), at(3600, 8)];
      expect(await store.writePoints(next)).toMatchObject({ written: 4 });
      const all = [at(1, 4), at(20, 6), at(45, 2), ...next];
      await expectRollups(store, 'p/m/r', all, { from: t0, to: t0 + 2 * HOUR });
      const minute = { from: t0, to: t0 + 2 * HOUR, bucketMs: 60_000, source: '1m' as const };
      const hour = { ...minute, bucketMs: HOUR, source: '1h' as const };
      // Retention removes the raw points, the rollups stay; a late point in the first minute
      // then finds no stored point but a stored rollup row.
      await store.applyRetention(t0 + 30 * DAY);
      expect((await store.pointStats('p/m/r')).count).toBe(0);
      expect(await store.writePoints([at(30, 100)])).toMatchObject({ written: 1 });
      const first = (await store.queryBuckets('p/m/r', minute)).buckets[0];
      expect(first).toMatchObject({ ts: t0, count: 6, min: -1, max: 100, last: -1 });
      expect(first?.avg).toBeCloseTo((4 + 6 + 2 + 10 - 1 + 100) / 6, 12);
      expect((await store.queryBuckets('p/m/r', hour)).buckets[0]).toMatchObject({ count: 7, max: 100 });
    } finally {
      await store.close();
    }
  });

  it('interleaved series, each in time order, then one out of order and a re-send: results and rollups exact', async () => {
    const schema = db.schema();
    const store = await open(schema);
    try {
      for (const m of ['a', 'b', 'c']) await store.upsertSeries({ assetId: 'p/m', metric: m, unit: '1' });
      const t0 = Date.UTC(2025, 2, 31, 23, 50); // the batches cross a month (and partition) boundary
      const pts = Array.from({ length: 900 }, (_, i) => ({
        seriesId: `p/m/${'abc'[i % 3]}`,
        ts: t0 + Math.floor(i / 3) * 7_000,
        value: (i * 37) % 101,
      }));
      const batches = [pts.slice(0, 300), pts.slice(300, 600), pts.slice(600)];
      for (const b of batches)
        expect(await store.writePoints(b)).toEqual({ written: 300, duplicates: 0, replaced: 0 });
      // The last batch again, reversed (not in time order), one value changed: duplicates and a replacement.
      const again = [...batches[2]!].reverse().map((p, i) => (i === 5 ? { ...p, value: p.value + 0.5 } : p));
      expect(await store.writePoints(again)).toEqual({ written: 0, duplicates: 299, replaced: 1 });
      const truth = new Map(pts.map((p) => [`${p.seriesId}@${p.ts}`, p]));
      for (const p of again) truth.set(`${p.seriesId}@${p.ts}`, p);
      const range = { from: t0 - HOUR, to: t0 + 2 * HOUR };
      for (const id of ['a', 'b', 'c']) {
        const raw = [...truth.values()].filter((p) => p.seriesId === `p/m/${id}`);
        expect(await store.queryPoints(`p/m/${id}`, range)).toHaveLength(300);
        await expectRollups(store, `p/m/${id}`, raw, range);
      }
    } finally {
      await store.close();
    }
  });

  it('two nodes writing the same points at once store each exactly once, with exact rollups', async () => {
    const schema = db.schema();
    const a = await open(schema);
    const b = await open(schema);
    try {
      await a.upsertSeries({ assetId: 'p/m', metric: 'v', unit: '1' });
      const pts = Array.from({ length: 3000 }, (_, i) => ({
        seriesId: 'p/m/v',
        ts: Date.UTC(2025, 4, 1) + i * 7_000,
        value: i % 13,
      }));
      // Overlapping halves, each written by both nodes in chunks, interleaved.
      const chunks = (list: typeof pts) =>
        Array.from({ length: 10 }, (_, i) => list.slice(i * 300, i * 300 + 300));
      const results = await Promise.all([
        ...chunks(pts).map((c) => a.writePoints(c)),
        ...chunks([...pts].reverse()).map((c) => b.writePoints(c)),
      ]);
      const sum = (k: 'written' | 'duplicates' | 'replaced') => results.reduce((s, r) => s + r[k], 0);
      expect([sum('written'), sum('duplicates'), sum('replaced')]).toEqual([3000, 3000, 0]);
      expect((await b.pointStats('p/m/v')).count).toBe(3000);
      const range = { from: Date.UTC(2025, 4, 1), to: Date.UTC(2025, 4, 2) };
      await expectRollups(a, 'p/m/v', pts, range, 5 * 60_000);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a batch whose span holds stored points of its series takes the careful path; others the plain insert', async () => {
    // The writer inserts without ON CONFLICT when no series has a stored point inside the
    // batch's span for it; these batches interleave with, and re-send, stored times.
    const schema = db.schema();
    const store = await open(schema);
    try {
      await store.upsertSeries({ assetId: 'p/m', metric: 'a', unit: '1' });
      await store.upsertSeries({ assetId: 'p/m', metric: 'b', unit: '1' });
      const t0 = Date.UTC(2025, 6, 1);
      const at = (id: string, i: number, value: number) => ({
        seriesId: `p/m/${id}`,
        ts: t0 + i * 10_000,
        value,
      });
      const even = Array.from({ length: 60 }, (_, i) => at('a', 2 * i, i));
      expect(await store.writePoints(even)).toEqual({ written: 60, duplicates: 0, replaced: 0 });
      // Odd times between the stored even ones (new, inside the span), one stored time re-sent,
      // one replaced, and series b (nothing stored) in the same batch.
      const mixed = [
        ...Array.from({ length: 59 }, (_, i) => at('a', 2 * i + 1, 100 + i)),
        at('a', 10, 5),
        at('a', 20, -7),
        ...Array.from({ length: 30 }, (_, i) => at('b', i, i / 2)),
      ];
      expect(await store.writePoints(mixed)).toEqual({ written: 89, duplicates: 1, replaced: 1 });
      // Series a again entirely after its newest point, b entirely before its oldest.
      const after = Array.from({ length: 20 }, (_, i) => at('a', 200 + i, i));
      const before = Array.from({ length: 20 }, (_, i) => at('b', -100 + i, i));
      expect(await store.writePoints([...after, ...before])).toEqual({
        written: 40,
        duplicates: 0,
        replaced: 0,
      });
      const range = { from: t0 - DAY, to: t0 + DAY };
      for (const id of ['a', 'b']) {
        const raw = await store.queryPoints(`p/m/${id}`, range);
        const expected = id === 'a' ? 60 + 59 + 20 : 30 + 20;
        expect(raw).toHaveLength(expected);
        if (id === 'a') expect(raw.find((p) => p.ts === t0 + 20 * 10_000)?.value).toBe(-7);
        await expectRollups(store, `p/m/${id}`, raw, range);
      }
    } finally {
      await store.close();
    }
  });

  it('a series renamed or deleted on one node is never written under its old key by another', async () => {
    const schema = db.schema();
    const a = await open(schema);
    const b = await open(schema);
    const T = Date.UTC(2025, 4, 1);
    try {
      await a.upsertSeries({ assetId: 'p/m', metric: 'v', unit: '1' });
      // Node a has the key of p/m/v cached by this write.
      await a.writePoints([{ seriesId: 'p/m/v', ts: T, value: 1 }]);
      await b.renameSeries('p/m/v', 'p/m/w');
      await expect(a.writePoints([{ seriesId: 'p/m/v', ts: T + 1, value: 2 }])).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      await expect(a.queryPoints('p/m/v', { from: T, to: T + HOUR })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      // A new series under the old id gets its own points, not the renamed series'.
      await b.upsertSeries({ assetId: 'p/m', metric: 'v', unit: '1' });
      await a.commitIngest({
        points: [{ seriesId: 'p/m/v', ts: T + 2, value: 3 }],
        counters: new Map([['p/m/v', { outliers: 1 }]]),
        at: T,
      });
      expect((await b.pointStats('p/m/v')).count).toBe(1);
      expect((await b.pointStats('p/m/w')).count).toBe(1);
      expect((await b.getSeriesCounters('p/m/v')).outliers).toBe(1);
      // Deleted and made again on b: a's cached key is of the deleted series.
      await b.deleteSeries('p/m/v');
      await b.upsertSeries({ assetId: 'p/m', metric: 'v', unit: '1' });
      await a.writePoints([{ seriesId: 'p/m/v', ts: T + 3, value: 4 }]);
      await a.bumpSeriesCounters('p/m/v', { gaps: 2 }, T);
      expect(await b.queryPoints('p/m/v', { from: T, to: T + HOUR })).toEqual([
        { ts: T + 3, value: 4, quality: 0 },
      ]);
      expect((await b.getSeriesCounters('p/m/v')).gaps).toBe(2);
      const orphans = await sql<{ n: number }>(
        schema,
        'SELECT count(*)::int AS n FROM points WHERE series_key NOT IN (SELECT key FROM series)',
      );
      expect(orphans).toEqual([{ n: 0 }]);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a unit conversion waits for a write in flight on the series and converts what it wrote', async () => {
    const schema = db.schema();
    const a = await open(schema);
    const b = await open(schema);
    const T = Date.UTC(2025, 4, 1);
    try {
      await a.upsertSeries({ assetId: 'p/m', metric: 't', unit: 'Cel' });
      const pts = Array.from({ length: 2000 }, (_, i) => ({
        seriesId: 'p/m/t',
        ts: T + i * 1000,
        value: 10,
      }));
      const [, converted] = await Promise.all([
        a.writePoints(pts),
        b.convertSeriesUnit('p/m/t', 'K', { factor: 1, offset: 273 }),
      ]);
      // Either order is a valid serialisation (all 2000 converted, or none yet written); never a
      // half-converted series, nor rollups converted over points that were not.
      expect([0, 2000]).toContain(converted.points);
      const want = converted.points === 2000 ? 283 : 10;
      const values = new Set((await a.queryPoints('p/m/t', { from: T, to: T + DAY })).map((p) => p.value));
      expect([...values]).toEqual([want]);
      for (const source of ['1m', '1h'] as const) {
        const r = await a.queryBuckets('p/m/t', { from: T, to: T + HOUR, bucketMs: HOUR, source });
        expect([r.buckets[0]!.min, r.buckets[0]!.max, r.buckets[0]!.count]).toEqual([want, want, 2000]);
      }
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('the audit log refuses UPDATE, DELETE and TRUNCATE from any client', async () => {
    const schema = db.schema();
    const store = await open(schema);
    await store.appendAudit({ ts: 1, actorKind: 'user', actorName: 'ada', action: 'user.create' });
    await store.close();
    for (const stmt of [
      "UPDATE audit_log SET actor_name = 'mallory'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
    ])
      await expect(sql(schema, stmt)).rejects.toThrow(/append-only/);
    expect(await sql(schema, 'SELECT actor_name FROM audit_log')).toEqual([{ actor_name: 'ada' }]);
  });

  it('ledger seeds are stored sealed and need the same key to open', async () => {
    const schema = db.schema();
    const store = await open(schema);
    const seed = Buffer.alloc(32, 7);
    await store.ledger.putKey({
      owner: 'o1',
      keyId: 'abcd0123',
      kind: 'org',
      name: 'acme',
      algorithm: 1,
      publicKey: Buffer.alloc(32, 1),
      privateSeed: seed,
      validFrom: 1,
      validUntil: null,
    });
    await store.close();
    const [row] = await sql<{ private_seed: Buffer }>(schema, 'SELECT private_seed FROM ledger_keys');
    expect(row?.private_seed.subarray(0, 4).toString('latin1')).toBe('XZS1');
    expect(row?.private_seed.includes(seed)).toBe(false);
    await expect(open(schema, { secretKey: { key: 'ef'.repeat(32) } })).rejects.toMatchObject({
      code: 'BAD_INPUT',
      field: 'secretKey',
    });
    await expect(open(schema, { secretKey: {} })).rejects.toThrow(/XINZHI_SECRET_KEY/);
    const again = await open(schema);
    try {
      expect((await again.ledger.getKey('o1', 'abcd0123'))?.privateSeed).toEqual(seed);
    } finally {
      await again.close();
    }
  });

  it('keeps quarantined input with NUL bytes verbatim and refuses NUL where TEXT cannot hold it', async () => {
    const store = await open(db.schema());
    try {
      const raw = 'a\u0000b\u00ff温度';
      const [id] = await store.addQuarantine([
        { importId: null, source: 'mqtt', location: 't', raw, reasons: [{ code: 'X', message: 'y' }], ts: 1 },
      ]);
      expect((await store.getQuarantine(id!))?.raw).toBe(raw);
      await expect(store.appendEvent({ ts: 1, kind: 'k', message: 'a\u0000' })).rejects.toMatchObject({
        code: 'BAD_INPUT',
        field: 'message',
      });
      expect(await store.getUser(1.5)).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('refuses a schema written by a newer xinzhi, and a URL that is not postgres://', async () => {
    const schema = db.schema();
    await (await open(schema)).close();
    await sql(schema, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', 0)");
    await expect(open(schema)).rejects.toMatchObject({
      code: 'STORE_FAILURE',
      message: expect.stringMatching(/newer/),
    });
    await expect(openPostgresStore('./xinzhi.db')).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'db' });
    await expect(openPostgresStore(db.url, { schema: 'x; DROP TABLE y' })).rejects.toMatchObject({
      field: 'schema',
    });
  });
});
