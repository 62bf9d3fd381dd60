/**
 * Rows of the events, quarantine, imports, API key, organisation and site tables as both stores
 * read them, the checks both apply before writing, and the filters both build: one definition, so
 * SQLite and PostgreSQL accept, refuse and return the same. What a TEXT column may hold is the
 * style's (`SqlStyle.text`), applied at the same points by both.
 */
import type { Role, Severity, XEvent } from '../core/index.js';
import { checkScopeId, SHA256_HEX } from './people-rows.js';
import { checkText, type SqlStyle, Where } from './sql-style.js';
import type * as store from './store.js';
import { badInput, checkInt, checkPath, checkRole, checkSeverity } from './validate.js';

export type EventRow = {
  id: number;
  ts: number;
  kind: string;
  severity: string;
  asset_id: string | null;
  series_id: string | null;
  message: string;
  data: string;
};
export type QuarantineDbRow = {
  id: number;
  import_id: number | null;
  source: string;
  location: string;
  /** TEXT in SQLite, BYTEA in PostgreSQL (the raw input need not be valid text there). */
  raw: string | Buffer;
  reasons: string;
  series_id: string | null;
  ts: number;
  status: store.QuarantineRow['status'];
};
export type ImportRow = {
  id: number;
  source: string;
  format: string;
  started_at: number;
  finished_at: number | null;
  rows: number | null;
  accepted: number | null;
  quarantined: number | null;
  duplicates: number | null;
  outliers: number | null;
  series: string | null;
  status: store.ImportStats['status'] | null;
  error: string | null;
};
export type KeyRow = {
  id: number;
  name: string;
  role: string;
  hash: string;
  created_at: number;
  revoked_at: number | null;
  org: string;
  sites: string | null;
  asset: string | null;
};
export type OrgRow = { id: string; name: string; created_at: number };
export type SiteRow = { id: string; org: string; name: string; created_at: number };

export const toEvent = (r: EventRow): XEvent => ({
  id: r.id,
  ts: r.ts,
  kind: r.kind,
  severity: r.severity as Severity,
  assetId: r.asset_id,
  seriesId: r.series_id,
  message: r.message,
  data: JSON.parse(r.data) as Record<string, unknown>,
});

export const toQuarantine = (r: QuarantineDbRow): store.QuarantineRow => ({
  id: r.id,
  importId: r.import_id,
  source: r.source,
  location: r.location,
  raw: typeof r.raw === 'string' ? r.raw : r.raw.toString('utf8'),
  reasons: JSON.parse(r.reasons) as store.QuarantineRow['reasons'],
  seriesId: r.series_id,
  ts: r.ts,
  status: r.status,
});

export function toImport(r: ImportRow): store.ImportRecord {
  const base = { id: r.id, source: r.source, format: r.format, startedAt: r.started_at };
  if (r.finished_at === null) return base;
  return {
    ...base,
    finishedAt: r.finished_at,
    rows: r.rows ?? 0,
    accepted: r.accepted ?? 0,
    quarantined: r.quarantined ?? 0,
    duplicates: r.duplicates ?? 0,
    outliers: r.outliers ?? 0,
    series: JSON.parse(r.series ?? '[]') as string[],
    status: r.status ?? 'done',
    ...(r.error === null ? {} : { error: r.error }),
  };
}

export const toKey = (r: KeyRow): store.ApiKeyRecord => ({
  id: r.id,
  name: r.name,
  role: r.role as Role,
  hash: r.hash,
  createdAt: r.created_at,
  revokedAt: r.revoked_at,
  org: r.org,
  sites: r.sites === null ? null : (JSON.parse(r.sites) as string[]),
  asset: r.asset,
});
export const toOrg = (r: OrgRow): store.OrgRecord => ({ id: r.id, name: r.name, createdAt: r.created_at });
export const toSite = (r: SiteRow): store.SiteRecord => ({
  id: r.id,
  org: r.org,
  name: r.name,
  createdAt: r.created_at,
});

const IMPORT_STATUS = ['done', 'failed', 'aborted'];

function checkObject(v: unknown, field: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw badInput(field, `${field} must be a JSON object`);
  return v as Record<string, unknown>;
}

export function checkCount(v: unknown, field: string): number {
  const n = checkInt(v, field);
  if (n < 0) throw badInput(field, `${field} must be ≥ 0`);
  return n;
}

/** The columns of an event to insert, in table order (ts, kind, severity, asset_id, series_id, message, data). */
export function eventValues(style: SqlStyle, input: store.EventInput): unknown[] {
  if (typeof input !== 'object' || input === null) throw badInput('event', 'event must be an object');
  const ts = checkInt(input.ts, 'ts');
  const kind = checkText(style, input.kind, 'kind', 200);
  const severity = checkSeverity(input.severity ?? 'info');
  if (typeof input.message !== 'string') throw badInput('message', 'message must be a string');
  style.text(input.message, 'message');
  const assetId = input.assetId == null ? null : checkPath(input.assetId, 'assetId');
  const seriesId = input.seriesId == null ? null : checkPath(input.seriesId, 'seriesId');
  const data = JSON.stringify(input.data === undefined ? {} : checkObject(input.data, 'data'));
  return [ts, kind, severity, assetId, seriesId, input.message, data];
}

/** The statement and arguments of `listEvents`. */
export function eventsQuery(style: SqlStyle, f: store.EventFilter): { sql: string; args: unknown[] } {
  const w = new Where(style);
  if (f.from !== undefined) w.add('ts >= ?', checkInt(f.from, 'from'));
  if (f.to !== undefined) w.add('ts < ?', checkInt(f.to, 'to'));
  if (f.kind !== undefined) w.add('kind = ?', style.filterText(f.kind));
  if (f.assetId !== undefined) w.add('asset_id = ?', style.filterText(f.assetId));
  if (f.seriesId !== undefined) w.add('series_id = ?', style.filterText(f.seriesId));
  if (f.afterId !== undefined) w.add('id > ?', checkInt(f.afterId, 'afterId'));
  const dir = f.order === 'desc' ? 'DESC' : 'ASC';
  const limit = f.limit === undefined ? style.noLimit : checkCount(f.limit, 'limit');
  const sql = `SELECT * FROM events${w.sql} ORDER BY ts ${dir}, id ${dir} LIMIT ${w.arg(limit)}`;
  return { sql, args: w.args };
}

export interface QuarantineValues {
  importId: number | null;
  source: string;
  location: string;
  raw: string;
  /** JSON of the reasons. */
  reasons: string;
  seriesId: string | null;
  ts: number;
}

/** Row `i` of an `addQuarantine` batch, checked. */
export function quarantineValues(style: SqlStyle, r: store.QuarantineInput, i: number): QuarantineValues {
  const at = `rows[${i}]`;
  if (typeof r !== 'object' || r === null) throw badInput(at, `${at} must be an object`);
  const importId = r.importId === null ? null : checkInt(r.importId, `${at}.importId`);
  const source = checkText(style, r.source, `${at}.source`, 50);
  if (typeof r.location !== 'string') throw badInput(`${at}.location`, `${at}.location must be a string`);
  if (typeof r.raw !== 'string') throw badInput(`${at}.raw`, `${at}.raw must be a string`);
  if (!Array.isArray(r.reasons) || r.reasons.length === 0)
    throw badInput(`${at}.reasons`, `${at}.reasons must be a non-empty array`);
  (r.reasons as readonly unknown[]).forEach((x, j) => {
    const reason = x as { code?: unknown; message?: unknown } | null;
    if (typeof reason?.code !== 'string' || typeof reason?.message !== 'string')
      throw badInput(`${at}.reasons[${j}]`, `${at}.reasons[${j}] needs a string code and message`);
  });
  const ts = checkInt(r.ts, `${at}.ts`);
  const seriesId = r.seriesId == null ? null : style.text(String(r.seriesId), `${at}.seriesId`);
  const location = style.text(r.location, `${at}.location`);
  return { importId, source, location, raw: r.raw, reasons: JSON.stringify(r.reasons), seriesId, ts };
}

/** The WHERE clause of a quarantine filter (limit and offset are the caller's, added after it). */
export function quarantineWhere(style: SqlStyle, f: store.QuarantineFilter): Where {
  if (typeof f !== 'object' || f === null) throw badInput('filter', 'filter must be an object');
  const w = new Where(style);
  if (f.importId !== undefined) w.add('import_id = ?', checkInt(f.importId, 'importId'));
  if (f.seriesId !== undefined) w.add('series_id = ?', style.filterText(f.seriesId));
  if (f.status !== undefined) {
    if (!['open', 'resubmitted', 'discarded'].includes(f.status))
      throw badInput('status', 'status must be open, resubmitted or discarded');
    w.add('status = ?', f.status);
  }
  return w;
}

/** The statement and arguments of `listQuarantine`. */
export function quarantineQuery(
  style: SqlStyle,
  f: store.QuarantineFilter,
): { sql: string; args: unknown[] } {
  const w = quarantineWhere(style, f);
  const limit = f.limit === undefined ? style.noLimit : checkCount(f.limit, 'limit');
  const offset = f.offset === undefined ? 0 : checkCount(f.offset, 'offset');
  const sql = `SELECT * FROM quarantine${w.sql} ORDER BY id LIMIT ${w.arg(limit)} OFFSET ${w.arg(offset)}`;
  return { sql, args: w.args };
}

export function checkResolution(status: unknown): asserts status is 'resubmitted' | 'discarded' {
  if (status !== 'resubmitted' && status !== 'discarded')
    throw badInput('status', `status must be resubmitted or discarded; got ${JSON.stringify(status)}`);
}

export function importValues(
  style: SqlStyle,
  input: { source: string; format: string; startedAt: number },
): [source: string, format: string, startedAt: number] {
  const source = checkText(style, input?.source, 'source');
  const format = checkText(style, input.format, 'format', 50);
  return [source, format, checkInt(input.startedAt, 'startedAt')];
}

/**
 * The columns `finishImport` sets, in order (finished_at, rows, accepted, quarantined, duplicates,
 * outliers, series, status); the error column is the caller's (the stores store it differently).
 */
export function importStatsValues(id: number, s: store.ImportStats): unknown[] {
  checkInt(id, 'id');
  if (typeof s !== 'object' || s === null) throw badInput('stats', 'stats must be an object');
  if (!IMPORT_STATUS.includes(s.status)) throw badInput('status', 'status must be done, failed or aborted');
  if (!Array.isArray(s.series) || s.series.some((x) => typeof x !== 'string'))
    throw badInput('series', 'series must be an array of series ids');
  return [
    checkInt(s.finishedAt, 'finishedAt'),
    checkCount(s.rows, 'rows'),
    checkCount(s.accepted, 'accepted'),
    checkCount(s.quarantined, 'quarantined'),
    checkCount(s.duplicates, 'duplicates'),
    checkCount(s.outliers, 'outliers'),
    JSON.stringify(s.series),
    s.status,
  ];
}

/** The checks of `createApiKey` before the organisation is looked up. */
export function apiKeyHead(
  style: SqlStyle,
  input: store.ApiKeyInput,
): { name: string; role: Role; hash: string; createdAt: number; org: string } {
  const name = checkText(style, input?.name, 'name', 200);
  const role = checkRole(input.role);
  if (typeof input.hash !== 'string' || !SHA256_HEX.test(input.hash))
    throw badInput(
      'hash',
      'hash must be the lowercase hex SHA-256 of the secret (64 characters), never the secret',
    );
  const createdAt = checkInt(input.createdAt, 'createdAt');
  const org = input.org === undefined ? 'default' : checkScopeId(input.org, 'org');
  return { name, role, hash: input.hash, createdAt, org };
}

/** The checks of `createApiKey` after the organisation is found: its sites (as JSON) and asset. */
export function apiKeyScope(
  input: store.ApiKeyInput,
  role: Role,
): { sites: string | null; asset: string | null } {
  const sites =
    input.sites === undefined || input.sites === null
      ? null
      : input.sites.map((x, i) => checkScopeId(x, `sites[${i}]`));
  if (sites !== null && sites.length === 0)
    throw badInput('sites', 'sites must name at least one site, or be null for all');
  const asset = input.asset === undefined || input.asset === null ? null : checkPath(input.asset, 'asset');
  if ((role === 'device') !== (asset !== null))
    throw badInput('asset', 'a device key needs an asset path, and only a device key has one');
  return { sites: sites === null ? null : JSON.stringify(sites), asset };
}

export function orgValues(
  style: SqlStyle,
  input: { id: string; name: string; createdAt: number },
): store.OrgRecord {
  const id = checkScopeId(input?.id, 'id');
  const name = checkText(style, input.name, 'name', 200);
  return { id, name, createdAt: checkInt(input.createdAt, 'createdAt') };
}

export function siteValues(
  style: SqlStyle,
  input: { id: string; org: string; name: string; createdAt: number },
): store.SiteRecord {
  const id = checkScopeId(input?.id, 'id');
  const org = checkScopeId(input.org, 'org');
  const name = checkText(style, input.name, 'name', 200);
  return { id, org, name, createdAt: checkInt(input.createdAt, 'createdAt') };
}

/** The JSON `putDoc` stores, after checking the namespace and key. */
export function docJson(style: SqlStyle, ns: string, key: string, doc: unknown): string {
  checkText(style, ns, 'ns', 200);
  checkText(style, key, 'key', 1000);
  const json = doc === undefined ? undefined : JSON.stringify(doc);
  if (json === undefined)
    throw badInput('doc', 'doc must be JSON-serialisable (not undefined or a function)');
  return json;
}
