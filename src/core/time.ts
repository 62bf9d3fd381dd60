/**
 * Timestamp parsing at the edges. Internally every time is UTC epoch milliseconds.
 */

/** Heuristic for numeric epochs: below 1e11 is seconds (until year 5138), below 1e14 milliseconds, else µs. */
export function epochToMs(n: number): number {
  const a = Math.abs(n);
  if (a < 1e11) return Math.round(n * 1000);
  if (a < 1e14) return Math.round(n);
  if (a < 1e17) return Math.round(n / 1000);
  return Math.round(n / 1e6);
}

const ISO_HAS_ZONE = /(Z|[+-]\d{2}:?\d{2})$/i;

/**
 * Parse an ISO 8601 string or a numeric epoch into UTC ms; `undefined` if it is not a time.
 * ISO strings without an offset are read as UTC unless a `zone` function resolves local times.
 */
export function parseTime(
  input: string | number,
  localToUtc?: (isoLocal: string) => number,
): number | undefined {
  if (typeof input === 'number') return Number.isFinite(input) ? epochToMs(input) : undefined;
  const s = input.trim();
  if (s === '') return undefined;
  if (/^-?\d+(\.\d+)?$/.test(s)) {
    // Hundreds of digits are Infinity, not a time.
    const n = Number(s);
    return Number.isFinite(n) ? epochToMs(n) : undefined;
  }
  const iso = s.includes('T') || !s.includes(' ') ? s : s.replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}/.test(iso)) return undefined;
  if (!ISO_HAS_ZONE.test(iso) && localToUtc) {
    const t = localToUtc(iso);
    return Number.isFinite(t) ? t : undefined;
  }
  const t = Date.parse(ISO_HAS_ZONE.test(iso) || iso.length === 10 ? iso : `${iso}Z`);
  return Number.isFinite(t) ? t : undefined;
}

/** Duration strings used by CLI and API: `10s`, `1m`, `1h`, `1d`, `1w`. */
export function parseDuration(s: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w)$/.exec(s.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6, d: 8.64e7, w: 6.048e8 }[
    m[2] as 'ms' | 's' | 'm' | 'h' | 'd' | 'w'
  ];
  return n * unit;
}

export const toIso = (ms: number): string => new Date(ms).toISOString();
