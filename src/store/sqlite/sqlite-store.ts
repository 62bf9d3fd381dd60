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
} from '../../core/index.js';
import { DEFAULT_RAW_MAX_RANGE_MS, HOUR } from '../bucket-plan.js';
import type { JobStore } from '../job-store.js';
import type { LedgerStore } from '../ledger-store.js';
import type { KeyResult } from '../point-checks.js';
import type { ReportScheduleStore } from '../report-schedule-store.js';
import type * as store from '../store.js';
import * as facade from '../store-facade.js';
import { badInput, checkInt } from '../validate.js';
import { BucketReader } from './bucket-reader.js';
import { Catalog } from './catalog.js';
import { SqliteJobStore } from './jobs-sqlite.js';
import { SqliteLedgerStore } from './ledger-sqlite.js';
import { migrate } from './migrations.js';
import { PeopleRecords } from './people-records.js';
import { PointsWriter } from './points-writer.js';
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

/**
 * Opens (creating if needed) and migrates a SQLite store. `:memory:` gives a private in-memory one.
 *
 * @example
 * const store = await openSqliteStore('./xinzhi.db');
 * await store.upsertSeries({ assetId: 'plant1/press/line1/m3', metric: 'temp', unit: 'Cel' });
 */
export async function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Promise<store.Store> {
  if (typeof path !== 'string' || path === '')
    throw badInput('db', 'database path must be a non-empty string');
  const store = new SqliteStore(path, options);
  await store.migrate();
  return store;
}

export class SqliteStore extends facade.StoreFacade implements store.Store {
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly catalog: Catalog;
  protected readonly records: Records;
  protected readonly people: PeopleRecords;
  private readonly writer: PointsWriter;
  private readonly reader: BucketReader;
  private readonly s;
  readonly ledger: LedgerStore;
  readonly jobs: JobStore;
  readonly reportSchedules: ReportScheduleStore;

  constructor(path: string, options: SqliteStoreOptions = {}) {
    super();
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
          `SELECT count(*), min(ts), max(ts), ${Array.from({ length: facade.QUALITY_BITS }, (_, i) => `sum((quality & ${1 << i}) != 0)`).join(', ')}
           FROM points WHERE series_key = ? AND ts >= ? AND ts < ?`,
        )
        .raw(),
      bump: db.prepare(
        `INSERT INTO series_counters (series_key, ${facade.COUNTERS.join(', ')}, last_ingest_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (series_key) DO UPDATE SET ${facade.COUNTERS.map((c) => `${c} = ${c} + excluded.${c}`).join(', ')},
           last_ingest_at = max(coalesce(last_ingest_at, excluded.last_ingest_at), excluded.last_ingest_at)`,
      ),
      counters: db.prepare(
        `SELECT ${facade.COUNTERS.join(', ')}, last_ingest_at FROM series_counters WHERE series_key = ?`,
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

  protected async release(): Promise<void> {
    this.db.close();
  }

  // ── assets and series ────────────────────────────────────────────────────────────────────────
  async upsertAsset(input: store.AssetInput): Promise<Asset> {
    return this.db.transaction(() => this.catalog.upsertAsset(input)).immediate();
  }
  async getAsset(id: string): Promise<Asset | undefined> {
    return this.catalog.getAsset(id);
  }
  async listAssets(filter: { rootId?: string } = {}): Promise<Asset[]> {
    return this.catalog.listAssets(filter.rootId);
  }
  async upsertSeries(input: store.SeriesInput): Promise<Series> {
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
    const { factor, offset } = facade.checkConversion(map);
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
  async writePoints(batch: readonly store.PointWrite[]): Promise<store.WriteResult> {
    return this.writer.write(batch);
  }

  async queryPoints(seriesId: string, range: store.TimeRange & { limit?: number }): Promise<Point[]> {
    const key = this.catalog.requireKey(seriesId);
    const limit = facade.pointsQueryArgs(range, -1);
    return this.s.points.all(key, range.from, range.to, limit) as Point[];
  }

  async queryBuckets(
    seriesId: string,
    range: store.TimeRange & { bucketMs: number; source?: store.RollupSource },
  ): Promise<store.BucketResult> {
    const key = this.catalog.requireKey(seriesId);
    facade.checkBucketArgs(range);
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

  async pointStats(seriesId: string, range: Partial<store.TimeRange> = {}): Promise<store.PointStats> {
    const key = this.catalog.requireKey(seriesId);
    return facade.statsOfRow(this.s.stats.get(key, ...facade.statsRange(range)) as Array<number | null>);
  }

  async commitIngest(batch: store.IngestCommit): Promise<store.IngestCommitResult> {
    if (typeof batch !== 'object' || batch === null)
      throw badInput('batch', 'commitIngest expects an object');
    // Everything is checked before the transaction, so a bad input writes nothing; quarantine rows
    // and events are checked as they are inserted, and a throw there rolls the whole batch back.
    const points = batch.points ?? [];
    const keys = this.writer.check(points, 'points');
    const at = checkInt(batch.at, 'at');
    const counters = facade.counterDeltas(batch.counters, (id) => this.catalog.keyOf(id));
    const quarantine = batch.quarantine ?? [];
    const events = batch.events ?? [];
    if (!Array.isArray(events)) throw badInput('events', 'events must be an array');
    const ids = facade.ownersOf(points, keys);
    return this.db
      .transaction((): store.IngestCommitResult => {
        const perKey = new Map<number, KeyResult>();
        const w =
          points.length > 0
            ? this.writer.apply(points, keys, perKey)
            : { written: 0, duplicates: 0, replaced: 0 };
        const quarantineIds = quarantine.length > 0 ? this.records.addQuarantine(quarantine) : [];
        const stored = events.map((e) => this.records.appendEvent(e));
        const bySeries = facade.countWrites(counters, perKey, ids, batch.countStoredDuplicates);
        for (const [key, c] of counters) this.s.bump.run(key, ...c, at);
        return { ...w, bySeries, quarantineIds, events: stored };
      })
      .immediate();
  }

  async bumpSeriesCounters(
    seriesId: string,
    delta: Partial<store.SeriesCounters>,
    at: number,
  ): Promise<void> {
    const key = this.catalog.requireKey(seriesId);
    const values = facade.deltaValues(delta);
    this.s.bump.run(key, ...values, checkInt(at, 'at'));
  }

  async getSeriesCounters(seriesId: string): Promise<store.SeriesCounters & { lastIngestAt: number | null }> {
    const key = this.catalog.requireKey(seriesId);
    return facade.countersOfRow(this.s.counters.get(key) as facade.CounterRow | undefined);
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
          const cutoff = Math.floor((now - r.retention_days * facade.DAY) / HOUR) * HOUR;
          deleted += this.s.deleteBefore.run(r.key, cutoff).changes;
        }
        return deleted;
      })
      .immediate();
  }

  // ── the records that need a transaction around them (the rest: facade.StoreFacade) ─────────────────
  async addQuarantine(rows: readonly store.QuarantineInput[]): Promise<number[]> {
    return this.db.transaction(() => this.records.addQuarantine(rows)).immediate();
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
  async createApiKey(input: store.ApiKeyInput): Promise<store.ApiKeyRecord> {
    return this.records.createApiKey(input);
  }
}
