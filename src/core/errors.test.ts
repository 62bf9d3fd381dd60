import { describe, expect, it } from 'vitest';
import {
  ERROR_CODES,
  type ErrorCode,
  EXIT_CODE,
  exitCodeOf,
  HTTP_STATUS,
  httpStatusOf,
  isErrorCode,
  toErrorCode,
  XinzhiError,
} from './index.js';

describe('error codes', () => {
  it('is a closed set: an unknown code does not compile', () => {
    // @ts-expect-error UNAVAILABLE_ISH is no ErrorCode
    const e = new XinzhiError('UNAVAILABLE_ISH', 'x');
    expect(isErrorCode(e.code)).toBe(false);
    // @ts-expect-error the maps take known codes only
    expect(httpStatusOf('NO_SUCH_CODE')).toBeUndefined();
    const known: ErrorCode = 'NATS_UNREACHABLE';
    expect(isErrorCode(known)).toBe(true);
  });

  it('gives every code a status and an exit code from the documented table', () => {
    const codes = Object.keys(ERROR_CODES) as ErrorCode[];
    expect(codes.length).toBeGreaterThan(20);
    for (const c of codes) {
      expect(HTTP_STATUS[c], c).toBeGreaterThanOrEqual(400);
      expect([1, 2, 3, 4, 5], c).toContain(EXIT_CODE[c]);
    }
  });

  it('keeps the statuses the API answered with, and a dependency that is down is 503', () => {
    expect(httpStatusOf('BAD_INPUT')).toBe(400);
    expect(httpStatusOf('INGEST_BAD_ROW')).toBe(400);
    expect(httpStatusOf('INGEST_LIMIT_EXCEEDED')).toBe(400);
    expect(httpStatusOf('NOT_FOUND')).toBe(404);
    expect(httpStatusOf('INFEASIBLE')).toBe(422);
    expect(httpStatusOf('PAYLOAD_TOO_LARGE')).toBe(413);
    expect(httpStatusOf('UNSUPPORTED_MEDIA_TYPE')).toBe(415);
    expect(httpStatusOf('TIMEOUT')).toBe(504);
    expect(httpStatusOf('UNAVAILABLE')).toBe(503);
    expect(httpStatusOf('NATS_UNREACHABLE')).toBe(503);
    expect(httpStatusOf('INTERNAL')).toBe(500);
    expect(exitCodeOf('PORT_IN_USE')).toBe(2);
    expect(exitCodeOf('TIMEOUT')).toBe(3);
    expect(exitCodeOf('UNAUTHENTICATED')).toBe(4);
    expect(exitCodeOf('UNAVAILABLE')).toBe(1);
  });

  it('reads a code from outside by name, else by status, else INTERNAL', () => {
    expect(toErrorCode('CONFLICT', 500)).toBe('CONFLICT');
    expect(toErrorCode('HTTP_405', 404)).toBe('NOT_FOUND');
    expect(toErrorCode('HTTP_405', 405)).toBe('INTERNAL');
    expect(toErrorCode(undefined, 500)).toBe('INTERNAL');
    expect(toErrorCode(42)).toBe('INTERNAL');
    expect(toErrorCode('toString')).toBe('INTERNAL');
  });
});
