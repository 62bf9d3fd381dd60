/**
 * RFC 9457 problem details. Every error the API returns, from a zod validation failure to an
 * unknown route, is `application/problem+json` with a stable `code` and, when one input is at
 * fault, the `field`, plus an `errors` list naming every bad field (an error's `context.issues`).
 */
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import {
  type ErrorCode,
  httpStatusOf,
  issuesFromZod,
  issuesOf,
  isXinzhiError,
  type Logger,
} from '../core/index.js';

export interface ProblemError {
  readonly field: string;
  readonly message: string;
  readonly code?: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  /** xinzhi's stable error code, e.g. `BAD_INPUT`, `FORBIDDEN`. */
  readonly code: string;
  readonly field?: string;
  readonly errors?: readonly ProblemError[];
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** The `type` URI of a code: a URN, so it never pretends to be a page that does not exist. */
export const problemType = (code: string): string =>
  `urn:xinzhi:problem:${code.toLowerCase().replace(/_/g, '-')}`;

export function problem(
  status: number,
  code: string,
  detail: string,
  extra: { field?: string | undefined; errors?: readonly ProblemError[]; instance?: string } = {},
): Problem {
  return {
    type: problemType(code),
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    ...(extra.instance === undefined ? {} : { instance: extra.instance }),
    ...(extra.field === undefined ? {} : { field: extra.field }),
    ...(extra.errors === undefined ? {} : { errors: extra.errors }),
  };
}

/** The problem of an xinzhi error code, its status from the one table in core. */
export function problemOf(
  code: ErrorCode,
  detail: string,
  extra: { field?: string | undefined; errors?: readonly ProblemError[]; instance?: string } = {},
): Problem {
  return problem(httpStatusOf(code), code, detail, extra);
}

export function sendProblem(c: Context, p: Problem, headers: Record<string, string> = {}): Response {
  return c.newResponse(JSON.stringify(p), p.status as ContentfulStatusCode, {
    'content-type': 'application/problem+json',
    ...headers,
  });
}

/** Turns zod issues into problem `errors`, each naming its field as `<target>.<path>`. */
export function zodErrors(error: ZodError, target?: string): ProblemError[] {
  const prefix = target && target !== 'json' ? target : '';
  return issuesFromZod(error).map((i) => ({
    field: i.where ? (prefix ? `${prefix}.${i.where}` : i.where) : prefix || '(body)',
    message: i.message,
    code: i.code,
  }));
}

export function validationProblem(error: ZodError, target?: string, instance?: string): Problem {
  const errors = zodErrors(error, target);
  const first = errors[0];
  const detail =
    errors.length === 1 && first
      ? `${first.field}: ${first.message}`
      : `${errors.length} problems: ${errors.map((e) => `${e.field}: ${e.message}`).join('; ')}`;
  return problemOf('BAD_INPUT', detail, {
    field: first?.field,
    errors,
    ...(instance === undefined ? {} : { instance }),
  });
}

/** The app's `onError`: XinzhiErrors map by code, hono's HTTP errors by status, the rest are 500s. */
export function errorToProblem(err: unknown, c: Context, logger: Logger): Response {
  const instance = new URL(c.req.url).pathname;
  if (isXinzhiError(err)) {
    const status = httpStatusOf(err.code);
    if (status >= 500) logger.error({ err, path: instance }, 'request failed');
    const errors = issuesOf(err);
    return sendProblem(
      c,
      problemOf(err.code, err.message, { field: err.field, instance, ...(errors ? { errors } : {}) }),
      status === 401 ? { 'www-authenticate': 'Bearer realm="xinzhi"' } : {},
    );
  }
  if (err instanceof HTTPException) {
    const status = err.status;
    const code = status === 400 ? 'BAD_INPUT' : status === 401 ? 'UNAUTHENTICATED' : `HTTP_${status}`;
    const detail =
      err.message === 'Malformed JSON in request body'
        ? 'request body is not valid JSON'
        : err.message || (TITLES[status] ?? 'error');
    return sendProblem(
      c,
      problem(status, code, detail, { instance, ...(status === 400 ? { field: '(body)' } : {}) }),
    );
  }
  logger.error({ err, path: instance }, 'unexpected error');
  return sendProblem(c, problemOf('INTERNAL', 'internal error; see the server log', { instance }));
}
