import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { epochToMs, parseTime } from '../../core/time.js';
import { parseReading, parseValue } from './reading-schema.js';

// The definition the fast path must agree with: an optionally signed decimal with an optional exponent.
const DEFINITION = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const reference = (s: string): number | undefined => {
  const t = s.trim();
  if (t === 'true') return 1;
  if (t === 'false') return 0;
  if (!DEFINITION.test(t)) return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : undefined;
};

describe('parseValue', () => {
  it('agrees with the decimal definition on arbitrary and number-like strings', () => {
    const numberish = fc
      .array(fc.constantFrom(...'0123456789.-+eExXbBoO ,_Inity'.split('')), { maxLength: 8 })
      .map((a) => a.join(''));
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 10 }), numberish), (s) => {
        expect(parseValue(s)).toBe(reference(s));
      }),
      { numRuns: 3000 },
    );
  });

  it('rejects hex, binary, infinities and blanks that Number() would take', () => {
    for (const s of ['0x10', '0b1', '0o7', 'Infinity', '-Infinity', '', ' ', '1e400', '.', '1,5'])
      expect(parseValue(s)).toBeUndefined();
    expect(parseValue('-.5')).toBe(-0.5);
    expect(parseValue(' 42 ')).toBe(42);
    expect(parseValue(true)).toBe(1);
    expect(parseValue(Number.NaN)).toBeUndefined();
  });
});

describe('parseReading time', () => {
  const rules = { now: Number.MAX_SAFE_INTEGER, futureToleranceMs: 0, earliestTs: Number.MIN_SAFE_INTEGER };
  const tsOf = (ts: string): number | undefined => {
    const p = parseReading({ seriesId: 'a/b', ts, value: 1, location: 'x', raw: '' }, 0, rules);
    return Array.isArray(p) ? undefined : p.ts;
  };

  it('reads epoch digit strings exactly as Number() then the epoch-unit rule would', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9]{1,20}$/), (s) => {
        expect(tsOf(s)).toBe(epochToMs(Number(s)));
      }),
      { numRuns: 2000 },
    );
    expect(tsOf('1704067200')).toBe(Date.UTC(2024, 0, 1));
    expect(tsOf('1704067200000000')).toBe(Date.UTC(2024, 0, 1));
    expect(tsOf(' 1704067200')).toBe(parseTime(' 1704067200'));
  });

  it('rejects times beyond the Date range instead of throwing while describing them (fuzz find)', () => {
    const rules = { now: Date.UTC(2024, 0, 1), futureToleranceMs: 300_000, earliestTs: 86_400_000 };
    for (const ts of ['9'.repeat(400), 1e300, -1e300, '+275760-09-13T00:00:00.001Z']) {
      const r = parseReading({ seriesId: 'a/b', ts, value: 1, location: 'x', raw: '' }, 0, rules);
      expect(Array.isArray(r) ? r[0]?.code : r).toBe('INGEST_BAD_TIMESTAMP');
    }
    expect(parseTime('9'.repeat(400))).toBeUndefined();
  });
});
