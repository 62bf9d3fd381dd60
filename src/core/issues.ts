/**
 * The one way a list of problems becomes an error. A failed `Result` or a zod error turns into a
 * XinzhiError whose `context.issues` names every bad field; the API renders that list as the
 * problem's `errors` and the CLI prints the message, so no per-field problem is lost on the way.
 */
import type { ZodError } from 'zod';
import { type ErrorCode, XinzhiError } from './errors.js';
import type { Issue, Result } from './result.js';

/** One bad field as the error carries it: where (a dotted path, `file:line`, a flag) and what. */
export interface FieldIssue {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
}

export interface IssuesErrorOptions {
  /** The error's code; `BAD_INPUT` unless told. */
  readonly code?: ErrorCode;
  /** Put before each issue's place, e.g. `event` makes `eventTime` into `event.eventTime`. */
  readonly prefix?: string;
  /** The place of an issue that names none; `prefix`, else `(input)`, unless told. */
  readonly fallback?: string;
  /** The error's own field; the first issue's unless told. */
  readonly field?: string;
  /** Put before the message, e.g. the file name. */
  readonly subject?: string;
  /** The whole message, when the caller words it itself; the issues stay listed in the context. */
  readonly detail?: string;
}

/**
 * Issues as fields: `where` under `prefix`, or `field`/`prefix` alone when the issue names no
 * place (`(root)` and `(text)` mean the whole input).
 */
export function fieldIssues(issues: readonly Issue[], opts: IssuesErrorOptions = {}): FieldIssue[] {
  const whole = opts.fallback ?? (opts.prefix || '(input)');
  return issues.map((i) => {
    const where = i.where && i.where !== '(root)' && i.where !== '(text)' ? i.where : '';
    const field = where ? (opts.prefix ? `${opts.prefix}.${where}` : where) : whole;
    return { field, message: i.message, code: i.code };
  });
}

/** The error listing every issue: its field is the first issue's, its message names them all. */
export function issuesError(issues: readonly Issue[], opts: IssuesErrorOptions = {}): XinzhiError {
  const list = fieldIssues(issues, opts);
  const first = list[0];
  const body =
    list.length === 1 && first
      ? `${first.field}: ${first.message}`
      : `${list.length} problems: ${list.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  const message = opts.detail ?? (opts.subject ? `${opts.subject}: ${body}` : body);
  return new XinzhiError(opts.code ?? 'BAD_INPUT', message, {
    field: opts.field ?? first?.field ?? opts.fallback ?? (opts.prefix || '(input)'),
    context: { issues: list },
  });
}

/** The value of a result, or the error listing every issue. */
export function orThrow<T>(r: Result<T>, opts: IssuesErrorOptions = {}): T {
  if (r.ok) return r.value;
  throw issuesError(r.issues, opts);
}

/** How `issuesFromZod` labels issues: `code` replaces zod's own, `root` places issues with no path. */
export interface ZodIssueOptions {
  readonly code?: string;
  readonly root?: string;
}

/**
 * zod's issues as xinzhi's, placed by zod's issue path joined with dots (`items.0.qty`, the form
 * the API has always named fields in; zod's `toDotPath` would write `items[0].qty`); an unknown
 * key is an issue of its own.
 */
export function issuesFromZod(error: ZodError, opts: ZodIssueOptions = {}): Issue[] {
  const out: Issue[] = [];
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.');
    const code = opts.code ?? issue.code;
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        out.push({ code, message: `unknown field '${key}'`, where: base ? `${base}.${key}` : key });
    } else {
      const where = base || opts.root;
      out.push({ code, message: issue.message, ...(where ? { where } : {}) });
    }
  }
  return out;
}

/** A zod error as BAD_INPUT (unless told), its message listing every `field: problem`. */
export function zodIssuesError(error: ZodError, opts: IssuesErrorOptions = {}): XinzhiError {
  const issues = issuesFromZod(error);
  const detail = fieldIssues(issues, opts)
    .map((e) => `${e.field}: ${e.message}`)
    .join('; ');
  return issuesError(issues, { detail, ...opts });
}

/** The per-field problems an error carries, if any. */
export function issuesOf(e: XinzhiError): FieldIssue[] | undefined {
  const list = e.context['issues'];
  return Array.isArray(list) ? (list as FieldIssue[]) : undefined;
}
