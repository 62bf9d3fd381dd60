import type {
  Asset,
  AssetKind,
  Bucket,
  Point,
  Role,
  Series,
  Severity,
  SignalType,
  XEvent,
} from '../core/index.js';
import type { JobStore } from './job-store.js';
import type { LedgerStore } from './ledger-store.js';
import type {
  AuditFilter,
  AuditInput,
  AuditRecord,
  SessionInput,
  SessionRecord,
  UserInput,
  UserPatch,
  UserRecord,
} from './people.js';
import type { ReportScheduleStore } from './report-schedule-store.js';

/**
 * The persistence contract of xinzhi. The SQLite adapter is the embedded default; a PostgreSQL
 * adapter implements the same interface and runs the same conformance suite
 * (`store/conformance.case.ts`). Every method returns a Promise even where better-sqlite3 is
 * synchronous, because a network database cannot be.
 */
export interface Store {
  /** Applies pending migrations; idempotent. */
  migrate(): Promise<void>;
  close(): Promise<void>;

  // ── assets ────────────────────────────────────────────────────────────────────────────────
  /** Creates the asset (and missing ancestors, kinds inferred by depth) or updates name/kind/attributes. */
  upsertAsset(input: AssetInput): Promise<Asset>;
  getAsset(id: string): Promise<Asset | undefined>;
  /** All assets, or the subtree under `rootId` (inclusive), ordered by id. */
  listAssets(filter?: { rootId?: string }): Promise<Asset[]>;

  // ── series ────────────────────────────────────────────────────────────────────────────────
  /** Creates the series (and its asset) or updates the given settings. The unit is fixed once created. */
  upsertSeries(input: SeriesInput): Promise<Series>;
  getSeries(id: string): Promise<Series | undefined>;
  /** Series of one asset (`assetId`), of a subtree (`rootId`, inclusive), or all; ordered by id. */
  listSeries(filter?: { assetId?: string; rootId?: string }): Promise<Series[]>;
  /**
   * Gives a series a new id `<asset>/<metric>` (the asset is created if missing) in one
   * transaction: its points, rollups and counters follow, and quarantine rows and events naming the
   * old id name the new one. NOT_FOUND for an unknown series, CONFLICT when `newId` exists.
   */
  renameSeries(id: string, newId: string): Promise<Series>;
  /**
   * Deletes a series with its raw points, rollups and counters in one transaction; quarantine rows
   * and events keep naming it, as a record. NOT_FOUND for an unknown series. Returns points deleted.
   */
  deleteSeries(id: string): Promise<{ points: number }>;
  /**
   * Changes a series' unit, mapping every stored value by `v × factor + offset` in one transaction:
   * raw points, 1-minute and 1-hour rollups (min, max, sum, last) and the range limits. The store
   * knows no units: the caller derives the map (UCUM conversions are affine with factor > 0;
   * a factor ≤ 0 is BAD_INPUT). Returns the series and the number of points converted.
   */
  convertSeriesUnit(
    id: string,
    unit: string,
    map: { factor: number; offset: number },
  ): Promise<{ series: Series; points: number }>;

  // ── points ────────────────────────────────────────────────────────────────────────────────
  /**
   * Writes points in one durable transaction (the promise resolves after commit) and updates the
   * 1-minute and 1-hour rollups. A point at an existing (series, ts) with the same value is a
   * duplicate and is skipped; with a different value it replaces the stored one (and its rollup
   * buckets are recomputed). Series must exist.
   */
  writePoints(batch: readonly PointWrite[]): Promise<WriteResult>;
  /** Raw points in [from, to), ascending by time. */
  queryPoints(seriesId: string, range: TimeRange & { limit?: number }): Promise<Point[]>;
  /**
   * Aggregates in buckets of `bucketMs` over [from, to), from the coarsest source that divides the
   * bucket: 1-hour rollups, 1-minute rollups, or raw points. Empty buckets are omitted.
   */
  queryBuckets(
    seriesId: string,
    range: TimeRange & { bucketMs: number; source?: RollupSource },
  ): Promise<BucketResult>;
  /** The latest point of each series (all series when `seriesIds` is omitted). */
  latest(seriesIds?: readonly string[]): Promise<Map<string, Point>>;
  /** Count, first/last time and quality-flag counts of raw points in the range. */
  pointStats(seriesId: string, range?: Partial<TimeRange>): Promise<PointStats>;

  /**
   * Commits everything one ingest batch produced in ONE durable transaction (one commit, one
   * fsync with `synchronous = full`): the points (with rollups, duplicates and replacements exactly
   * as `writePoints`), the quarantine rows, the events and the series counters. All or nothing: a
   * bad input anywhere rejects the whole call and writes nothing.
   *
   * Counters: the store itself adds, per series with points in the batch, `accepted` += points
   * written or replaced and `duplicates` += points skipped as identical to stored ones; `counters`
   * carries the caller's own findings (in-batch duplicates, outliers, gaps, stuck, quarantined).
   * Every series in `points` or `counters` gets `lastIngestAt = max(lastIngestAt, at)`.
   * This is the ingest pipeline's write path: separate calls would cost one commit each.
   */
  commitIngest(batch: IngestCommit): Promise<IngestCommitResult>;

  /** Adds to a series' running ingest counters (for the data-quality report). */
  bumpSeriesCounters(seriesId: string, delta: Partial<SeriesCounters>, at: number): Promise<void>;
  getSeriesCounters(seriesId: string): Promise<SeriesCounters & { lastIngestAt: number | null }>;

  /** Deletes raw points older than each series' retention (rollups stay). Returns points deleted. */
  applyRetention(now: number): Promise<number>;

  // ── events ────────────────────────────────────────────────────────────────────────────────
  appendEvent(input: EventInput): Promise<XEvent>;
  listEvents(filter?: EventFilter): Promise<XEvent[]>;

  // ── quarantine ────────────────────────────────────────────────────────────────────────────
  addQuarantine(rows: readonly QuarantineInput[]): Promise<number[]>;
  listQuarantine(filter?: QuarantineFilter): Promise<QuarantineRow[]>;
  /** How many rows match the filter, `limit` and `offset` ignored (the total a page is part of). */
  countQuarantine(filter?: QuarantineFilter): Promise<number>;
  getQuarantine(id: number): Promise<QuarantineRow | undefined>;
  /** Marks a row resubmitted (accepted after a fix) or discarded. */
  resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void>;
  /**
   * `resolveQuarantine` for many rows in one transaction (one commit, not one per row): all or
   * nothing, NOT_FOUND naming the first unknown id. Returns the number of rows changed.
   */
  resolveQuarantineMany(ids: readonly number[], status: 'resubmitted' | 'discarded'): Promise<number>;

  // ── imports (one record per file, HTTP batch or MQTT session) ─────────────────────────────────
  createImport(input: { source: string; format: string; startedAt: number }): Promise<number>;
  finishImport(id: number, stats: ImportStats): Promise<void>;
  getImport(id: number): Promise<ImportRecord | undefined>;
  listImports(limit?: number): Promise<ImportRecord[]>;

  // ── API keys (only the SHA-256 of the secret is stored) ──────────────────────────────────────
  createApiKey(input: ApiKeyInput): Promise<ApiKeyRecord>;
  findApiKeyByHash(hash: string): Promise<ApiKeyRecord | undefined>;
  listApiKeys(): Promise<ApiKeyRecord[]>;
  revokeApiKey(id: number): Promise<void>;
  countApiKeys(): Promise<number>;

  // ── organisations and sites (the scopes keys and users are limited to) ─────────────────────────
  /** Every organisation; `default` always exists. */
  listOrgs(): Promise<OrgRecord[]>;
  createOrg(input: { id: string; name: string; createdAt: number }): Promise<OrgRecord>;
  /** Registered sites; a site nobody registered belongs to the `default` organisation. */
  listSites(org?: string): Promise<SiteRecord[]>;
  /** Registers a site under an organisation, or moves it to another (CONFLICT-free upsert). */
  putSite(input: { id: string; org: string; name: string; createdAt: number }): Promise<SiteRecord>;

  // ── generic documents for engines (plans, runs, models, ledger state…) ───────────────────────
  /** A small key-value document store, namespaced per engine, for state that is not time series. */
  putDoc(ns: string, key: string, doc: unknown): Promise<void>;
  getDoc<T = unknown>(ns: string, key: string): Promise<T | undefined>;
  listDocs<T = unknown>(ns: string, prefix?: string): Promise<Array<{ key: string; doc: T }>>;
  deleteDoc(ns: string, key: string): Promise<void>;

  // ── signed ledger (src/ledger) ───────────────────────────────────────────────────────────────
  /**
   * The ledger's storage, over the same database (and file) as the rest of the store, so the
   * server and the CLI share one `--db`. Its tables are created by the store's migrations.
   */
  readonly ledger: LedgerStore;

  // ── shared jobs (src/server/jobs) ─────────────────────────────────────────────────────────────
  /** Durable job records, claimed by the job queue of whichever node runs them. */
  readonly jobs: JobStore;
  // ── report schedules and their delivery log (src/domains/reports/schedule) ──────────────────
  readonly reportSchedules: ReportScheduleStore;

  // ── users, sessions, audit log (people; see people.ts) ────────────────────────────────────────
  /** CONFLICT when the username (any case) or the OIDC identity exists; NOT_FOUND for an unknown org. */
  createUser(input: UserInput): Promise<UserRecord>;
  getUser(id: number): Promise<UserRecord | undefined>;
  /** Case-insensitive. */
  findUserByName(username: string): Promise<UserRecord | undefined>;
  findUserByOidc(issuer: string, subject: string): Promise<UserRecord | undefined>;
  /** By id; only `org`'s users when given. */
  listUsers(org?: string): Promise<UserRecord[]>;
  /** NOT_FOUND for an unknown id. */
  updateUser(id: number, patch: UserPatch): Promise<UserRecord>;
  /** Every user ever created, disabled ones included (first-run mode ends with the first). */
  countUsers(): Promise<number>;

  createSession(input: SessionInput): Promise<SessionRecord>;
  findSession(hash: string): Promise<SessionRecord | undefined>;
  /** Records activity (idle expiry counts from it). */
  touchSession(hash: string, at: number): Promise<void>;
  deleteSession(hash: string): Promise<void>;
  /** Ends every session of a user or key; returns how many. */
  deleteSessionsOf(owner: { userId: number } | { keyId: number }): Promise<number>;
  /** Deletes sessions past their absolute end or idle since before `idleBefore`; returns how many. */
  purgeSessions(now: number, idleBefore: number): Promise<number>;

  /** Appends one audit line. There is no update or delete: the table refuses both. */
  appendAudit(input: AuditInput): Promise<AuditRecord>;
  /** Newest first. */
  listAudit(filter?: AuditFilter): Promise<AuditRecord[]>;
}

export interface TimeRange {
  readonly from: number;
  readonly to: number;
}

export type RollupSource = 'raw' | '1m' | '1h';

export interface BucketResult {
  readonly source: RollupSource;
  readonly bucketMs: number;
  readonly buckets: Bucket[];
}

export interface AssetInput {
  readonly id: string;
  readonly kind?: AssetKind;
  readonly name?: string;
  readonly attributes?: Record<string, unknown>;
}

export interface SeriesInput {
  readonly assetId: string;
  readonly metric: string;
  readonly unit: string;
  readonly description?: string;
  readonly minValue?: number | null;
  readonly maxValue?: number | null;
  readonly retentionDays?: number | null;
  readonly expectedIntervalMs?: number | null;
  /** `gauge`, `counter` or `state` (see `Series.signal`); null clears it. */
  readonly signal?: SignalType | null;
}

export interface PointWrite {
  readonly seriesId: string;
  readonly ts: number;
  readonly value: number;
  readonly quality?: number;
}

export interface WriteResult {
  readonly written: number;
  readonly duplicates: number;
  readonly replaced: number;
}

export interface IngestCommit {
  readonly points: readonly PointWrite[];
  /** Counter deltas found by the caller, by series id (series must exist). */
  readonly counters?: ReadonlyMap<string, Partial<SeriesCounters>>;
  /** Ingest time stamped on the touched series' counters (epoch ms). */
  readonly at: number;
  readonly quarantine?: readonly QuarantineInput[];
  /**
   * Add the duplicates found against stored points to the series' duplicate counters (default
   * true); false for a deliberate re-import of the same data.
   */
  readonly countStoredDuplicates?: boolean;
  readonly events?: readonly EventInput[];
}

/** One series' share of an ingest commit. */
export interface SeriesWriteResult extends WriteResult {
  /**
   * Duplicates of stored points that arrived flagged as outliers: not stored again, so the store
   * takes them off the series' outlier counter and the caller off its own count (a re-import
   * must not report outliers on points it did not accept).
   */
  readonly duplicateOutliers: number;
}

export interface IngestCommitResult extends WriteResult {
  /** The write result of each series with points in the batch. */
  readonly bySeries: ReadonlyMap<string, SeriesWriteResult>;
  /** Ids of the quarantine rows, in input order. */
  readonly quarantineIds: readonly number[];
  /** The stored events, in input order. */
  readonly events: readonly XEvent[];
}

export interface PointStats {
  readonly count: number;
  readonly firstTs: number | null;
  readonly lastTs: number | null;
  /** Count of points with each quality bit set, keyed by the bit value. */
  readonly flagged: Readonly<Record<number, number>>;
}

/** Running totals per series since it was created; they survive retention. */
export interface SeriesCounters {
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly gaps: number;
  readonly stuck: number;
}

export interface EventInput {
  readonly ts: number;
  readonly kind: string;
  readonly severity?: Severity;
  readonly assetId?: string | null;
  readonly seriesId?: string | null;
  readonly message: string;
  readonly data?: Record<string, unknown>;
}

export interface EventFilter {
  readonly from?: number;
  readonly to?: number;
  readonly kind?: string;
  readonly assetId?: string;
  readonly seriesId?: string;
  readonly limit?: number;
  /** Only events with id greater than this (for live tails). */
  readonly afterId?: number;
  /** By time (then id): `asc` (default) or `desc` (newest first, e.g. with `limit` for "recent"). */
  readonly order?: 'asc' | 'desc';
}

export interface QuarantineInput {
  readonly importId: number | null;
  /** `csv`, `json`, `ndjson`, `http`, `mqtt`. */
  readonly source: string;
  /** Where the row came from: `file.csv:17`, an MQTT topic, `body[3]`. */
  readonly location: string;
  /** The original input, verbatim, so it can be fixed and resubmitted. */
  readonly raw: string;
  readonly reasons: readonly { code: string; message: string; where?: string }[];
  /** The series it was meant for, when known. */
  readonly seriesId?: string | null;
  readonly ts: number;
}

export interface QuarantineRow extends Omit<QuarantineInput, 'seriesId'> {
  readonly id: number;
  readonly seriesId: string | null;
  readonly status: 'open' | 'resubmitted' | 'discarded';
}

export interface QuarantineFilter {
  readonly importId?: number;
  readonly seriesId?: string;
  readonly status?: QuarantineRow['status'];
  readonly limit?: number;
  readonly offset?: number;
}

export interface ImportStats {
  readonly finishedAt: number;
  readonly rows: number;
  readonly accepted: number;
  readonly quarantined: number;
  readonly duplicates: number;
  readonly outliers: number;
  readonly series: readonly string[];
  readonly status: 'done' | 'failed' | 'aborted';
  readonly error?: string;
}

export interface ImportRecord extends Partial<ImportStats> {
  readonly id: number;
  readonly source: string;
  readonly format: string;
  readonly startedAt: number;
}

export interface ApiKeyRecord {
  readonly id: number;
  readonly name: string;
  readonly role: Role;
  readonly hash: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  /** The organisation the key acts in. */
  readonly org: string;
  /** Sites of `org` it is limited to; null: all of them. */
  readonly sites: readonly string[] | null;
  /** Device credentials: the asset path it speaks for; null otherwise. */
  readonly asset: string | null;
}

export interface ApiKeyInput {
  readonly name: string;
  readonly role: Role;
  /** Lowercase hex SHA-256 of the secret. */
  readonly hash: string;
  readonly createdAt: number;
  /** Default `default`; must exist. */
  readonly org?: string;
  readonly sites?: readonly string[] | null;
  readonly asset?: string | null;
}

export interface OrgRecord {
  readonly id: string;
  readonly name: string;
  readonly createdAt: number;
}

export interface SiteRecord {
  readonly id: string;
  readonly org: string;
  readonly name: string;
  readonly createdAt: number;
}
