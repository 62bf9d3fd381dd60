/**
 * Naive local times ("2024-03-31 02:30" in a CSV from a plant in Berlin) to UTC, with the IANA
 * zone rules that `Intl` carries. Disambiguation follows Temporal's `compatible` mode: a time that
 * occurs twice (autumn fall-back) takes the earlier instant; a time that does not exist (spring
 * gap) is moved forward by the gap's length. Written by hand because Node 20 has no Temporal and
 * the zone libraries (luxon, date-fns-tz) are heavier than these 60 lines; `Intl` has the rules.
 *
 * `Intl.DateTimeFormat#formatToParts` costs microseconds, so offsets are cached per 15-minute block
 * of local time: zone transitions happen on quarter hours, so a block lies on one side of them.
 */
import { resolveTimeZone } from '../../core/time-zone.js';

const BLOCK = 15 * 60_000;

/** Offset function of a zone; abbreviations and unknown names are refused (see `resolveTimeZone`). */
function offsetFn(zone: string): (utc: number) => number {
  return resolveTimeZone(zone, 'tz').offsetAt;
}

/** Converts naive local epoch-ms (the wall clock read as if UTC) to the UTC instant in `zone`. */
export function naiveToUtcIn(zone: string): (naiveMs: number) => number {
  const offset = offsetFn(zone);
  const cache = new Map<number, number>();
  const resolve = (naive: number): number => {
    const before = offset(naive - 86_400_000);
    const after = offset(naive + 86_400_000);
    const t1 = naive - before;
    const t2 = naive - after;
    const v1 = offset(t1) === before;
    const v2 = offset(t2) === after;
    if (v1 && v2) return Math.min(t1, t2) === t1 ? before : after;
    if (v1) return before;
    if (v2) return after;
    return before; // in the spring gap: keep the earlier offset, which moves the time forward
  };
  return (naive: number): number => {
    const block = Math.floor(naive / BLOCK);
    let off = cache.get(block);
    if (off === undefined) {
      if (cache.size > 50_000) cache.clear();
      off = resolve(block * BLOCK);
      cache.set(block, off);
    }
    return naive - off;
  };
}

/** For `parseTime`: an ISO local string without offset ("2024-03-31T02:30:00") to UTC ms in `zone`. */
export function localIsoToUtcIn(zone: string): (isoLocal: string) => number {
  const toUtc = naiveToUtcIn(zone);
  return (iso: string): number => {
    const naive = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : `${iso}Z`);
    return Number.isFinite(naive) ? toUtc(naive) : Number.NaN;
  };
}
