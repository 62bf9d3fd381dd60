/**
 * `xinzhi db migrate` against a real PostgreSQL: a SQLite installation filled through the public
 * APIs (a CSV through the pipeline, events, quarantine, a key, a user and session, the audit log,
 * documents, a training run, a signed ledger with a checkpoint) is copied, then read back through
 * the Store and Ledger APIs on PostgreSQL; re-runs, interrupted copies, conflicts and bad flags.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { getRun, startRun } from '../../analytics/runs/index.js';
import { Ledger } from '../../ledger/index.js';
import { sampleEvent } from '../../ledger/test-support.fixture.js';
import { copySqliteToPostgres, openPostgresStore, openSqliteStore, type Store } from '../../store/index.js';
import { OPERATOR_ANN } from '../../store/job-submitter.fixture.js';
import { TEST_PG_URL, withTestDatabase } from '../../store/postgres/test-database.fixture.js';
import { runCli } from '../run-cli.fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-db-migrate-'));
const source = join(dir, 'plant.db');
const HOUR = 3_600_000;
const savedKey = process.env['XINZHI_SECRET_KEY'];
delete process.env['XINZHI_SECRET_KEY'];
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  if (savedKey !== undefined) process.env['XINZHI_SECRET_KEY'] = savedKey;
});
afterEach(() => {
  process.exitCode = undefined;
});

let runId = '';

/** Fills the SQLite store the way an installation fills it: pipeline, server APIs, ledger. */
async function populate(): Promise<void> {
  const csv = join(dir, 'line1.csv');
  // Two months (two PostgreSQL partitions), one bad value (a quarantine row).
  writeFileSync(
    csv,
    [
      'time,temp [degF],speed (rpm)',
      '2024-06-30T23:58:00Z,68,1500',
      '2024-06-30T23:59:00Z,bad,1510',
      '2024-07-01T00:00:30Z,71.6,1490',
      '2024-07-01T01:10:00Z,75.2,1480',
    ].join('\n'),
  );
  const imp = await runCli(['import', csv, '--asset', 'plant/line1', '--db', source, '--json']);
  expect(imp.code).toBe(0);
  const store = await openSqliteStore(source);
  try {
    // A point the pipeline would flag (quality bits must survive the move), and one before 1970.
    await store.writePoints([
      { seriesId: 'plant/line1/speed', ts: Date.UTC(2024, 6, 1, 2), value: 1470, quality: 0b101 },
      { seriesId: 'plant/line1/speed', ts: -HOUR, value: 1400 },
    ]);
    await store.appendEvent({
      ts: Date.UTC(2024, 6, 1),
      kind: 'alarm',
      severity: 'major',
      seriesId: 'plant/line1/temp',
      message: 'temp high',
      data: { limit: 70 },
    });
    await store.addQuarantine([
      {
        importId: null,
        source: 'mqtt',
        location: 'plant/line1/temp',
        raw: '{"v":"zwölf °C"}',
        reasons: [{ code: 'parse', message: 'not a number' }],
        seriesId: 'plant/line1/temp',
        ts: Date.UTC(2024, 6, 1),
      },
    ]);
    await store.putSite({ id: 'north', org: 'default', name: 'North site', createdAt: 1 });
    const key = await store.createApiKey({
      name: 'ops',
      role: 'operator',
      hash: 'a'.repeat(64),
      createdAt: 2,
      sites: ['north'],
    });
    const user = await store.createUser({
      username: 'mei',
      role: 'engineer',
      createdAt: 3,
      passwordHash: 'x',
    });
    await store.createSession({
      hash: 'b'.repeat(64),
      userId: user.id,
      keyId: null,
      createdAt: 4,
      expiresAt: 5 * HOUR,
      ip: '10.0.0.7',
      userAgent: 'test',
    });
    await store.revokeApiKey(key.id);
    await store.appendAudit({
      ts: 6,
      actorKind: 'cli',
      actorName: 'test',
      action: 'user.create',
      target: String(user.id),
    });
    await store.putDoc('notes', 'shift', { text: '早班' });
    // A queued job with its upload (BLOB to BYTEA), run by the new store's nodes after the move.
    await store.jobs.submit({
      id: 'job-1',
      kind: 'import',
      input: { name: 'a.csv' },
      payload: Buffer.from('series,ts,value\n'),
      submitter: OPERATOR_ANN,
      maxAttempts: 3,
      createdAt: 8,
    });
    const run = await startRun(store, {
      kind: 'rul',
      config: { epochs: 2 },
      data: { fingerprint: 'sha256:test', rows: 4 },
      now: () => 7,
    });
    run.log(1, { loss: 0.5 });
    await run.finish({ evaluation: { rmse: 12.5 }, model: { weights: [1, 2] } });
    runId = run.id;
    const ledger = await Ledger.open({ store: store.ledger }, { origin: 'plant.example/ledger' });
    await ledger.createOrg('acme');
    await ledger.append('acme', [0, 1, 2, 3, 4].map(sampleEvent));
    await ledger.checkpoint();
    await ledger.append('acme', [5, 6].map(sampleEvent));
  } finally {
    await store.close();
  }
}

/** Everything a user can read back through the Store API, as plain data. */
async function snapshot(store: Store) {
  const series = await store.listSeries();
  const per = [];
  for (const s of series) {
    per.push({
      id: s.id,
      points: await store.queryPoints(s.id, { from: Date.UTC(1960, 0, 1), to: Date.UTC(2030, 0, 1) }),
      hours: await store.queryBuckets(s.id, {
        from: Date.UTC(2024, 5, 30),
        to: Date.UTC(2024, 6, 2),
        bucketMs: HOUR,
        source: '1h',
      }),
      minutes: await store.queryBuckets(s.id, {
        from: Date.UTC(2024, 5, 30, 23),
        to: Date.UTC(2024, 6, 1, 2),
        bucketMs: 60_000,
        source: '1m',
      }),
      counters: await store.getSeriesCounters(s.id),
    });
  }
  return {
    assets: await store.listAssets(),
    series,
    per,
    events: await store.listEvents(),
    quarantine: await store.listQuarantine(),
    imports: await store.listImports(),
    keys: await store.listApiKeys(),
    sites: await store.listSites(),
    users: await store.listUsers(),
    session: await store.findSession('b'.repeat(64)),
    audit: await store.listAudit(),
    doc: await store.getDoc('notes', 'shift'),
    run: await getRun(store, runId),
    jobs: await store.jobs.list(),
    upload: (await store.jobs.payload('job-1'))?.toString(),
  };
}

await withTestDatabase('xinzhi db migrate', (db) => {
  const made: string[] = [];
  const base = new URL(db.url).pathname.slice(1);
  /** Another empty database of this file (the CLI works in the public schema of its URL). */
  const database = async (suffix: string): Promise<string> => {
    const name = `${base}_${suffix}`;
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
    made.push(name);
    const u = new URL(db.url);
    u.pathname = `/${name}`;
    return u.toString();
  };
  afterAll(async () => {
    const c = new pg.Client({ connectionString: TEST_PG_URL });
    await c.connect();
    for (const name of made) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });
  const migrate = async (to: string, ...more: string[]) => {
    const r = await runCli(['db', 'migrate', '--from', source, '--to', to, '--json', ...more]);
    return { ...r, doc: JSON.parse(r.out) };
  };
  const openTarget = (url: string) =>
    openPostgresStore(url, { maxConnections: 2, secretKey: { file: `${source}.key` } });

  beforeAll(populate);

  describe('xinzhi db migrate', () => {
    let a = '';

    it('copies everything, and PostgreSQL answers as SQLite did (points, buckets, counters, ledger)', async () => {
      a = await database('a');
      const r = await migrate(a);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      expect(r.doc.verified).toBe(true);
      const byTable = Object.fromEntries(
        r.doc.tables.map((t: { table: string; source: number; target: number }) => [t.table, t]),
      );
      expect(byTable.points).toMatchObject({ source: 9, target: 9, inserted: 9 });
      expect(byTable.quarantine).toMatchObject({ source: 2, target: 2 });
      expect(byTable.ledger_entries).toMatchObject({ source: 7, target: 7 });
      expect(byTable.ledger_checkpoints).toMatchObject({ source: 1, target: 1 });
      expect(byTable.jobs).toMatchObject({ source: 1, target: 1 });
      expect(r.doc.ledger.source.size).toBe(7);
      expect(r.doc.ledger.target).toEqual(r.doc.ledger.source);

      const sqlite = await openSqliteStore(source);
      const pgStore = await openTarget(a);
      try {
        const want = await snapshot(sqlite);
        expect(want.per.flatMap((s) => s.points).length).toBe(9);
        expect(want.per.some((s) => s.points.some((p) => p.quality !== 0))).toBe(true);
        expect(await snapshot(pgStore)).toEqual(want);

        const [from, to] = [
          await Ledger.open({ store: sqlite.ledger }),
          await Ledger.open({ store: pgStore.ledger }),
        ];
        expect(to.size).toBe(from.size);
        expect((await to.rootAt(5)).equals(await from.rootAt(5))).toBe(true);
        expect(await to.checkpoints()).toEqual(await from.checkpoints());
        expect((await to.audit()).ok).toBe(true);
        // The copy is a working store: sealed seeds open with the same key, ids continue.
        await to.append('acme', [sampleEvent(7)]);
        expect((await to.checkpoint()).id).toBe(2);
        const ev = await pgStore.appendEvent({ ts: 1, kind: 'note', message: 'after the move' });
        expect(ev.id).toBe(want.events.length + 1);
      } finally {
        await sqlite.close();
        await pgStore.close();
      }
    });

    it('a re-run of a finished copy is a no-op; one of a damaged copy puts back what is missing', async () => {
      const b = await database('b');
      expect((await migrate(b)).code).toBe(0);
      const noop = await migrate(b);
      expect(noop.code).toBe(0);
      expect(noop.doc.verified).toBe(true);
      expect(noop.doc.inserted).toBe(0);
      const c = new pg.Client({ connectionString: b });
      await c.connect();
      let gone = 0;
      try {
        gone = (await c.query('DELETE FROM points WHERE value > 1495')).rowCount ?? 0;
        await c.query('DELETE FROM rollup_1m');
      } finally {
        await c.end();
      }
      expect(gone).toBe(2);
      const repaired = await migrate(b);
      expect(repaired.code).toBe(0);
      expect(repaired.doc.verified).toBe(true);
      const t = Object.fromEntries(
        repaired.doc.tables.map((x: { table: string; inserted: number; source: number }) => [x.table, x]),
      );
      expect(t.points.inserted).toBe(2);
      expect(t.rollup_1m.source).toBeGreaterThan(0);
      expect(t.rollup_1m.inserted).toBe(t.rollup_1m.source);
      expect(repaired.doc.inserted).toBe(2 + t.rollup_1m.source);
    });

    it('refuses a copy that has been used since the move (exit 5), naming the tables that grew', async () => {
      expect(a).not.toBe('');
      const r = await migrate(a);
      expect(r.code).toBe(5);
      expect(r.doc.error.code).toBe('CONFLICT');
      expect(r.doc.error.message).toMatch(/events: \d+ rows, source \d+/);
      expect(r.doc.error.message).toMatch(/ledger_entries: 8 rows, source 7/);
      expect(r.doc.error.message).toMatch(/ledger_checkpoints: 2 rows, source 1/);
    });

    it('an interrupted copy is reported unverified and finished by the next run', async () => {
      const c = await database('c');
      const cut = await copySqliteToPostgres(source, c, { stopAfterRows: 10, batchRows: 3 });
      expect(cut.complete).toBe(false);
      expect(cut.tables.some((t) => t.target < t.source)).toBe(true);
      const copied = cut.tables.reduce((s, t) => s + t.inserted, 0);
      expect(copied).toBeGreaterThanOrEqual(10);
      const done = await migrate(c, '--batch', '4');
      expect(done.code).toBe(0);
      expect(done.doc.verified).toBe(true);
      const total = done.doc.tables.reduce((s: number, t: { source: number }) => s + t.source, 0);
      // orgs' 'default' row is made by the target's own migration, never inserted.
      expect(done.doc.inserted + copied).toBe(total - 1);
    });

    it('refuses a target holding other data under the same ids (exit 5) and copies nothing over it', async () => {
      const d = await database('d');
      const other = await openPostgresStore(d, { maxConnections: 2 });
      await other.upsertAsset({ id: 'plant', kind: 'site', name: 'Another plant' });
      await other.close();
      const r = await migrate(d);
      expect(r.code).toBe(5);
      expect(r.doc.error.code).toBe('CONFLICT');
      expect(r.doc.error.message).toMatch(/assets row id=plant differs in name/);
      const after = await openPostgresStore(d, { maxConnections: 2 });
      try {
        expect((await after.getAsset('plant'))?.name).toBe('Another plant');
        expect(await after.listSeries()).toEqual([]);
      } finally {
        await after.close();
      }
    });

    it('rejects malformed arguments with exit 2 or 3 and a message naming the flag', async () => {
      const run = async (...args: string[]) => {
        const r = await runCli(['db', 'migrate', ...args, '--json']);
        return {
          code: r.code,
          error: JSON.parse(r.out).error as { code: string; message: string; field: string },
        };
      };
      const same = await run('--from', source, '--to', source);
      expect(same).toMatchObject({ code: 2, error: { field: '--to' } });
      expect(same.error.message).toMatch(/same database/);
      expect(await run('--from', db.url, '--to', db.url)).toMatchObject({ code: 2 });
      const scheme = await run('--from', source, '--to', 'mysql://root@db/x');
      expect(scheme).toMatchObject({ code: 2, error: { field: '--to' } });
      expect(scheme.error.message).toMatch(/postgres:\/\//);
      expect(await run('--from', 'postgres://u@h/x', '--to', db.url)).toMatchObject({
        code: 2,
        error: { field: '--from' },
      });
      const missing = await run('--from', join(dir, 'nope.db'), '--to', db.url);
      expect(missing).toMatchObject({ code: 3, error: { code: 'NOT_FOUND', field: '--from' } });
      expect(await run('--from', dir, '--to', db.url)).toMatchObject({ code: 2, error: { field: '--from' } });
      const empty = join(dir, 'empty.db');
      writeFileSync(empty, '');
      expect(await run('--from', empty, '--to', db.url)).toMatchObject({
        code: 2,
        error: { field: '--from' },
      });
      const notDb = join(dir, 'notes.txt');
      writeFileSync(
        notDb,
        'this is not a database, just a long enough line of text to be read as a header\n',
      );
      const text = await run('--from', notDb, '--to', db.url);
      expect(text).toMatchObject({ code: 2, error: { field: '--from' } });
      expect(text.error.message).toMatch(/cannot be opened as a xinzhi database/);
      expect(await run('--to', db.url)).toMatchObject({ code: 2, error: { field: '--from' } });
      expect(await run('--from', source)).toMatchObject({ code: 2, error: { field: '--to' } });
      expect(await run('--from', source, '--to', db.url, '--batch', '0')).toMatchObject({
        code: 2,
        error: { field: '--batch' },
      });
      const down = await run('--from', source, '--to', 'postgres://postgres@127.0.0.1:1/none');
      expect(down).toMatchObject({ code: 2, error: { field: '--to' } });
      expect(down.error.message).toMatch(/cannot be opened/);
    });

    it('a row PostgreSQL cannot hold stops the copy with the table named (exit 1), keeping what was copied', async () => {
      const odd = join(dir, 'odd.db');
      const store = await openSqliteStore(odd);
      await store.appendEvent({ ts: 1, kind: 'note', message: 'fine' });
      // SQLite TEXT holds NUL; PostgreSQL TEXT cannot.
      await store.appendEvent({ ts: 2, kind: 'note', message: 'nul \u0000 inside' });
      await store.close();
      const f = await database('f');
      const r = await runCli(['db', 'migrate', '--from', odd, '--to', f, '--batch', '1', '--json']);
      expect(r.code).toBe(1);
      const error = JSON.parse(r.out).error;
      expect(error.code).toBe('STORE_FAILURE');
      expect(error.message).toMatch(/copying events \(batch from id=2\) failed/);
      const target = await openPostgresStore(f, { maxConnections: 2 });
      try {
        expect((await target.listEvents()).map((e) => e.message)).toEqual(['fine']);
      } finally {
        await target.close();
      }
    });

    it('a wrong secret key stops the move before anything is copied (exit 2)', async () => {
      const e = await database('e');
      const wrong = join(dir, 'wrong.key');
      writeFileSync(wrong, `${'cd'.repeat(32)}\n`);
      const r = await migrate(e, '--secret-key-file', wrong);
      expect(r.code).toBe(2);
      expect(r.doc.error.message).toMatch(/not the key this database's ledger seeds were encrypted with/);
      const target = await openPostgresStore(e, { maxConnections: 2 });
      try {
        expect(await target.listAssets()).toEqual([]);
      } finally {
        await target.close();
      }
    });
  });
});
