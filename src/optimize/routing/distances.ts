/**
 * Distance matrices: Euclidean (rounded as the instance says: TSPLIB `nint`, or real), haversine
 * for latitude/longitude (kilometres), or an explicit matrix checked for shape.
 */
export type Rounding = 'nint' | 'none' | 'floor' | 'ceil';

/** Row-major n × n Euclidean distances of interleaved (x, y) coordinates. */
export function euclideanMatrix(coords: Float64Array | readonly number[], rounding: Rounding): Float64Array {
  const n = coords.length / 2;
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const xi = coords[2 * i] as number;
    const yi = coords[2 * i + 1] as number;
    for (let j = i + 1; j < n; j++) {
      const dx = xi - (coords[2 * j] as number);
      const dy = yi - (coords[2 * j + 1] as number);
      let d = Math.sqrt(dx * dx + dy * dy);
      // TSPLIB nint(x) = (int)(x + 0.5).
      if (rounding === 'nint') d = Math.floor(d + 0.5);
      else if (rounding === 'floor') d = Math.floor(d);
      else if (rounding === 'ceil') d = Math.ceil(d);
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}

const EARTH_RADIUS_KM = 6371.0088;

/** Great-circle distances in km between interleaved (lat, lon) pairs in decimal degrees. */
export function haversineMatrix(latLon: Float64Array | readonly number[]): Float64Array {
  const n = latLon.length / 2;
  const m = new Float64Array(n * n);
  const rad = Math.PI / 180;
  for (let i = 0; i < n; i++) {
    const la1 = (latLon[2 * i] as number) * rad;
    const lo1 = (latLon[2 * i + 1] as number) * rad;
    for (let j = i + 1; j < n; j++) {
      const la2 = (latLon[2 * j] as number) * rad;
      const lo2 = (latLon[2 * j + 1] as number) * rad;
      const s1 = Math.sin((la2 - la1) / 2);
      const s2 = Math.sin((lo2 - lo1) / 2);
      const h = s1 * s1 + Math.cos(la1) * Math.cos(la2) * s2 * s2;
      const d = 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
      m[i * n + j] = d;
      m[j * n + i] = d;
    }
  }
  return m;
}
