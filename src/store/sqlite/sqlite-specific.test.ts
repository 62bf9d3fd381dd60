import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { XinzhiError } from '../../core/index.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { openSqliteStore } from './sqlite-store.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-sqlite-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T0 = Date.UTC(2024, 0, 1);
const HOUR = 3_600_000;

describe('SQLite specifics', () => {
  it('opens a file in WAL mode (default synchronous FULL, NORMAL on request)', () => {
    const path = join(dir, 'pragmas.db');
    return (async () => {
      const s = await openSqliteStore(path);
      await s.close();
      const db = new Database(path);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      db.close();
      const store = await openSqliteStore(path, { synchronous: 'normal' });
      await store.close();
    })();
  });

  it('records migrations once, re-running is a no-op, and a newer schema is refused', async () => {
    const db = new Database(':memory:');
    expect(migrate(db, 1)).toEqual(MIGRATIONS.map((m) => m.version));
    expect(migrate(db, 2)).toEqual([]);
    expect(db.prepare('SELECT version, applied_at FROM schema_migrations').all()).toEqual(
      MIGRATIONS.map((m) => ({ version: m.version, applied_at: 1 })),
    );
    db.prepare('INSERT INTO schema_migrations VALUES (99, ?, 3)').run('future');
    expect(() => migrate(db, 4)).toThrow(XinzhiError);
    expect(() => migrate(db, 4)).toThrow(/newer than this xinzhi/);
    db.close();
  });

  it('migration 4 keeps existing API keys (ids, hashes, revocations) in the default organisation', () => {
    const db = new Database(':memory:');
    migrate(
      db,
      1,
      MIGRATIONS.filter((m) => m.version < 4),
    );
    db.prepare(
      "INSERT INTO api_keys (name, role, hash, created_at, revoked_at) VALUES ('a', 'admin', ?, 5, NULL)",
    ).run('a'.repeat(64));
    db.prepare(
      "INSERT INTO api_keys (name, role, hash, created_at, revoked_at) VALUES ('v', 'viewer', ?, 6, 7)",
    ).run('b'.repeat(64));
    expect(migrate(db, 2)).toEqual(MIGRATIONS.filter((m) => m.version >= 4).map((m) => m.version));
    expect(
      db.prepare('SELECT id, name, role, revoked_at, org, sites, asset FROM api_keys ORDER BY id').all(),
    ).toEqual([
      { id: 1, name: 'a', role: 'admin', revoked_at: null, org: 'default', sites: null, asset: null },
      { id: 2, name: 'v', role: 'viewer', revoked_at: 7, org: 'default', sites: null, asset: null },
    ]);
    db.prepare("INSERT INTO api_keys (name, role, hash, created_at) VALUES ('e', 'engineer', ?, 8)").run(
      'c'.repeat(64),
    );
    expect(db.prepare('SELECT max(id) FROM api_keys').pluck().get()).toBe(3);
    db.close();
  });

  it('a migration step is atomic: a failing step leaves no trace', () => {
    const db = new Database(':memory:');
    migrate(db, 1);
    const newest = Math.max(...MIGRATIONS.map((m) => m.version));
    const bad = [
      ...MIGRATIONS,
      { version: newest + 1, name: 'broken', sql: 'CREATE TABLE x (a); SELECT * FROM nope;' },
    ];
    expect(() => migrate(db, 2, bad)).toThrow();
    expect(db.prepare("SELECT count(*) FROM sqlite_master WHERE name = 'x'").pluck().get()).toBe(0);
    expect(db.prepare('SELECT max(version) FROM schema_migrations').pluck().get()).toBe(newest);
    db.close();
  });

  it('a replacement in a minute whose raw points retention removed corrects sum and last by delta', async () => {
    const s = await openSqliteStore(':memory:');
    await s.upsertSeries({ assetId: 'p/m', metric: 'v', unit: '1', retentionDays: 1 });
    const id = 'p/m/v';
    await s.writePoints([
      { seriesId: id, ts: T0, value: 1 },
      { seriesId: id, ts: T0 + 10_000, value: 5 },
    ]);
    expect(await s.applyRetention(T0 + 26 * HOUR)).toBe(2);
    // A late point into the trimmed minute, then its replacement.
    await s.writePoints([{ seriesId: id, ts: T0 + 20_000, value: 3 }]);
    expect(await s.writePoints([{ seriesId: id, ts: T0 + 20_000, value: 4 }])).toEqual({
      written: 0,
      duplicates: 0,
      replaced: 1,
    });
    const r = await s.queryBuckets(id, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR, source: '1h' });
    expect(r.buckets).toEqual([{ ts: T0, min: 1, max: 5, avg: 10 / 3, count: 3, last: 4 }]);
    await s.close();
  });

  it('interleaved series in one batch keep separate rollups', async () => {
    const s = await openSqliteStore(':memory:');
    await s.upsertSeries({ assetId: 'p/m', metric: 'a', unit: '1' });
    await s.upsertSeries({ assetId: 'p/m', metric: 'b', unit: '1' });
    const batch = Array.from({ length: 1000 }, (_, i) => ({
      seriesId: i % 2 ? 'p/m/a' : 'p/m/b',
      ts: T0 + Math.floor(i / 2) * 1000,
      value: i % 2 ? 1 : 2,
    }));
    await s.writePoints(batch);
    for (const [id, v] of [
      ['p/m/a', 1],
      ['p/m/b', 2],
    ] as const) {
      const r = await s.queryBuckets(id, { from: T0, to: T0 + 2 * HOUR, bucketMs: HOUR });
      expect(r).toMatchObject({
        source: '1h',
        buckets: [{ ts: T0, min: v, max: v, avg: v, count: 500, last: v }],
      });
    }
    await s.close();
  });
});

describe('store.ledger', () => {
  it('lives in the same database file: what one handle writes, a reopened store reads', async () => {
    {
      const path = join(dir, 'ledger.db');
      const a = await openSqliteStore(path);
      await a.ledger.createOrg({ id: 'o1', name: 'acme', createdAt: 5 });
      await a.ledger.setMeta('origin', 'example.com/log');
      await a.close();
      const b = await openSqliteStore(path);
      expect(await b.ledger.getOrg('acme')).toEqual({ id: 'o1', name: 'acme', createdAt: 5 });
      expect(await b.ledger.getMeta('origin')).toBe('example.com/log');
      expect(await b.ledger.size()).toBe(0);
      await b.close();
    }
  });
});
