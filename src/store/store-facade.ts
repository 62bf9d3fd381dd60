/**
 * What the SQLite and PostgreSQL stores do alike around their SQL: the Store methods that only
 * hand over to the records and people parts, the checks of point-query arguments, and the
 * assembly of counters and statistics from rows. Each store keeps its statements and transactions
 * (better-sqlite3 is synchronous, node-postgres is not); the parts may answer either way.
 */
import type { XEvent } from '../core/index.js';
import { seriesNotFound } from './catalog-rows.js';
import type * as people from './people.js';
import type * as store from './store.js';
import { badInput, checkInt } from './validate.js';

type Awaitable<T> = T | Promise<T>;
/** The Store methods `K` as a part implements them: synchronously or not. */
type Part<K extends keyof store.Store> = {
  [P in K]: store.Store[P] extends (...args: infer A) => Promise<infer R>
    ? (...args: A) => Awaitable<R>
    : never;
};

export type RecordsPart = Part<
  | 'appendEvent'
  | 'listEvents'
  | 'listQuarantine'
  | 'countQuarantine'
  | 'getQuarantine'
  | 'resolveQuarantine'
  | 'createImport'
  | 'finishImport'
  | 'getImport'
  | 'listImports'
  | 'findApiKeyByHash'
  | 'listApiKeys'
  | 'revokeApiKey'
  | 'countApiKeys'
  | 'listOrgs'
  | 'createOrg'
  | 'listSites'
  | 'putSite'
  | 'putDoc'
  | 'getDoc'
  | 'listDocs'
  | 'deleteDoc'
>;

export type PeoplePart = Part<
  | 'createUser'
  | 'getUser'
  | 'findUserByName'
  | 'findUserByOidc'
  | 'listUsers'
  | 'updateUser'
  | 'countUsers'
  | 'createSession'
  | 'findSession'
  | 'touchSession'
  | 'deleteSession'
  | 'deleteSessionsOf'
  | 'purgeSessions'
  | 'appendAudit'
  | 'listAudit'
>;

/** The Store methods both stores answer alike: closing once, and handing over to their records and people parts. */
export abstract class StoreFacade {
  protected abstract readonly records: RecordsPart;
  protected abstract readonly people: PeoplePart;
  private closed = false;

  /** Closes the database once; later calls do nothing. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.release();
  }

  /** Closes the database (the pool, the file). */
  protected abstract release(): Promise<void>;

  // ── events, quarantine, imports, keys, docs ──────────────────────────────────────────────────
  async appendEvent(input: store.EventInput): Promise<XEvent> {
    return this.records.appendEvent(input);
  }
  async listEvents(filter?: store.EventFilter): Promise<XEvent[]> {
    return this.records.listEvents(filter);
  }
  async listQuarantine(filter?: store.QuarantineFilter): Promise<store.QuarantineRow[]> {
    return this.records.listQuarantine(filter);
  }
  async countQuarantine(filter?: store.QuarantineFilter): Promise<number> {
    return this.records.countQuarantine(filter);
  }
  async getQuarantine(id: number): Promise<store.QuarantineRow | undefined> {
    return this.records.getQuarantine(id);
  }
  async resolveQuarantine(id: number, status: 'resubmitted' | 'discarded'): Promise<void> {
    await this.records.resolveQuarantine(id, status);
  }
  async createImport(input: { source: string; format: string; startedAt: number }): Promise<number> {
    return this.records.createImport(input);
  }
  async finishImport(id: number, stats: store.ImportStats): Promise<void> {
    await this.records.finishImport(id, stats);
  }
  async getImport(id: number): Promise<store.ImportRecord | undefined> {
    return this.records.getImport(id);
  }
  async listImports(limit?: number): Promise<store.ImportRecord[]> {
    return this.records.listImports(limit);
  }
  async findApiKeyByHash(hash: string): Promise<store.ApiKeyRecord | undefined> {
    return this.records.findApiKeyByHash(hash);
  }
  async listApiKeys(): Promise<store.ApiKeyRecord[]> {
    return this.records.listApiKeys();
  }
  async revokeApiKey(id: number): Promise<void> {
    await this.records.revokeApiKey(id);
  }
  async countApiKeys(): Promise<number> {
    return this.records.countApiKeys();
  }
  async listOrgs(): Promise<store.OrgRecord[]> {
    return this.records.listOrgs();
  }
  async createOrg(input: { id: string; name: string; createdAt: number }): Promise<store.OrgRecord> {
    return this.records.createOrg(input);
  }
  async listSites(org?: string): Promise<store.SiteRecord[]> {
    return this.records.listSites(org);
  }
  async putSite(input: Parameters<store.Store['putSite']>[0]): Promise<store.SiteRecord> {
    return this.records.putSite(input);
  }
  async putDoc(ns: string, key: string, doc: unknown): Promise<void> {
    await this.records.putDoc(ns, key, doc);
  }
  async getDoc<T = unknown>(ns: string, key: string): Promise<T | undefined> {
    return (await this.records.getDoc(ns, key)) as T | undefined;
  }
  async listDocs<T = unknown>(ns: string, prefix?: string): Promise<Array<{ key: string; doc: T }>> {
    return (await this.records.listDocs(ns, prefix)) as Array<{ key: string; doc: T }>;
  }
  async deleteDoc(ns: string, key: string): Promise<void> {
    await this.records.deleteDoc(ns, key);
  }

  // ── users, sessions, audit log ───────────────────────────────────────────────────────────────
  async createUser(input: people.UserInput): Promise<people.UserRecord> {
    return this.people.createUser(input);
  }
  async getUser(id: number): Promise<people.UserRecord | undefined> {
    return this.people.getUser(id);
  }
  async findUserByName(username: string): Promise<people.UserRecord | undefined> {
    return this.people.findUserByName(username);
  }
  async findUserByOidc(issuer: string, subject: string): Promise<people.UserRecord | undefined> {
    return this.people.findUserByOidc(issuer, subject);
  }
  async listUsers(org?: string): Promise<people.UserRecord[]> {
    return this.people.listUsers(org);
  }
  async updateUser(id: number, patch: people.UserPatch): Promise<people.UserRecord> {
    return this.people.updateUser(id, patch);
  }
  async countUsers(): Promise<number> {
    return this.people.countUsers();
  }
  async createSession(input: people.SessionInput): Promise<people.SessionRecord> {
    return this.people.createSession(input);
  }
  async findSession(hash: string): Promise<people.SessionRecord | undefined> {
    return this.people.findSession(hash);
  }
  async touchSession(hash: string, at: number): Promise<void> {
    await this.people.touchSession(hash, at);
  }
  async deleteSession(hash: string): Promise<void> {
    await this.people.deleteSession(hash);
  }
  async deleteSessionsOf(owner: { userId: number } | { keyId: number }): Promise<number> {
    return this.people.deleteSessionsOf(owner);
  }
  async purgeSessions(now: number, idleBefore: number): Promise<number> {
    return this.people.purgeSessions(now, idleBefore);
  }
  async appendAudit(input: people.AuditInput): Promise<people.AuditRecord> {
    return this.people.appendAudit(input);
  }
  async listAudit(filter?: people.AuditFilter): Promise<people.AuditRecord[]> {
    return this.people.listAudit(filter);
  }
}

// ── points: argument checks and result assembly ─────────────────────────────────────────────────
/** The running counters of a series, in the order of their columns and counter rows. */
export const COUNTERS = ['accepted', 'quarantined', 'duplicates', 'outliers', 'gaps', 'stuck'] as const;
/** Quality flags are bits 0–15; `pointStats` counts each. */
export const QUALITY_BITS = 16;
export const DAY = 86_400_000;

export function checkRangeArg(range: unknown): asserts range is store.TimeRange {
  if (typeof range !== 'object' || range === null) throw badInput('range', 'range must be { from, to }');
  const r = range as store.TimeRange;
  checkInt(r.from, 'from');
  checkInt(r.to, 'to');
}

/** The checked range of `queryPoints` and its limit (`none` when not given). */
export function pointsQueryArgs<N>(range: store.TimeRange & { limit?: number }, none: N): number | N {
  checkRangeArg(range);
  if (range.limit === undefined) return none;
  const limit = checkInt(range.limit, 'limit');
  if (limit < 0) throw badInput('limit', 'limit must be ≥ 0');
  return limit;
}

export function checkBucketArgs(
  range: store.TimeRange & { bucketMs: number; source?: store.RollupSource },
): void {
  checkRangeArg(range);
  const b = range.bucketMs;
  if (typeof b !== 'number' || !Number.isSafeInteger(b) || b <= 0)
    throw badInput(
      'bucketMs',
      `bucketMs must be a positive integer number of milliseconds; got ${String(b)}`,
    );
  if (range.source !== undefined && !['raw', '1m', '1h'].includes(range.source))
    throw badInput('source', `source must be raw, 1m or 1h; got ${JSON.stringify(range.source)}`);
}

/** The map of `convertSeriesUnit`, checked: a positive finite factor, a finite offset. */
export function checkConversion(map: { factor: number; offset: number }): { factor: number; offset: number } {
  if (typeof map !== 'object' || map === null) throw badInput('map', 'map must be { factor, offset }');
  const { factor, offset } = map;
  if (typeof factor !== 'number' || !Number.isFinite(factor) || factor <= 0)
    throw badInput('factor', `factor must be a positive finite number; got ${String(factor)}`);
  if (typeof offset !== 'number' || !Number.isFinite(offset))
    throw badInput('offset', `offset must be a finite number; got ${String(offset)}`);
  return { factor, offset };
}

/** The bounds of `pointStats`: the whole time line where not given. */
export function statsRange(range: Partial<store.TimeRange>): [from: number, to: number] {
  const from = range.from === undefined ? Number.MIN_SAFE_INTEGER : checkInt(range.from, 'from');
  const to = range.to === undefined ? Number.MAX_SAFE_INTEGER : checkInt(range.to, 'to');
  return [from, to];
}

/** `pointStats` from the row `count, min(ts), max(ts)` followed by one count per quality bit. */
export function statsOfRow(row: ReadonlyArray<number | null>): store.PointStats {
  const flagged: Record<number, number> = {};
  for (let i = 0; i < QUALITY_BITS; i++) {
    const n = row[3 + i] ?? 0;
    if (n > 0) flagged[1 << i] = n;
  }
  return { count: row[0] ?? 0, firstTs: row[1] ?? null, lastTs: row[2] ?? null, flagged };
}

/** A row of the series_counters table. */
export type CounterRow = store.SeriesCounters & { last_ingest_at: number | null };

/** The counters of a series never counted. */
const NO_COUNTS = Object.fromEntries(COUNTERS.map((c) => [c, 0])) as Record<
  (typeof COUNTERS)[number],
  number
>;

/** `getSeriesCounters` from the series' counter row; zeros for a series never counted. */
export function countersOfRow(
  r: CounterRow | undefined,
): store.SeriesCounters & { lastIngestAt: number | null } {
  const c = r ?? { ...NO_COUNTS, last_ingest_at: null };
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

/** A counter delta as a row in COUNTERS order, zeros where not given. */
export function deltaValues(delta: Partial<store.SeriesCounters>): number[] {
  if (typeof delta !== 'object' || delta === null) throw badInput('delta', 'delta must be an object');
  return COUNTERS.map((c) => (delta[c] === undefined ? 0 : checkInt(delta[c], c)));
}

/** Counter rows by series key, a row made (zeros) on first use. */
export class CounterRows extends Map<number, number[]> {
  row(key: number): number[] {
    let r = this.get(key);
    if (r === undefined) {
      r = [0, 0, 0, 0, 0, 0];
      this.set(key, r);
    }
    return r;
  }
}

/**
 * The caller's counter deltas of a `commitIngest` batch, checked, as rows by series key; `keys`
 * gets each series' key. `keyOf` resolves an id (undefined: NOT_FOUND naming the counter).
 */
export function counterDeltas(
  counters: store.IngestCommit['counters'],
  keyOf: (id: string) => number | undefined,
  keys: Map<string, number> = new Map(),
): CounterRows {
  const rows = new CounterRows();
  if (counters === undefined) return rows;
  if (!(counters instanceof Map)) throw badInput('counters', 'counters must be a Map by series id');
  for (const [id, delta] of counters) {
    const field = `counters[${JSON.stringify(id)}]`;
    const key = typeof id === 'string' ? keyOf(id) : undefined;
    if (key === undefined) throw seriesNotFound(id, field);
    keys.set(id, key);
    if (typeof delta !== 'object' || delta === null)
      throw badInput(field, 'a counter delta must be an object');
    const r = rows.row(key);
    COUNTERS.forEach((c, i) => {
      if (delta[c] !== undefined) r[i]! += checkInt(delta[c], c);
    });
  }
  return rows;
}

/** The series id of each key in a checked batch (`keys[i]` is the key of `points[i]`). */
export function ownersOf(points: readonly store.PointWrite[], keys: ArrayLike<number>): Map<number, string> {
  const out = new Map<number, string>();
  let prev = -1;
  for (let i = 0; i < points.length; i++) {
    const key = keys[i]!;
    if (key !== prev && !out.has(key)) out.set(key, points[i]!.seriesId);
    prev = key;
  }
  return out;
}

/**
 * Adds what the store found writing a batch to the counter rows (accepted, stored duplicates,
 * outliers that were duplicates) and gives every series with points a row; returns each series'
 * share by id.
 */
export function countWrites(
  rows: CounterRows,
  perKey: ReadonlyMap<number, store.SeriesWriteResult>,
  owners: ReadonlyMap<number, string>,
  countStoredDuplicates: boolean | undefined,
): Map<string, store.SeriesWriteResult> {
  const bySeries = new Map<string, store.SeriesWriteResult>();
  for (const [key, r] of perKey) {
    bySeries.set(owners.get(key)!, r);
    const x = rows.row(key);
    x[0]! += r.written + r.replaced;
    if (countStoredDuplicates !== false) x[2]! += r.duplicates;
    x[3] = Math.max(0, x[3]! - r.duplicateOutliers);
  }
  for (const key of owners.keys()) rows.row(key);
  return bySeries;
}
