/**
 * Input checks shared by every Store adapter, so SQLite and PostgreSQL reject the same inputs with
 * the same codes and fields. They throw: a Store call with bad arguments is a caller bug or a bad
 * request, and the caller (pipeline, server) has already turned user input into these arguments.
 */
import { ASSET_KINDS, type AssetKind, ROLES, type Role, type Severity, XinzhiError } from '../core/index.js';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'minor', 'major', 'critical'];

export const badInput = (field: string, message: string): XinzhiError =>
  new XinzhiError('BAD_INPUT', message, { field });

/** Characters that cannot appear in a path segment: the separator, MQTT wildcards, control chars. */
const BAD_SEGMENT = /[/+#\u0000-\u001f\u007f]/;

/** Checks a `/` path of asset ids: non-empty segments without wildcards or surrounding spaces. */
export function checkPath(id: unknown, field: string): string {
  if (typeof id !== 'string' || id.length === 0) throw badInput(field, `${field} must be a non-empty string`);
  if (id.length > 1024) throw badInput(field, `${field} is longer than 1024 characters`);
  for (const seg of id.split('/')) checkSegment(seg, field, id);
  return id;
}

export function checkSegment(seg: string, field: string, whole: string = seg): void {
  if (seg.length === 0) throw badInput(field, `${field} '${whole}' has an empty path segment`);
  if (seg.trim() !== seg) throw badInput(field, `${field} '${whole}' has a segment with surrounding spaces`);
  if (BAD_SEGMENT.test(seg))
    throw badInput(
      field,
      `${field} '${whole}': segment '${seg}' contains '/', '+', '#' or a control character`,
    );
}

export function checkKind(kind: unknown, field = 'kind'): AssetKind {
  if (!(ASSET_KINDS as readonly unknown[]).includes(kind))
    throw badInput(field, `${field} must be one of ${ASSET_KINDS.join(', ')}; got ${JSON.stringify(kind)}`);
  return kind as AssetKind;
}

export function checkRole(role: unknown, field = 'role'): Role {
  if (!(ROLES as readonly unknown[]).includes(role))
    throw badInput(field, `${field} must be one of ${ROLES.join(', ')}; got ${JSON.stringify(role)}`);
  return role as Role;
}

export function checkSeverity(s: unknown, field = 'severity'): Severity {
  if (!(SEVERITIES as readonly unknown[]).includes(s))
    throw badInput(field, `${field} must be one of ${SEVERITIES.join(', ')}; got ${JSON.stringify(s)}`);
  return s as Severity;
}

/** An integer millisecond time (or count) that JavaScript represents exactly. */
export function checkInt(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v))
    throw badInput(field, `${field} must be a safe integer; got ${String(v)}`);
  return v;
}

export function checkFinite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw badInput(field, `${field} must be a finite number; got ${String(v)}`);
  return v;
}

/** `null`/`undefined` pass through; otherwise a finite number, and > 0 when `positive`. */
export function checkOptionalNumber(v: unknown, field: string, positive = false): number | null | undefined {
  if (v === undefined || v === null) return v;
  const n = checkFinite(v, field);
  if (positive && n <= 0) throw badInput(field, `${field} must be > 0; got ${n}`);
  return n;
}

export function checkNonEmpty(v: unknown, field: string, max = 10_000): string {
  if (typeof v !== 'string' || v.length === 0) throw badInput(field, `${field} must be a non-empty string`);
  if (v.length > max) throw badInput(field, `${field} is longer than ${max} characters`);
  return v;
}

export const notFound = (what: string, id: string | number, field: string): XinzhiError =>
  new XinzhiError('NOT_FOUND', `${what} '${id}' does not exist`, { field, context: { id } });
