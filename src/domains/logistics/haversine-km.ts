import type { Place } from './delivery-types.js';

/** Great-circle distance in kilometres (mean Earth radius 6371.0088 km, IUGG). */
export function haversineKm(a: Place, b: Place): number {
  const r = Math.PI / 180;
  const s1 = Math.sin(((b.lat - a.lat) * r) / 2);
  const s2 = Math.sin(((b.lon - a.lon) * r) / 2);
  const h = s1 * s1 + Math.cos(a.lat * r) * Math.cos(b.lat * r) * s2 * s2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}
