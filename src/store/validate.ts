/**
 * Input checks shared by every Store adapter, so SQLite and PostgreSQL reject the same inputs with
 * the same codes and fields. They throw: a Store call with bad arguments is a caller bug or a bad
 * request, and the caller (pipeline, server) has already turned user input into these arguments.
 */
import { ASSET_KINDS, type AssetKind, ROLES, type Role, type Severity, XinzhiError } from '../core/index.js';

export const SEVERITIES: readonly Severity[] = ['info', 'warning', 'minor', 'major', 'critical'];

export const badInput = (field: string, message: string): XinzhiError =>
  new XinzhiError('BAD_INPUT', message, { field });

/**
 * The characters of an asset/series id segment: letters of any script (CJK included), combining
 * marks, digits, `_ - . : ~ @ % ,` and inner spaces. Ids end up in MQTT topics, URLs, CLI
 * arguments, CSV exports and the dashboard's HTML, so everything that is markup, quoting, a
 * formula or shell metacharacter (`< > " ' = ( ) \` & ; \`), an MQTT wildcard (`+ #`), a control
 * or invisible formatting character, or U+FFFD (what invalid UTF-8 decodes to) is refused, on
 * every path, here in the one check every Store adapter applies.
 */
const SEGMENT_CHAR = String.raw`[\p{L}\p{M}\p{N}_\-.:~@%,]`;
// `.` and `..` alone would read as path steps in URLs and file names.
const SEGMENT = String.raw`(?!\.\.?(?:/|$))${SEGMENT_CHAR}(?:[\p{L}\p{M}\p{N}_\-.:~@%, ]*${SEGMENT_CHAR})?`;
export const ID_SEGMENT_RE = new RegExp(`^${SEGMENT}$`, 'u');
/** `<asset path>/<metric>`: at least two segments. */
export const SERIES_ID_RE = new RegExp(`^${SEGMENT}(?:/${SEGMENT})+$`, 'u');
/** Longest series id accepted by ingest. */
export const MAX_SERIES_ID = 256;

/** Checks a `/` path of asset ids: non-empty segments of safe characters (see `ID_SEGMENT_RE`). */
export function checkPath(id: unknown, field: string): string {
  if (typeof id !== 'string' || id.length === 0) throw badInput(field, `${field} must be a non-empty string`);
  if (id.length > 1024) throw badInput(field, `${field} is longer than 1024 characters`);
  for (const seg of id.split('/')) checkSegment(seg, field, id);
  return id;
}

/** Why `seg` is not a valid id segment, or undefined when it is. */
export function segmentProblem(seg: string): string | undefined {
  if (seg.length === 0) return 'has an empty path segment';
  if (ID_SEGMENT_RE.test(seg)) return undefined;
  if (seg === '.' || seg === '..') return `has a segment '${seg}'`;
  if (seg.trim() !== seg) return 'has a segment with surrounding spaces';
  if (seg.includes('\uFFFD')) return 'contains U+FFFD: the input was not valid UTF-8';
  const bad = [...seg].find((ch) => !ID_SEGMENT_RE.test(ch) && ch !== ' ');
  const shown =
    bad === undefined
      ? ''
      : /[\p{Cc}\p{Cf}\p{Z}]/u.test(bad)
        ? `U+${bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`
        : `'${bad}'`;
  return `contains ${shown || 'a character'} not allowed in ids (letters, digits, _ - . : ~ @ % , and inner spaces)`;
}

export function checkSegment(seg: string, field: string, whole: string = seg): void {
  const problem = segmentProblem(seg);
  if (problem !== undefined) throw badInput(field, `${field} ${JSON.stringify(whole)} ${problem}`);
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
