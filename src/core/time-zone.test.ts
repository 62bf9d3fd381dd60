import { describe, expect, it } from 'vitest';
import { calendarBoundaries, calendarUnitOf, resolveTimeZone, toIsoInZone } from './time-zone.js';

const iso = (t: number): string => new Date(t).toISOString();

describe('resolveTimeZone', () => {
  it('refuses CST, IST and BST, listing the IANA zones they may mean', () => {
    expect(() => resolveTimeZone('CST')).toThrow(
      /"CST" is an abbreviation.*Asia\/Shanghai, America\/Chicago/,
    );
    expect(() => resolveTimeZone('ist')).toThrow(/Asia\/Kolkata, Europe\/Dublin/);
    expect(() => resolveTimeZone('BST', '--tz')).toThrow(/Europe\/London, Asia\/Dhaka/);
    try {
      resolveTimeZone('CST', '--tz');
    } catch (e) {
      expect((e as { code: string; field: string }).code).toBe('BAD_INPUT');
      expect((e as { field: string }).field).toBe('--tz');
    }
  });

  it('accepts IANA names and fixed offsets', () => {
    expect(resolveTimeZone('Asia/Shanghai').offsetAt(Date.UTC(2024, 6, 1))).toBe(8 * 3_600_000);
    expect(resolveTimeZone('Europe/Berlin').offsetAt(Date.UTC(2024, 0, 1))).toBe(3_600_000);
    expect(resolveTimeZone('Europe/Berlin').offsetAt(Date.UTC(2024, 6, 1))).toBe(7_200_000);
    expect(resolveTimeZone('+08:00').offsetAt(0)).toBe(8 * 3_600_000);
    expect(resolveTimeZone('UTC+5:30').name).toBe('+05:30');
    expect(resolveTimeZone('-0300').offsetAt(0)).toBe(-3 * 3_600_000);
    expect(resolveTimeZone('UTC').name).toBe('UTC');
  });

  it('refuses unknown names and out-of-range offsets', () => {
    expect(() => resolveTimeZone('Mars/Olympus')).toThrow(/unknown time zone "Mars\/Olympus"/);
    expect(() => resolveTimeZone('+25:00')).toThrow(/out of range/);
    expect(() => resolveTimeZone('XYZ')).toThrow(/abbreviation/);
  });
});

describe('calendar boundaries', () => {
  it('gives Berlin days of 23 and 25 hours across the DST changes', () => {
    const z = resolveTimeZone('Europe/Berlin');
    const spring = calendarBoundaries(Date.UTC(2024, 2, 30, 12), Date.UTC(2024, 2, 31, 22), 'd', z);
    expect(spring.map(iso)).toEqual([
      '2024-03-29T23:00:00.000Z',
      '2024-03-30T23:00:00.000Z',
      '2024-03-31T22:00:00.000Z',
    ]);
    expect((spring[2]! - spring[1]!) / 3_600_000).toBe(23);
    const autumn = calendarBoundaries(Date.UTC(2024, 9, 27, 1), Date.UTC(2024, 9, 27, 22), 'd', z);
    expect((autumn[1]! - autumn[0]!) / 3_600_000).toBe(25);
  });

  it('starts weeks on Monday and months on the 1st in the zone', () => {
    const sh = resolveTimeZone('Asia/Shanghai');
    // Thursday 2024-06-06 12:00 UTC: its week starts Monday 2024-06-03 00:00 Shanghai.
    const w = calendarBoundaries(Date.UTC(2024, 5, 6, 12), Date.UTC(2024, 5, 6, 13), 'w', sh);
    expect(w.map(iso)).toEqual(['2024-06-02T16:00:00.000Z', '2024-06-09T16:00:00.000Z']);
    const m = calendarBoundaries(Date.UTC(2024, 0, 31, 20), Date.UTC(2024, 2, 1), 'mo', sh);
    expect(m.map(iso)).toEqual([
      '2024-01-31T16:00:00.000Z',
      '2024-02-29T16:00:00.000Z',
      '2024-03-31T16:00:00.000Z',
    ]);
  });

  it('reads bucket names and prints local times with their offset', () => {
    expect(['1d', '1w', '1mo', '1h', '2d'].map(calendarUnitOf)).toEqual([
      'd',
      'w',
      'mo',
      undefined,
      undefined,
    ]);
    expect(toIsoInZone(Date.UTC(2024, 2, 30, 23), resolveTimeZone('Europe/Berlin'))).toBe(
      '2024-03-31T00:00:00.000+01:00',
    );
  });
});
