/**
 * The embedded Store: SQLite through better-sqlite3 (synchronous, in-process), WAL journal.
 *
 * Durability: `synchronous = FULL` by default, so a resolved `writePoints` has been fsynced to the
 * WAL and survives a process kill *and* a power cut; MQTT QoS 1 acknowledgements rely on it.
 * `NORMAL` (option) survives a process crash (the WAL pages are already in the OS) but may lose
 * the last commits on power loss; it is faster on slow disks. See docs/store.md.
 */
import Database from 'better-sqlite3';
import {
  type Asset,
  type Clock,
  type Logger,
  type Point,
  type Series,
  systemClock,
  type XEvent,
} from '../../core/index.js';
import { DEFAULT_RAW_MAX_RANGE_MS, HOUR } from '../bucket-plan.js';
import type { JobStore } from '../job-store.js';
import type { LedgerStore } from '../ledger-store.js';
import type {
  AuditFilter,
  AuditInput,
  AuditRecord,
  SessionInput,
  SessionRecord,
  UserInput,
  UserPatch,
  UserRecord,
} from '../people.js';
import type { ReportScheduleStore } from '../report-schedule-store.js';
import type {
  ApiKeyInput,
  ApiKeyRecord,
  AssetInput,
  BucketResult,
  EventFilter,
  EventInput,
  ImportRecord,
  ImportStats,
  IngestCommit,
  IngestCommitResult,
  OrgRecord,
  PointStats,
  PointWrite,
  QuarantineFilter,
  QuarantineInput,
  QuarantineRow,
  RollupSource,
  SeriesCounters,
  SeriesInput,
  SiteRecord,
  Store,
  TimeRange,
  WriteResult,
} from '../store.js';
import { badInput, checkInt } from '../validate.js';
import { BucketReader } from './bucket-reader.js';
import { Catalog } from './catalog.js';
import { SqliteJobStore } from './jobs-sqlite.js';
import { SqliteLedgerStore } from './ledger-sqlite.js';
import { migrate } from './migrations.js';
import { PeopleRecords } from './people-records.js';
import { type KeyResult, PointsWriter } from './points-writer.js';
import { securePrivateDatabase } from './private-file.js';
import { Records } from './records.js';
import { SqliteReportScheduleStore } from './report-schedules-sqlite.js';
import { type SecretKeyOptions, secretKeySource } from './secret-key.js';

export interface SqliteStoreOptions {
  /** `full` (default): commits survive power loss. `normal`: they survive a process crash only. */
  readonly synchronous?: 'full' | 'normal';
  /** Time source for created/updated stamps; default the system clock. */
  readonly clock?: Clock;
  /** Bucketed reads over a range this short read raw points (exact for any width); default 1 h. */
  readonly rawMaxRangeMs?: number;
  /** SQLite page cache in MiB; default 64. */
  readonly cacheMiB?: number;
  /** Wait this long for a lock held by another process before failing; default 5000 ms. */
  readonly busyTimeoutMs?: number;
  /**
   * The key that encrypts ledger signing seeds, kept outside the database: `key` (the CLI passes
   * $XINZHI_SECRET_KEY) or `file` (default `<db>.key`, created 0600 on first use). See secret-key.ts.
   */
  readonly secretKey?: SecretKeyOptions;
  /** Receives warnings (a database file readable by others was tightened); default: process warnings. */
  readonly logger?: Pick<Logger, 'warn'>;
}

const processWarnings: Pick<Logger, 'warn'> = {
  warn: (obj, msg) => process.emitWarning(msg ?? (typeof obj === 'string' ? obj : JSON.stringify(obj))),
};

const COUNTERS = ['accepted', 'quarantined', 'duplicates', 'outliers', 'gaps', 'stuck'] as const;
const QUALITY_BITS = 16;
const DAY = 86_400_000;

/**
 * Opens (creating if needed) and migrates a SQLite store. `:memory:` gives a private in-memory one.
 *
 * @example
 * const store = await openSqliteStore('./xinzhi.db');
 * await store.upsertSeries({ assetId: 'plant1/press/line1/m3', metric: 'temp', unit: 'Cel' });
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<Store> {
  if (typeof path !== 'string' || path === '')
    throw badInput('db', 'database path must be a non-empty string');
  const store = new SqliteStore(path, options);
  await store.migrate();
  return store;
}

export class SqliteStore implements Store {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly catalog: Catalog;
  private readonly records: Records;
  private readonly people: PeopleRecords;
  private readonly writer: PointsWriter;
  private readonly reader: BucketReader;
  private readonly s;
  private closed = false;
  readonly ledger: LedgerStore;
  readonly jobs: JobStore;
  readonly reportSchedules: ReportScheduleStore;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    const logger = options.logger ?? processWarnings;
    // Created 0600 before SQLite opens it: the -wal and -shm files SQLite creates inherit that mode.
    securePrivateDatabase(path, logger);
    this.db = new Database(path, { timeout: options.busyTimeoutMs ?? 5000 });
    this.clock = options.clock ?? systemClock;
    const db = this.db;
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous === 'normal' ? 'NORMAL' : 'FULL'}`);
    db.pragma('foreign_keys = ON');
    db.pragma(`cache_size = -${Math.round((options.cacheMiB ?? 64) * 1024)}`);
    db.pragma('temp_store = MEMORY');
    migrate(db, this.clock.now());
    const now = (): number => this.clock.now();
    this.catalog = new Catalog(db, now);
    this.records = new Records(db, now);
    this.people = new PeopleRecords(db);
    this.writer = new PointsWriter(db, (id) => this.catalog.keyOf(id));
    this.reader = new BucketReader(db, options.rawMaxRangeMs ?? DEFAULT_RAW_MAX_RANGE_MS);
    const ledger = new SqliteLedgerStore(db, secretKeySource(path, options.secretKey ?? {}, logger));
    try {
      ledger.unlockIfNeeded();
    } catch (e) {
      db.close();
      throw e;
    }
    this.ledger = ledger;
    this.jobs = new SqliteJobStore(db);
    this.reportSchedules = new SqliteReportScheduleStore(db);
    this.s = {
      points: db.prepare(
        'SELECT ts, value, quality FROM points WHERE series_key = ? AND ts >= ? AND ts < ? ORDER BY ts LIMIT ?',
      ),
      latest: db.prepare(
        'SELECT ts, value, quality FROM points WHERE series_key = ? ORDER BY ts DESC LIMIT 1',
      ),
      stats: db
        .prepare(
          `SELECT count(*), min(ts), max(ts), ${Array.from({ length: QUALITY_BITS }, (_, i) => `sum((quality & ${1 << i}) != 0)`).join(', ')}
           FROM points WHERE series_key = ? AND ts >= ? AND ts < ?`,
        )
        .raw(),
      bump: db.prepare(
        `INSERT INTO series_counters (series_key, ${COUNTERS.join(', ')}, last_ingest_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_key) DO UPDATE SET ${COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
           last_ingest_at = max(coalesce(last_ingest_at, excluded.last_ingest_at), excluded.last_ingest_at)`,
      ),
      counters: db.prepare(
        `SELECT ${COUNTERS.join(', ')}, last_ingest_at FROM series_counters WHERE series_key = ?`,
      ),
      retained: db.prepare('SELECT key, retention_days FROM series WHERE retention_days IS NOT NULL'),
      deleteBefore: db.prepare('DELETE FROM points WHERE series_key = ? AND ts < ?'),
      deletePoints: db.prepare('DELETE FROM points WHERE series_key = ?'),
      deleteRollup1m: db.prepare('DELETE FROM rollup_1m WHERE series_key = ?'),
      deleteRollup1h: db.prepare('DELETE FROM rollup_1h WHERE series_key = ?'),
      deleteCounters: db.prepare('DELETE FROM series_counters WHERE series_key = ?'),
      convertPoints: db.prepare('UPDATE points SET value = value * ? + ? WHERE series_key = ?'),
      // A positive factor keeps min and max in place; the sum of n values gains n offsets.
      convertRollup1m: db.prepare(
        'UPDATE rollup_1m SET min_v = min_v * @f + @o, max_v = max_v * @f + @o, sum_v = sum_v * @f + @o * n, last_v = last_v * @f + @o WHERE series_key = @k',
      ),
      convertRollup1h: db.prepare(
        'UPDATE rollup_1h SET min_v = min_v * @f + @o, max_v = max_v * @f + @o, sum_v = sum_v * @f + @o * n, last_v = last_v * @f + @o WHERE series_key = @k',
      ),
      renameQuarantine: db.prepare('UPDATE quarantine SET series_id = ? WHERE series_id = ?'),
      renameEvents: db.prepare('UPDATE events SET series_id = ? WHERE series_id = ?'),
    };
  }

  async migrate(): Promise<void> {
    migrate(this.db, this.clock.now());
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.db.close();
  }

  // ── assets and series ────────────────────────────────────────────────────────────────────────
  async upsertAsset(input: AssetInput): Promise<Asset> {
    return this.db.transaction(() => this.catalog.upsertAsset(input)).immediate();
  }
  async getAsset(id: string): Promise<Asset | undefined> {
    return this.catalog.getAsset(id);
  }
  async listAssets(filter: { rootId?: string } = {}): Promise<Asset[]> {
    return this.catalog.listAssets(filter.rootId);
  }
  async upsertSeries(input: SeriesInput): Promise<Series> {
    return this.db.transaction(() => this.catalog.upsertSeries(input)).immediate();
  }
  async getSeries(id: string): Promise<Series | undefined> {
    return this.catalog.getSeries(id);
  }
  async renameSeries(id: string, newId: string): Promise<Series> {
    return this.db
      .transaction(() => {
        const renamed = this.catalog.renameSeries(id, newId);
        this.s.renameQuarantine.run(renamed.id, id);
        this.s.renameEvents.run(renamed.id, id);
        return renamed;
      })
      .immediate();
  }
  async deleteSeries(id: string): Promise<{ points: number }> {
    return this.db
      .transaction(() => {
        const key = this.catalog.requireKey(id, 'id');
        const points = this.s.deletePoints.run(key).changes;
        this.s.deleteRollup1m.run(key);
        this.s.deleteRollup1h.run(key);
        this.s.deleteCounters.run(key);
        this.catalog.deleteSeries(id);
        return { points };
      })
      .immediate();
  }
  async convertSeriesUnit(
    id: string,
    unit: string,
    map: { factor: number; offset: number },
  ): Promise<{ series: Series; points: number }> {
    if (typeof map !== 'object' || map === null) throw badInput('map', 'map must be { factor, offset }');
    const { factor, offset } = map;
    if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0)
      throw badInput('factor', `factor must be a positive finite number; got ${String(factor)}`);
    if (typeof offset !== 'number' || !Number.isFinite(offset))
      throw badInput('offset', `offset must be a finite number; got ${String(offset)}`);
    return this.db
      .transaction(() => {
        const key = this.catalog.requireKey(id, 'id');
        const series = this.catalog.convertSeries(id, unit, factor, offset);
        const points = this.s.convertPoints.run(factor, offset, key).changes;
        this.s.convertRollup1m.run({ f: factor, o: offset, k: key });
        this.s.convertRollup1h.run({ f: factor, o: offset, k: key });
        return { series, points };
      })
      .immediate();
  }
  async listSeries(filter: { assetId?: string; rootId?: string } = {}): Promise<Series[]> {
    return this.catalog.listSeries(filter);
  }

  // ── points ───────────────────────────────────────────────────────────────────────────────────
  async writePoints(batch: readonly PointWrite[]): Promise<WriteResult> {
    return this.writer.write(batch);
  }

  async queryPoints(seriesId: string, range: TimeRange & { limit?: number }): Promise<Point[]> {
    const key = this.catalog.requireKey(seriesId);
    checkRangeArg(range);
    let limit = -1;
    if (range.limit !== undefined) {
      limit = checkInt(range.limit, 'limit');
      if (limit < 0) throw badInput('limit', 'limit must be ≥ 0');
    }
    return this.s.points.all(key, range.from, range.to, limit) as Point[];
  }

  async queryBuckets(
    seriesId: string,
    range: TimeRange & { bucketMs: number; source?: RollupSource },
  ): Promise<BucketResult> {
    const key = this.catalog.requireKey(seriesId);
    checkRangeArg(range);
    const b = range.bucketMs;
    if (typeof b !== 'number' || !Number.isSafeInteger(b) || b <= 0)
      throw badInput(
        'bucketMs',
        `bucketMs must be a positive integer number of milliseconds; got ${String(b)}`,
      );
    if (range.source !== undefined && !['raw', '1m', '1h'].includes(range.source))
      throw badInput('source', `source must be raw, 1m or 1h; got ${JSON.stringify(range.source)}`);
    return this.reader.read(key, range);
  }

  async latest(seriesIds?: readonly string[]): Promise<Map<string, Point>> {
    const ids = seriesIds ?? this.catalog.listSeries().map((s) => s.id);
    const out = new Map<string, Point>();
    ids.forEach((id, i) => {
      const key = this.catalog.requireKey(id, `seriesIds[${i}]`);
      const p = this.s.latest.get(key) as Point | undefined;
      if (p) out.set(id, p);
    });
    return out;
  }

  async pointStats(seriesId: string, range: Partial<TimeRange> = {}): Promise<PointStats> {
    const key = this.catalog.requireKey(seriesId);
    const from = range.from === undefined ? Number.MIN_SAFE_INTEGER : checkInt(range.from, 'from');
    const to = range.to === undefined ? Number.MAX_SAFE_INTEGER : checkInt(range.to, 'to');
    const r = this.s.stats.get(key, from, to) as Array<number | null>;
    const flagged: Record<number, number> = {};
    for (let i = 0; i < QUALITY_BITS; i++) {
      const n = r[3 + i] ?? 0;
      if (n > 0) flagged[1 << i] = n;
    }
    return { count: r[0] ?? 0, firstTs: r[1] ?? null, lastTs: r[2] ?? null, flagged };
  }

  async commitIngest(batch: IngestCommit): Promise<IngestCommitResult> {
    if (typeof batch !== 'object' || batch === null)
      throw badInput('batch', 'commitIngest expects an object');
    // Everything is checked before the transaction, so a bad input writes nothing; quarantine rows
    // and events are checked as they are inserted, and a throw there rolls the whole batch back.
    const points = batch.points ?? [];
    const keys = this.writer.check(points, 'points');
    const at = checkInt(batch.at, 'at');
    const counters = new Map<number, number[]>();
    const ids = new Map<number, string>();
    const row = (key: number): number[] => {
      let r = counters.get(key);
      if (r === undefined) {
        r = [0, 0, 0, 0, 0, 0];
        counters.set(key, r);
      }
      return r;
    };
    if (batch.counters !== undefined) {
      if (!(batch.counters instanceof Map)) throw badInput('counters', 'counters must be a Map by series id');
      for (const [id, delta] of batch.counters) {
        const key = this.catalog.requireKey(id, `counters[${JSON.stringify(id)}]`);
        if (typeof delta !== 'object' || delta === null)
          throw badInput(`counters[${JSON.stringify(id)}]`, 'a counter delta must be an object');
        const r = row(key);
        COUNTERS.forEach((c, i) => {
          if (delta[c] !== undefined) r[i]! += checkInt(delta[c], c);
        });
      }
    }
    const quarantine = batch.quarantine ?? [];
    const events = batch.events ?? [];
    if (!Array.isArray(events)) throw badInput('events', 'events must be an array');
    let prev = -1;
    for (let i = 0; i < points.length; i++) {
      const key = keys[i]!;
      if (key !== prev && !ids.has(key)) ids.set(key, points[i]!.seriesId);
      prev = key;
    }
    return this.db
      .transaction((): IngestCommitResult => {
        const perKey = new Map<number, KeyResult>();
        const w =
          points.length > 0
            ? this.writer.apply(points, keys, perKey)
            : { written: 0, duplicates: 0, replaced: 0 };
        const quarantineIds = quarantine.length > 0 ? this.records.addQuarantine(quarantine) : [];
        const stored = events.map((e) => this.records.appendEvent(e));
        const bySeries = new Map<string, KeyResult>();
        for (const [key, r] of perKey) {
          bySeries.set(ids.get(key)!, r);
          const c = row(key);
          c[0]! += r.written + r.replaced;
          if (batch.countStoredDuplicates !== false) c[2]! += r.duplicates;
          c[3] = Math.max(0, c[3]! - r.duplicateOutliers);
        }
        for (const key of ids.keys()) row(key);
        for (const [key, c] of counters) this.s.bump.run(key, ...c, at);
        return { ...w, bySeries, quarantineIds, events: stored };
      })
      .immediate();
  }

  async bumpSeriesCounters(seriesId: string, delta: Partial<SeriesCounters>, at: number): Promise<void> {
    const key = this.catalog.requireKey(seriesId);
    if (typeof delta !== 'object' || delta === null) throw badInput('delta', 'delta must be an object');
    const values = COUNTERS.map((c) => (delta[c] === undefined ? 0 : checkInt(delta[c], c)));
    this.s.bump.run(key, ...values, checkInt(at, 'at'));
  }

  async getSeriesCounters(seriesId: string): Promise<SeriesCounters & { lastIngestAt: number | null }> {
    const key = this.catalog.requireKey(seriesId);
    const r = this.s.counters.get(key) as (SeriesCounters & { last_ingest_at: number | null }) | undefined;
    const c = r ?? {
      accepted: 0,
      quarantined: 0,
      duplicates: 0,
      outliers: 0,
      gaps: 0,
      stuck: 0,
      last_ingest_at: null,
    };
    return {
      accepted: c.accepted,
      quarantined: c.quarantined,
      duplicates: c.duplicates,
      outliers: c.outliers,
      gaps: c.gaps,
      stuck: c.stuck,
      lastIngestAt: c.last_ingest_at,
    };
  }

  /**
   * Deletes raw points older than `now - retentionDays`, cut at the hour boundary at or before
   * that time so each rollup bucket is either fully backed by raw points or not at all.
   */
  async applyRetention(now: number): Promise<number> {
    checkInt(now, 'now');
    return this.db
      .transaction(() => {
        let deleted = 0;
        for (const r of this.s.retained.all() as Array<{ key: number; retention_days: number }>) {
          const cutoff = Math.floor((now - r.retention_days * DAY) / HOUR) * HOUR;
          deleted += this.s.deleteBefore.run(r.key, cutoff).changes;
        }
        return deleted;
      })
      .immediate();
  }

  // ── events, quarantine, imports, keys, docs ──────────────────────────────────────────────────
  async appendEvent(input: EventInput): Promise<XEvent> {
    return this.records.appendEvent(input);
  }
  async listEvents(filter?: EventFilter): Promise<XEvent[]> {
    return this.records.listEvents(filter);
  }
  async addQuarantine(rows: readonly QuarantineInput[]): Promise<number[]> {
    return this.db.transaction(() => this.records.addQuarantine(rows)).immediate();
  }
  async listQuarantine(filter?: QuarantineFilter): Promise<QuarantineRow[]> {
    return this.records.listQuarantine(filter);
  }
  async countQuarantine(filter?: QuarantineFilter): Promise<number> {
    return this.records.countQuarantine(filter);
  }
  async getQuarantine(id: number): Promise<QuarantineRow | undefined> {
    return this.records.getQuarantine(id);
  }
  async resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void> {
    this.records.resolveQuarantine(id, status);
  }
  async resolveQuarantineMany(ids: readonly number[], status: 'resubmitted' | 'discarded'): Promise<number> {
    if (!Array.isArray(ids)) throw badInput('ids', 'ids must be an array');
    return this.db
      .transaction(() => {
        for (const id of ids) this.records.resolveQuarantine(id, status);
        return ids.length;
      })
      .immediate();
  }
  async createImport(input: { source: string; format: string; startedAt: number }): Promise<number> {
    return this.records.createImport(input);
  }
  async finishImport(id: number, stats: ImportStats): Promise<void> {
    this.records.finishImport(id, stats);
  }
  async getImport(id: number): Promise<ImportRecord | undefined> {
    return this.records.getImport(id);
  }
  async listImports(limit?: number): Promise<ImportRecord[]> {
    return this.records.listImports(limit);
  }
  async createApiKey(input: ApiKeyInput): Promise<ApiKeyRecord> {
    return this.records.createApiKey(input);
  }
  async findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined> {
    return this.records.findApiKeyByHash(hash);
  }
  async listApiKeys(): Promise<ApiKeyRecord[]> {
    return this.records.listApiKeys();
  }
  async revokeApiKey(id: number): Promise<void> {
    this.records.revokeApiKey(id);
  }
  async countApiKeys(): Promise<number> {
    return this.records.countApiKeys();
  }
  async listOrgs(): Promise<OrgRecord[]> {
    return this.records.listOrgs();
  }
  async createOrg(input: { id: string; name: string; createdAt: number }): Promise<OrgRecord> {
    return this.records.createOrg(input);
  }
  async listSites(org?: string): Promise<SiteRecord[]> {
    return this.records.listSites(org);
  }
  async putSite(input: { id: string; org: string; name: string; createdAt: number }): Promise<SiteRecord> {
    return this.records.putSite(input);
  }
  async putDoc(ns: string, key: string, doc: unknown): Promise<void> {
    this.records.putDoc(ns, key, doc);
  }
  async getDoc<T = unknown>(ns: string, key: string): Promise<T | undefined> {
    return this.records.getDoc<T>(ns, key);
  }
  async listDocs<T = unknown>(ns: string, prefix?: string): Promise<Array<{ key: string; doc: T }>> {
    return this.records.listDocs<T>(ns, prefix);
  }
  async deleteDoc(ns: string, key: string): Promise<void> {
    this.records.deleteDoc(ns, key);
  }

  // ── users, sessions, audit log ───────────────────────────────────────────────────────────────
  async createUser(input: UserInput): Promise<UserRecord> {
    return this.people.createUser(input);
  }
  async getUser(id: number): Promise<UserRecord | undefined> {
    return this.people.getUser(id);
  }
  async findUserByName(username: string): Promise<UserRecord | undefined> {
    return this.people.findUserByName(username);
  }
  async findUserByOidc(issuer: string, subject: string): Promise<UserRecord | undefined> {
    return this.people.findUserByOidc(issuer, subject);
  }
  async listUsers(org?: string): Promise<UserRecord[]> {
    return this.people.listUsers(org);
  }
  async updateUser(id: number, patch: UserPatch): Promise<UserRecord> {
    return this.people.updateUser(id, patch);
  }
  async countUsers(): Promise<number> {
    return this.people.countUsers();
  }
  async createSession(input: SessionInput): Promise<SessionRecord> {
    return this.people.createSession(input);
  }
  async findSession(hash: string): Promise<SessionRecord | undefined> {
    return this.people.findSession(hash);
  }
  async touchSession(hash: string, at: number): Promise<void> {
    this.people.touchSession(hash, at);
  }
  async deleteSession(hash: string): Promise<void> {
    this.people.deleteSession(hash);
  }
  async deleteSessionsOf(owner: { userId: number } | { keyId: number }): Promise<number> {
    return this.people.deleteSessionsOf(owner);
  }
  async purgeSessions(now: number, idleBefore: number): Promise<number> {
    return this.people.purgeSessions(now, idleBefore);
  }
  async appendAudit(input: AuditInput): Promise<AuditRecord> {
    return this.people.appendAudit(input);
  }
  async listAudit(filter?: AuditFilter): Promise<AuditRecord[]> {
    return this.people.listAudit(filter);
  }
}

function checkRangeArg(range: unknown): asserts range is TimeRange {
  if (typeof range !== 'object' || range === null) throw badInput('range', 'range must be { from, to }');
  const r = range as TimeRange;
  checkInt(r.from, 'from');
  checkInt(r.to, 'to');
}
