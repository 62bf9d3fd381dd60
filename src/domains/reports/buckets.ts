/** Time buckets for the "per hour / per day" tables behind trend charts: hours up to 2 days, days beyond, in the site's zone. */
import { calendarBoundaries, type TimeZone } from '../../core/index.js';

const HOUR = 3_600_000;

export function trendBuckets(
  from: number,
  to: number,
  zone: TimeZone,
): { starts: number[]; unit: 'h' | 'd' } {
  if (to - from <= 48 * HOUR) {
    const starts: number[] = [];
    for (let t = from - (((from % HOUR) + HOUR) % HOUR); t < to; t += HOUR) starts.push(t);
    return { starts, unit: 'h' };
  }
  const b = calendarBoundaries(from, to, 'd', zone);
  return { starts: b.slice(0, -1), unit: 'd' };
}

/** Index of the bucket holding `ts` (starts sorted), or −1 before the first. */
export function bucketOf(starts: readonly number[], ts: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let ans = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= ts) {
      ans = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return ans;
}
