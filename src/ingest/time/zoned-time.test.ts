import { describe, expect, it } from 'vitest';
import { localIsoToUtcIn } from './zoned-time.js';

describe('localIsoToUtcIn', () => {
  it('applies a fixed zone (Asia/Shanghai is UTC+8, no DST)', () => {
    const f = localIsoToUtcIn('Asia/Shanghai');
    expect(new Date(f('2024-07-01T08:00:00')).toISOString()).toBe('2024-07-01T00:00:00.000Z');
    expect(new Date(f('2024-01-01')).toISOString()).toBe('2023-12-31T16:00:00.000Z');
  });

  it('handles summer and winter time in Europe/Berlin', () => {
    const f = localIsoToUtcIn('Europe/Berlin');
    expect(new Date(f('2024-01-15T12:00:00')).toISOString()).toBe('2024-01-15T11:00:00.000Z');
    expect(new Date(f('2024-07-15T12:00:00')).toISOString()).toBe('2024-07-15T10:00:00.000Z');
  });

  it('moves a non-existent spring time forward and takes the earlier of an ambiguous autumn time', () => {
    const f = localIsoToUtcIn('Europe/Berlin');
    // 2024-03-31 02:30 does not exist in Berlin (clocks jump 02:00 → 03:00): it becomes 03:30 CEST.
    expect(new Date(f('2024-03-31T02:30:00')).toISOString()).toBe('2024-03-31T01:30:00.000Z');
    // 2024-10-27 02:30 occurs twice: the first (CEST, UTC+2) is taken.
    expect(new Date(f('2024-10-27T02:30:00')).toISOString()).toBe('2024-10-27T00:30:00.000Z');
    expect(new Date(f('2024-10-27T03:30:00')).toISOString()).toBe('2024-10-27T02:30:00.000Z');
  });

  it('handles the US transition at 02:00 local', () => {
    const f = localIsoToUtcIn('America/New_York');
    expect(new Date(f('2024-03-10T01:59:00')).toISOString()).toBe('2024-03-10T06:59:00.000Z');
    expect(new Date(f('2024-03-10T03:00:00')).toISOString()).toBe('2024-03-10T07:00:00.000Z');
  });

  it('rejects an unknown zone by name', () => {
    expect(() => localIsoToUtcIn('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
  });
});
