/**
 * The one error type of xinzhi. A stable `code` lets the HTTP layer map failures to status codes
 * and problem+json, and the CLI map them to exit codes, without matching on messages.
 */
/**
 * Every code an error can carry, with its HTTP status and CLI exit code side by side. A code is
 * added here or not at all: `ErrorCode` is closed, so an unknown string is a compile error, and a
 * new code cannot be added without choosing both its status and exit code.
 * Exit codes follow {@link EXIT_CODES}; statuses are what the API answers.
 */
const CODE_TABLE = {
  BAD_INPUT: [400, 2],
  NOT_FOUND: [404, 3],
  CONFLICT: [409, 5],
  UNAUTHENTICATED: [401, 4],
  FORBIDDEN: [403, 4],
  INGEST_BAD_TIMESTAMP: [400, 2],
  INGEST_BAD_VALUE: [400, 2],
  INGEST_BAD_UNIT: [400, 2],
  INGEST_BAD_ROW: [400, 2],
  INGEST_OUT_OF_RANGE: [400, 2],
  INGEST_LIMIT_EXCEEDED: [400, 2],
  INGEST_STRICT_ABORT: [400, 2],
  PAYLOAD_TOO_LARGE: [413, 1],
  UNSUPPORTED_MEDIA_TYPE: [415, 1],
  STORE_FAILURE: [500, 1],
  PORT_IN_USE: [500, 2],
  SOLVER_FAILURE: [500, 1],
  INFEASIBLE: [422, 3],
  UNBOUNDED: [422, 3],
  TIMEOUT: [504, 3],
  // A service xinzhi depends on (a broker, NATS, another xinzhi server) does not answer.
  UNAVAILABLE: [503, 1],
  NATS_UNREACHABLE: [503, 1],
  NATS_JETSTREAM: [503, 1],
  MQTT_UNREACHABLE: [503, 1],
  MQTT_SUBSCRIBE_REFUSED: [503, 1],
  // Recorded on jobs rather than thrown: a handler's plain Error, a run no node finished.
  JOB_FAILED: [500, 1],
  JOB_ABANDONED: [500, 1],
  INTERNAL: [500, 1],
} as const satisfies Record<string, readonly [number, number]>;

export type ErrorCode = keyof typeof CODE_TABLE;

/** The codes by name, for code that wants a constant rather than a string literal. */
export const ERROR_CODES = Object.fromEntries(Object.keys(CODE_TABLE).map((k) => [k, k])) as {
  readonly [K in ErrorCode]: K;
};

/** HTTP status of each code: the one place the API's status is decided. */
export const HTTP_STATUS: Readonly<Record<ErrorCode, number>> = Object.fromEntries(
  Object.entries(CODE_TABLE).map(([k, v]) => [k, v[0]]),
) as Record<ErrorCode, number>;

/** CLI exit code of each code, per {@link EXIT_CODES}. */
export const EXIT_CODE: Readonly<Record<ErrorCode, number>> = Object.fromEntries(
  Object.entries(CODE_TABLE).map(([k, v]) => [k, v[1]]),
) as Record<ErrorCode, number>;

export const isErrorCode = (s: unknown): s is ErrorCode =>
  typeof s === 'string' && Object.hasOwn(CODE_TABLE, s);

/**
 * A code received from outside (a server's problem+json, a stored job): itself when known, else
 * the code of its HTTP status, else `INTERNAL`.
 */
export function toErrorCode(s: unknown, status?: number): ErrorCode {
  if (isErrorCode(s)) return s;
  if (status === undefined || status === 500) return 'INTERNAL';
  const byStatus = (Object.keys(CODE_TABLE) as ErrorCode[]).find((k) => HTTP_STATUS[k] === status);
  return byStatus ?? 'INTERNAL';
}

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

/** HTTP status for an error code. */
export const httpStatusOf = (code: ErrorCode): number => HTTP_STATUS[code];

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
export const exitCodeOf = (code: ErrorCode): number => EXIT_CODE[code];
