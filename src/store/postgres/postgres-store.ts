/**
 * The scale-out Store: PostgreSQL through node-postgres (`pg`) with plain SQL. Plain SQL on the
 * driver, not kysely: the statements are the SQLite store's, ported, plus `unnest` array
 * parameters for batches; a query builder would add a layer without removing any SQL.
 *
 * Durability: every write is one transaction whose COMMIT returns after the WAL flush
 * (synchronous_commit = on, PostgreSQL's default), so a resolved `commitIngest` survives a crash
 * of the database server, as `synchronous = full` does for SQLite. Several xinzhi nodes may share
 * one database: writers of a series, of the catalog and of the ledger serialise on advisory locks.
 * See docs/store.md.
 */

import type pg from 'pg';
import {
  type Asset,
  type Clock,
  type Point,
  type Series,
  systemClock,
  type XEvent,
  XinzhiError,
} from '../../core/index.js';
import { DEFAULT_RAW_MAX_RANGE_MS, HOUR } from '../bucket-plan.js';
import { seriesNotFound } from '../catalog-rows.js';
import type { JobStore } from '../job-store.js';
import type { LedgerStore } from '../ledger-store.js';
import type { KeyResult } from '../point-checks.js';
import type { ReportScheduleStore } from '../report-schedule-store.js';
import { SECRET_KEY_HINT, type SecretKeySource, secretKeySource } from '../sqlite/secret-key.js';
import type * as store from '../store.js';
import * as facade from '../store-facade.js';
import { badInput, checkInt } from '../validate.js';
import { readBuckets } from './bucket-reader.js';
import { PgCatalog, StaleSeriesKey } from './catalog.js';
import { createPool, type Queryable, sqlState, tx, txWith } from './db.js';
import { PostgresJobStore } from './jobs-postgres.js';
import { PostgresLedgerStore } from './ledger-postgres.js';
import { migratePg } from './migrations.js';
import { Partitions } from './partitions.js';
import { PgPeopleRecords } from './people-records.js';
import { PgPointsWriter } from './points-writer.js';
import { PgRecords } from './records.js';
import { PostgresReportScheduleStore } from './report-schedules-postgres.js';

export interface PostgresStoreOptions {
  /** Schema to work in (created if missing); default `public`. Tests use one schema per store. */
  readonly schema?: string;
  /** Connections in the pool; default 10. */
  readonly maxConnections?: number;
  readonly clock?: Clock;
  /** Bucketed reads over a range this short read raw points; default 1 h. */
  readonly rawMaxRangeMs?: number;
  /**
   * The key that encrypts ledger signing seeds: `key` (XINZHI_SECRET_KEY) or `file` (a key file).
   * There is no default file beside a server database: without either, storing or reading a
   * private seed fails with a message naming both.
   */
  readonly secretKey?: { readonly key?: string | undefined; readonly file?: string | undefined };
}

/** SQLSTATE of "no partition of relation found for row" (a partition dropped by another node). */
const NO_PARTITION = '23514';

/** Whether `url` names a PostgreSQL database (`postgres://` or `postgresql://`). */
export const isPostgresUrl = (url: string): boolean => /^postgres(ql)?:\/\//i.test(url.trim());

/**
 * Connects to PostgreSQL and migrates the schema.
 *
 * @example
 * const store = await openPostgresStore('postgres://xinzhi@db.plant/xinzhi', { secretKey: { key: process.env.XINZHI_SECRET_KEY } });
 */
export async function openPostgresStore(
  url: string,
  options: PostgresStoreOptions = {},
): Promise<PostgresStore> {
  if (typeof url !== 'string' || !isPostgresUrl(url))
    throw badInput('db', 'a PostgreSQL store needs a postgres:// or postgresql:// URL');
  const store = new PostgresStore(url, options);
  try {
    await store.migrate();
    await store.ledgerStore.unlockIfNeeded();
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

function keySource(options: PostgresStoreOptions): SecretKeySource {
  const given = options.secretKey ?? {};
  if ((given.key !== undefined && given.key.trim() !== '') || given.file !== undefined)
    return secretKeySource('', given, { warn: (obj, msg) => process.emitWarning(msg ?? String(obj)) });
  return {
    where: 'no key',
    load: () => {
      throw new XinzhiError(
        'BAD_INPUT',
        `a PostgreSQL store keeps ledger signing seeds encrypted with a key outside the database; ${SECRET_KEY_HINT}`,
        { field: 'secretKey' },
      );
    },
  };
}

export class PostgresStore extends facade.StoreFacade implements store.Store {
  private readonly pool: pg.Pool;
  private readonly clock: Clock;
  private readonly schema: string;
  private readonly catalog: PgCatalog;
  protected readonly records: PgRecords;
  protected readonly people: PgPeopleRecords;
  private readonly writer: PgPointsWriter;
  private readonly partitions: Partitions;
  private readonly rawMaxRangeMs: number;
  readonly ledgerStore: PostgresLedgerStore;
  readonly jobs: JobStore;
  readonly reportSchedules: ReportScheduleStore;

  constructor(url: string, options: PostgresStoreOptions = {}) {
    super();
    this.schema = options.schema ?? 'public';
    this.pool = createPool(url, {
      schema: this.schema,
      ...(options.maxConnections === undefined ? {} : { max: options.maxConnections }),
    });
    this.clock = options.clock ?? systemClock;
    const now = (): number => this.clock.now();
    this.catalog = new PgCatalog(this.pool, now);
    this.records = new PgRecords(this.pool, now);
    this.people = new PgPeopleRecords(this.pool);
    this.writer = new PgPointsWriter(this.catalog);
    this.partitions = new Partitions(this.pool);
    this.rawMaxRangeMs = options.rawMaxRangeMs ?? DEFAULT_RAW_MAX_RANGE_MS;
    this.ledgerStore = new PostgresLedgerStore(this.pool, keySource(options));
    this.jobs = new PostgresJobStore(this.pool);
    this.reportSchedules = new PostgresReportScheduleStore(this.pool);
  }

  get ledger(): LedgerStore {
    return this.ledgerStore;
  }

  async migrate(): Promise<void> {
    await migratePg(this.pool, this.schema, this.clock.now());
    await this.partitions.ahead(this.clock.now());
  }

  protected async release(): Promise<void> {
    await this.pool.end();
  }

  // ── assets and series ────────────────────────────────────────────────────────────────────────
  async upsertAsset(input: store.AssetInput): Promise<Asset> {
    return tx(this.pool, (c) => this.catalog.upsertAsset(c, input));
  }
  async getAsset(id: string): Promise<Asset | undefined> {
    return this.catalog.getAsset(id);
  }
  async listAssets(filter: { rootId?: string } = {}): Promise<Asset[]> {
    return this.catalog.listAssets(filter.rootId);
  }
  async upsertSeries(input: store.SeriesInput): Promise<Series> {
    return tx(this.pool, (c) => this.catalog.upsertSeries(c, input));
  }
  async getSeries(id: string): Promise<Series | undefined> {
    return this.catalog.getSeries(id);
  }
  async listSeries(filter: { assetId?: string; rootId?: string } = {}): Promise<Series[]> {
    return this.catalog.listSeries(filter);
  }
  async renameSeries(id: string, newId: string): Promise<Series> {
    return tx(this.pool, async (c) => {
      const renamed = await this.catalog.renameSeries(c, id, newId);
      await c.query('UPDATE quarantine SET series_id = $1 WHERE series_id = $2', [renamed.id, id]);
      await c.query('UPDATE events SET series_id = $1 WHERE series_id = $2', [renamed.id, id]);
      return renamed;
    });
  }
  async deleteSeries(id: string): Promise<{ points: number }> {
    return tx(this.pool, async (c) => {
      const key = await this.catalog.lockForChange(c, id);
      const points = (await c.query('DELETE FROM points WHERE series_key = $1', [key])).rowCount ?? 0;
      await c.query('DELETE FROM rollup_1m WHERE series_key = $1', [key]);
      await c.query('DELETE FROM rollup_1h WHERE series_key = $1', [key]);
      await c.query('DELETE FROM series_counters WHERE series_key = $1', [key]);
      await this.catalog.deleteSeries(c, id, key);
      return { points };
    });
  }
  async convertSeriesUnit(
    id: string,
    unit: string,
    map: { factor: number; offset: number },
  ): Promise<{ series: Series; points: number }> {
    const { factor, offset } = facade.checkConversion(map);
    return tx(this.pool, async (c) => {
      const key = await this.catalog.lockForChange(c, id);
      const series = await this.catalog.convertSeries(c, key, unit, factor, offset);
      const args = [factor, offset, key];
      const points =
        (
          await c.query(
            'UPDATE points SET value = value * $1::float8 + $2::float8 WHERE series_key = $3',
            args,
          )
        ).rowCount ?? 0;
      // A positive factor keeps min and max in place; the sum of n values gains n offsets.
      for (const table of ['rollup_1m', 'rollup_1h'])
        await c.query(
          `UPDATE ${table} SET min_v = min_v * $1::float8 + $2::float8, max_v = max_v * $1::float8 + $2::float8,
             sum_v = sum_v * $1::float8 + $2::float8 * n, last_v = last_v * $1::float8 + $2::float8
           WHERE series_key = $3`,
          args,
        );
      return { series, points };
    });
  }

  // ── points ───────────────────────────────────────────────────────────────────────────────────
  async writePoints(batch: readonly store.PointWrite[]): Promise<store.WriteResult> {
    return this.freshKeysOnce(async () => {
      const keys = await this.writer.check(batch);
      if (batch.length === 0) return { written: 0, duplicates: 0, replaced: 0 };
      const plan = this.writer.plan(batch, keys);
      return this.withPartitions(batch, facade.ownersOf(batch, keys), plan.probe, (c, probed) =>
        this.writer.apply(c, plan, probed),
      );
    });
  }

  /**
   * Runs a write once more if it met a series key another node renamed or deleted since this
   * node cached it (the stale keys are gone from the cache by then, so the retry reads them).
   */
  private async freshKeysOnce<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (e) {
      if (!(e instanceof StaleSeriesKey)) throw e;
      return write();
    }
  }

  /**
   * Runs a write transaction after making the partitions its points need, holding the locks of
   * the series in `owners`: the message that opens the transaction takes and checks them (see
   * `PgCatalog.lockSql`), then runs `probe` (a statement without parameters, or none), whose
   * result `fn` gets. Retried once if another node dropped one of the partitions (retention)
   * between the check and the insert.
   */
  private async withPartitions<T>(
    points: readonly store.PointWrite[],
    owners: ReadonlyMap<number, string>,
    probe: string,
    fn: (c: pg.PoolClient, probed: pg.QueryResult | undefined) => Promise<T>,
  ): Promise<T> {
    const lock = this.catalog.lockSql(owners);
    const opening = [lock, probe].filter((x) => x !== '').join(';\n');
    const run = (): Promise<T> =>
      txWith(this.pool, opening, async (c, opened) => {
        this.catalog.checkLocked(owners, opened);
        return fn(c, probe === '' ? undefined : opened.at(-1));
      });
    await this.partitions.ensureFor(points);
    try {
      return await run();
    } catch (e) {
      if (sqlState(e) !== NO_PARTITION) throw e;
      this.partitions.forget();
      await this.partitions.ensureFor(points);
      return run();
    }
  }

  async queryPoints(seriesId: string, range: store.TimeRange & { limit?: number }): Promise<Point[]> {
    const key = await this.catalog.requireKey(seriesId);
    const limit = facade.pointsQueryArgs(range, null);
    const r = await this.pool.query<Point>(
      'SELECT ts, value, quality FROM points WHERE series_key = $1 AND ts >= $2 AND ts < $3 ORDER BY ts LIMIT $4',
      [key, range.from, range.to, limit],
    );
    return r.rows;
  }

  async queryBuckets(
    seriesId: string,
    range: store.TimeRange & { bucketMs: number; source?: store.RollupSource },
  ): Promise<store.BucketResult> {
    const key = await this.catalog.requireKey(seriesId);
    facade.checkBucketArgs(range);
    return readBuckets(this.pool, key, range, this.rawMaxRangeMs);
  }

  async latest(seriesIds?: readonly string[]): Promise<Map<string, Point>> {
    const ids = seriesIds ?? (await this.catalog.listSeries()).map((s) => s.id);
    const known = await this.catalog.keysOf(ids, true);
    const keys = ids.map((id, i) => {
      const k = typeof id === 'string' ? known.get(id) : undefined;
      if (k === undefined) throw seriesNotFound(id, `seriesIds[${i}]`);
      return k;
    });
    // One index walk per series: the newest partition first (ordered Append over the partitions).
    const r = await this.pool.query<Point & { k: number }>(
      `SELECT u.k, p.ts, p.value, p.quality FROM unnest($1::int4[]) AS u(k)
       CROSS JOIN LATERAL (SELECT ts, value, quality FROM points WHERE series_key = u.k ORDER BY ts DESC LIMIT 1) p`,
      [[...new Set(keys)]],
    );
    const byKey = new Map(r.rows.map((x) => [x.k, { ts: x.ts, value: x.value, quality: x.quality }]));
    const out = new Map<string, Point>();
    ids.forEach((id, i) => {
      const p = byKey.get(keys[i]!);
      if (p) out.set(id, p);
    });
    return out;
  }

  async pointStats(seriesId: string, range: Partial<store.TimeRange> = {}): Promise<store.PointStats> {
    const key = await this.catalog.requireKey(seriesId);
    const [from, to] = facade.statsRange(range);
    const bits = Array.from(
      { length: facade.QUALITY_BITS },
      (_, i) => `count(*) FILTER (WHERE quality & ${1 << i} <> 0)`,
    );
    const r = await this.pool.query<unknown[]>({
      text: `SELECT count(*), min(ts), max(ts), ${bits.join(', ')} FROM points WHERE series_key = $1 AND ts >= $2 AND ts < $3`,
      values: [key, from, to],
      rowMode: 'array',
    });
    return facade.statsOfRow(r.rows[0] as Array<number | null>);
  }

  async commitIngest(batch: store.IngestCommit): Promise<store.IngestCommitResult> {
    return this.freshKeysOnce(() => this.commitIngestOnce(batch));
  }

  private async commitIngestOnce(batch: store.IngestCommit): Promise<store.IngestCommitResult> {
    if (typeof batch !== 'object' || batch === null)
      throw badInput('batch', 'commitIngest expects an object');
    // Everything is checked before the transaction, so a bad input writes nothing; quarantine rows
    // and events are checked as they are inserted, and a throw there rolls the whole batch back.
    const points = batch.points ?? [];
    const keys = await this.writer.check(points, 'points');
    const at = checkInt(batch.at, 'at');
    if (batch.counters !== undefined && !(batch.counters instanceof Map))
      throw badInput('counters', 'counters must be a Map by series id');
    // Read afresh, as `requireKey` would, in one query for every counted series.
    const known = await this.catalog.keysOf(batch.counters?.keys() ?? [], true);
    const counterKeys = new Map<string, number>();
    const counters = facade.counterDeltas(batch.counters, (id) => known.get(id), counterKeys);
    const quarantine = batch.quarantine ?? [];
    const events = batch.events ?? [];
    if (!Array.isArray(events)) throw badInput('events', 'events must be an array');
    const ids = facade.ownersOf(points, keys);
    // Series with counters only are locked with those with points, in one sorted call.
    const owners = new Map(ids);
    for (const id of batch.counters?.keys() ?? []) owners.set(counterKeys.get(id)!, id);
    const plan = this.writer.plan(points, keys);
    return this.withPartitions(
      points,
      owners,
      plan.probe,
      async (c, probed): Promise<store.IngestCommitResult> => {
        const perKey = new Map<number, KeyResult>();
        const w = await this.writer.apply(c, plan, probed, perKey);
        const quarantineIds = quarantine.length > 0 ? await this.records.addQuarantine(c, quarantine) : [];
        const stored: XEvent[] = [];
        for (const e of events) stored.push(await this.records.appendEvent(e, c));
        // A copy: the transaction may run again (see withPartitions).
        const rows = new facade.CounterRows([...counters].map(([k, v]) => [k, [...v]]));
        const bySeries = facade.countWrites(rows, perKey, ids, batch.countStoredDuplicates);
        await this.bump(c, rows, at);
        return { ...w, bySeries, quarantineIds, events: stored };
      },
    );
  }

  /** Adds counter deltas (one row per series key, in facade.COUNTERS order) and stamps the ingest time. */
  private async bump(c: Queryable, rows: ReadonlyMap<number, readonly number[]>, at: number): Promise<void> {
    if (rows.size === 0) return;
    const keys = [...rows.keys()].sort((a, b) => a - b);
    const cols = facade.COUNTERS.map((_, i) => keys.map((k) => rows.get(k)![i]!));
    await c.query(
      `INSERT INTO series_counters AS s (series_key, ${facade.COUNTERS.join(', ')}, last_ingest_at)
       SELECT u.*, $8::int8 FROM unnest($1::int4[], $2::int8[], $3::int8[], $4::int8[], $5::int8[], $6::int8[], $7::int8[]) AS u
       ON CONFLICT (series_key) DO UPDATE SET ${facade.COUNTERS.map((x) => `${x} = s.${x} + excluded.${x}`).join(', ')},
         last_ingest_at = greatest(s.last_ingest_at, excluded.last_ingest_at)`,
      [keys, ...cols, at],
    );
  }

  async bumpSeriesCounters(
    seriesId: string,
    delta: Partial<store.SeriesCounters>,
    at: number,
  ): Promise<void> {
    await this.catalog.requireKey(seriesId);
    const values = facade.deltaValues(delta);
    checkInt(at, 'at');
    // Under the series' lock, so a rename or delete on another node is either done or waits.
    await this.freshKeysOnce(async () => {
      const key = await this.catalog.requireKey(seriesId);
      await tx(this.pool, async (c) => {
        await this.catalog.lockSeries(c, new Map([[key, seriesId]]));
        await this.bump(c, new Map([[key, values]]), at);
      });
    });
  }

  async getSeriesCounters(seriesId: string): Promise<store.SeriesCounters & { lastIngestAt: number | null }> {
    const key = await this.catalog.requireKey(seriesId);
    const r = await this.pool.query<facade.CounterRow>(
      `SELECT ${facade.COUNTERS.join(', ')}, last_ingest_at FROM series_counters WHERE series_key = $1`,
      [key],
    );
    return facade.countersOfRow(r.rows[0]);
  }

  /**
   * Deletes raw points older than `now - retentionDays` (cut at the hour boundary, as SQLite).
   * A monthly partition wholly before the cut of every series with points in it is dropped
   * (no row-by-row delete, no dead tuples); the rest is deleted row by row. Then the partitions
   * of this month and the next are made, so retention also keeps the write path ahead.
   */
  async applyRetention(now: number): Promise<number> {
    checkInt(now, 'now');
    const deleted = await tx(this.pool, async (c) => {
      const retained = (
        await c.query<{ key: number; retention_days: number }>(
          'SELECT key, retention_days FROM series WHERE retention_days IS NOT NULL',
        )
      ).rows;
      if (retained.length === 0) return 0;
      const cutoff = new Map(
        retained.map(
          (r) => [r.key, Math.floor((now - r.retention_days * facade.DAY) / HOUR) * HOUR] as const,
        ),
      );
      const latestCut = Math.max(...cutoff.values());
      let n = 0;
      for (const part of await this.partitions.list(c)) {
        if (part.to > latestCut) break;
        const counts = (
          await c.query<{ k: number; n: number }>(
            `SELECT series_key AS k, count(*) AS n FROM ${part.name} GROUP BY 1`,
          )
        ).rows;
        if (
          counts.length === 0 ||
          !counts.every((x) => (cutoff.get(x.k) ?? Number.NEGATIVE_INFINITY) >= part.to)
        )
          continue;
        await c.query(`DROP TABLE ${part.name}`);
        this.partitions.dropped(part.from);
        n += counts.reduce((s, x) => s + x.n, 0);
      }
      const keys = [...cutoff.keys()];
      const r = await c.query(
        `DELETE FROM points p USING unnest($1::int4[], $2::int8[]) AS u(k, cut) WHERE p.series_key = u.k AND p.ts < u.cut`,
        [keys, keys.map((k) => cutoff.get(k)!)],
      );
      return n + (r.rowCount ?? 0);
    });
    await this.partitions.ahead(this.clock.now());
    return deleted;
  }

  // ── the records that need a transaction around them (the rest: facade.StoreFacade) ─────────────────
  async addQuarantine(rows: readonly store.QuarantineInput[]): Promise<number[]> {
    return tx(this.pool, (c) => this.records.addQuarantine(c, rows));
  }
  async resolveQuarantineMany(ids: readonly number[], status: 'resubmitted' | 'discarded'): Promise<number> {
    if (!Array.isArray(ids)) throw badInput('ids', 'ids must be an array');
    if (ids.length === 0) return 0;
    return tx(this.pool, (c) => this.records.resolveQuarantineMany(c, ids, status));
  }
  async createApiKey(input: store.ApiKeyInput): Promise<store.ApiKeyRecord> {
    return tx(this.pool, (c) => this.records.createApiKey(c, input));
  }
}
