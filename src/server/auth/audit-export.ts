/**
 * Audit lines as CSV or NDJSON, for the HTTP export and `xinzhi audit`. CSV cells that a
 * spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a leading
 * apostrophe (OWASP "CSV injection"), so a username like `=HYPERLINK(…)` stays text.
 */
import type { AuditRecord } from '../../store/index.js';

export const AUDIT_COLUMNS = [
  'id',
  'time',
  'actorKind',
  'actorId',
  'actorName',
  'org',
  'action',
  'method',
  'path',
  'target',
  'status',
  'ip',
  'before',
  'after',
  'comment',
] as const;

/** One CSV cell: formula-neutralised, quoted when needed. */
export function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (r: AuditRecord): unknown[] => [
  r.id,
  new Date(r.ts).toISOString(),
  r.actorKind,
  r.actorId,
  r.actorName,
  r.org,
  r.action,
  r.method,
  r.path,
  r.target,
  r.status,
  r.ip,
  r.before,
  r.after,
  r.comment,
];

export function auditCsv(records: readonly AuditRecord[]): string {
  const lines = [AUDIT_COLUMNS.join(',')];
  for (const r of records) lines.push(row(r).map(csvCell).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

export const auditNdjson = (records: readonly AuditRecord[]): string =>
  records.map((r) => `${JSON.stringify({ ...r, time: new Date(r.ts).toISOString() })}\n`).join('');
