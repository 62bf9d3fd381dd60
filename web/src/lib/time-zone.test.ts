import { describe, expect, it } from 'vitest';
import { bucketChoice, formatInZone, isCalendar, knownZone, siteZoneOf, zoneList } from './time-zone.js';

const tree = [
  {
    id: 'f1',
    attributes: { timeZone: 'Asia/Shanghai' },
    children: [
      {
        id: 'f1/a',
        attributes: {},
        children: [{ id: 'f1/a/m1', attributes: {}, children: [] }],
      },
      {
        id: 'f1/b',
        attributes: { timeZone: 'Europe/Berlin' },
        children: [{ id: 'f1/b/m2', attributes: {}, children: [] }],
      },
    ],
  },
  { id: 'f2', attributes: {}, children: [{ id: 'f2/m3', attributes: {}, children: [] }] },
];

describe('time zones of the telemetry page', () => {
  it('takes the zone of the nearest ancestor that names one', () => {
    expect(siteZoneOf(tree, 'f1/a/m1')).toBe('Asia/Shanghai');
    expect(siteZoneOf(tree, 'f1/b/m2')).toBe('Europe/Berlin');
    expect(siteZoneOf(tree, 'f2/m3')).toBeUndefined();
    expect(siteZoneOf(tree, 'nowhere')).toBeUndefined();
  });

  it('reads bucket choices and refuses unknown ones', () => {
    expect(bucketChoice('1w')).toBe('1w');
    expect(bucketChoice('2w')).toBe('auto');
    expect(bucketChoice(null)).toBe('auto');
    expect(isCalendar('1mo')).toBe(true);
    expect(isCalendar('1h')).toBe(false);
  });

  it('knows IANA zones, lists them and writes wall-clock times with the weekday', () => {
    expect(knownZone('Europe/Berlin')).toBe(true);
    expect(knownZone('Mars/Olympus')).toBe(false);
    expect(zoneList('Asia/Shanghai').slice(0, 2)).toEqual(['Asia/Shanghai', 'UTC']);
    // Monday 25 March 2024 00:00 in Berlin is Sunday 23:00 UTC.
    expect(formatInZone(Date.UTC(2024, 2, 24, 23), 'Europe/Berlin', 'en-GB')).toBe('Mon, 25 Mar 2024, 00:00');
  });
});
