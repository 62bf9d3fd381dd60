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

/** Process exit code for the CLI: 2 bad input, 3 not found, 4 auth, 5 conflict, 1 anything else. */
export function exitCodeOf(code: ErrorCode): number {
  if (code === 'BAD_INPUT' || code.startsWith('INGEST_') || code === 'PORT_IN_USE') return 2;
  if (code === 'NOT_FOUND') return 3;
  if (code === 'UNAUTHENTICATED' || code === 'FORBIDDEN') return 4;
  if (code === 'CONFLICT') return 5;
  return 1;
}
