/**
 * RFC 8785 JSON Canonicalization Scheme (JCS): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings serialised as ECMAScript JSON.stringify does (which is what
 * RFC 8785 specifies). Hand-written because it is twenty lines over JSON.stringify; the npm
 * `canonicalize` package does the same and is not installed here.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value))
      throw new RangeError('JCS has no NaN or Infinity');
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      throw new TypeError(`JCS cannot encode ${typeof value}`);
    }
    if (typeof value === 'bigint') throw new TypeError('JCS cannot encode bigint');
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj)
    .filter((k) => obj[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
}
