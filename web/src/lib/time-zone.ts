/**
 * Time zones on the telemetry page: the site's zone (the `timeZone` attribute of a series' asset
 * or its nearest ancestor, as the server reads it for calendar buckets), the bucket choices, and
 * bucket start times written in a zone.
 */

interface AssetLike {
  readonly id: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly children: readonly AssetLike[];
}

/** The `timeZone` of `assetId` or its nearest ancestor in the tree, or undefined. */
export function siteZoneOf(roots: readonly AssetLike[], assetId: string): string | undefined {
  const path: AssetLike[] = [];
  const find = (a: AssetLike): boolean => {
    path.push(a);
    if (a.id === assetId || a.children.some(find)) return true;
    path.pop();
    return false;
  };
  if (!roots.some(find)) return undefined;
  for (let i = path.length - 1; i >= 0; i--) {
    const tz = path[i]?.attributes.timeZone;
    if (typeof tz === 'string' && tz.trim() !== '') return tz.trim();
  }
  return undefined;
}

/** Bucket choices: `auto` follows the window; 1d, 1w (from Monday) and 1mo are calendar buckets. */
export const BUCKETS = ['auto', '1m', '15m', '1h', '1d', '1w', '1mo'] as const;
export type BucketChoice = (typeof BUCKETS)[number];
export const FIXED_MS: Partial<Record<BucketChoice, number>> = {
  '1m': 60_000,
  '15m': 900_000,
  '1h': 3_600_000,
};
export const isCalendar = (b: string): b is '1d' | '1w' | '1mo' => b === '1d' || b === '1w' || b === '1mo';
export const bucketChoice = (s: string | null): BucketChoice =>
  (BUCKETS as readonly string[]).includes(s ?? '') ? (s as BucketChoice) : 'auto';

/** Whether the browser knows `zone` as an IANA name (or a fixed offset it accepts). */
export function knownZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zones to offer: every IANA zone the browser knows, with `extra` first when missing. */
export function zoneList(...extra: ReadonlyArray<string | undefined>): string[] {
  const all = typeof Intl.supportedValuesOf === 'function' ? Intl.supportedValuesOf('timeZone') : [];
  const out = new Set<string>();
  for (const z of extra) if (z) out.add(z);
  out.add('UTC');
  for (const z of all) out.add(z);
  return [...out];
}

/** A bucket start as the zone's wall clock with the weekday, e.g. "Mon, 25 Mar 2024, 00:00". */
export function formatInZone(ts: number, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, {
    timeZone: zone,
    weekday: 'short',
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ts);
}
