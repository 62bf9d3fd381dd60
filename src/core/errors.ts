/**
 * The one error type of xinzhi. A stable `code` lets the HTTP layer map failures to status codes
 * and problem+json, and the CLI map them to exit codes, without matching on messages.
 */
export const ERROR_CODES = {
  BAD_INPUT: 'BAD_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  INGEST_BAD_TIMESTAMP: 'INGEST_BAD_TIMESTAMP',
  INGEST_BAD_VALUE: 'INGEST_BAD_VALUE',
  INGEST_BAD_UNIT: 'INGEST_BAD_UNIT',
  INGEST_BAD_ROW: 'INGEST_BAD_ROW',
  INGEST_STRICT_ABORT: 'INGEST_STRICT_ABORT',
  STORE_FAILURE: 'STORE_FAILURE',
  PORT_IN_USE: 'PORT_IN_USE',
  SOLVER_FAILURE: 'SOLVER_FAILURE',
  INFEASIBLE: 'INFEASIBLE',
  UNBOUNDED: 'UNBOUNDED',
  TIMEOUT: 'TIMEOUT',
  INTERNAL: 'INTERNAL',
} as const;

export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES] | (string & {});

export interface XinzhiErrorOptions {
  /** Where the problem is: a field, `file:line`, an MQTT topic, a series id. */
  readonly field?: string;
  /** Extra structured context for logs and problem+json. */
  readonly context?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

export class XinzhiError extends Error {
  readonly code: ErrorCode;
  readonly field: string | undefined;
  readonly context: Readonly<Record<string, unknown>>;

  constructor(code: ErrorCode, message: string, options: XinzhiErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'XinzhiError';
    this.code = code;
    this.field = options.field;
    this.context = options.context ?? {};
  }
}

export function isXinzhiError(e: unknown): e is XinzhiError {
  return e instanceof XinzhiError;
}

/** HTTP status for an error code; unknown codes are server errors. */
export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case 'NOT_FOUND':
      return 404;
    case 'CONFLICT':
      return 409;
    case 'UNAUTHENTICATED':
      return 401;
    case 'FORBIDDEN':
      return 403;
    case 'INFEASIBLE':
    case 'UNBOUNDED':
      return 422;
    case 'TIMEOUT':
      return 504;
    case 'STORE_FAILURE':
    case 'SOLVER_FAILURE':
    case 'INTERNAL':
      return 500;
    default:
      return code.startsWith('INGEST_') || code === 'BAD_INPUT' ? 400 : 500;
  }
}

/**
 * The CLI's exit codes, one table for every command (documented in README.md, "Command line"):
 * - 0 ok;
 * - 1 internal failure (a bug, the store or the solver failed);
 * - 2 bad input or usage: a malformed file, an unknown flag, a missing argument, a bad `--db`,
 *   an import whose every row was rejected;
 * - 3 not found or no result: a missing file, series or id; an infeasible or unbounded model;
 *   a time limit reached without an answer;
 * - 4 not signed in or not allowed;
 * - 5 conflict with what is stored (already exists, already done).
 */
export const EXIT_CODES = {
  OK: 0,
  INTERNAL: 1,
  BAD_INPUT: 2,
  NO_RESULT: 3,
  ACCESS: 4,
  CONFLICT: 5,
} as const;

/** Process exit code for an error code, per {@link EXIT_CODES}. */
export function exitCodeOf(code: ErrorCode): number {
  if (code === 'BAD_INPUT' || code.startsWith('INGEST_') || code === 'PORT_IN_USE')
    return EXIT_CODES.BAD_INPUT;
  if (code === 'NOT_FOUND' || code === 'INFEASIBLE' || code === 'UNBOUNDED' || code === 'TIMEOUT')
    return EXIT_CODES.NO_RESULT;
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return EXIT_CODES.ACCESS;
  if (code === 'CONFLICT') return EXIT_CODES.CONFLICT;
  return EXIT_CODES.INTERNAL;
}
