/**
 * What the conformance suite cannot see: the monthly partitions (made on demand, dropped whole by
 * retention), two nodes writing one series at once, the audit log's refusal at the SQL level,
 * sealed ledger seeds, and a schema from a newer xinzhi.
 */
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { bucketsFromRaw } from '../conformance.case.js';
import { openPostgresStore, type PostgresStoreOptions } from './postgres-store.js';
import { withTestDatabase } from './test-database.fixture.js';

const SECRET = 'cd'.repeat(32);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const JAN = Date.UTC(2024, 0, 1);
const FEB = Date.UTC(2024, 1, 1);
const MAR = Date.UTC(2024, 2, 1);

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
      for (const [bucketMs, source] of [
        [HOUR, '1h'],
        [5 * 60_000, '1m'],
      ] as const) {
        const r = await a.queryBuckets('p/m/v', { ...range, bucketMs, source });
        expect(r.buckets).toEqual(bucketsFromRaw(pts, range.from, range.to, bucketMs));
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
