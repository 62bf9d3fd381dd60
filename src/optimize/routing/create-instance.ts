/**
 * Builds a validated RoutingInstance from plain arrays. Every problem is listed (node and field),
 * nothing is thrown for bad input.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import { euclideanMatrix, haversineMatrix, type Rounding } from './distances.js';
import type { RoutingInstance } from './types.js';

export interface InstanceInput {
  readonly name?: string;
  /** Depot first. Either coordinates (`xy` or `latLon`) or an explicit `matrix` is needed. */
  readonly xy?: readonly (readonly [number, number])[];
  readonly latLon?: readonly (readonly [number, number])[];
  /** Full size × size matrix (travel cost = time); overrides coordinates for distances. */
  readonly matrix?: readonly (readonly number[])[];
  /** Rounding of Euclidean distances (default 'none'). */
  readonly rounding?: Rounding;
  /** Demand per node, depot's ignored (default 0). */
  readonly demand: readonly number[];
  readonly capacity: number;
  /** Service time per node, or one value for every customer (default 0). */
  readonly service?: readonly number[] | number;
  /** [ready, due] per node (depot: the working horizon); omitted means no windows. */
  readonly windows?: readonly (readonly [number, number])[];
  readonly maxDuration?: number;
  readonly maxVehicles?: number;
  /** Source ids of the nodes (default 0..size−1). */
  readonly labels?: readonly number[];
}

const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

export function createInstance(input: InstanceInput): Result<RoutingInstance> {
  const issues: Issue[] = [];
  const bad = (where: string, message: string): void => {
    issues.push({ code: 'BAD_INPUT', message, where });
  };
  const n = input.demand.length;
  if (n < 2) bad('demand', 'need a depot and at least one customer');
  if (!finite(input.capacity) || input.capacity <= 0) bad('capacity', 'capacity must be a positive number');
  let dist: Float64Array | undefined;
  let coords: Float64Array | undefined;
  const pts = input.xy ?? input.latLon;
  if (pts) {
    if (pts.length !== n) bad(input.xy ? 'xy' : 'latLon', `expected ${n} points, got ${pts.length}`);
    coords = new Float64Array(2 * pts.length);
    pts.forEach((p, i) => {
      if (!finite(p[0]) || !finite(p[1])) bad(`node ${i}`, 'coordinates must be finite numbers');
      coords![2 * i] = p[0];
      coords![2 * i + 1] = p[1];
    });
    if (input.latLon)
      for (let i = 0; i < pts.length; i++) {
        const la = coords[2 * i] as number;
        const lo = coords[2 * i + 1] as number;
        if (Math.abs(la) > 90 || Math.abs(lo) > 180) bad(`node ${i}`, `latitude/longitude out of range`);
      }
  }
  if (input.matrix) {
    if (input.matrix.length !== n) bad('matrix', `expected ${n} rows, got ${input.matrix.length}`);
    dist = new Float64Array(n * n);
    input.matrix.forEach((row, i) => {
      if (row.length !== n) bad(`matrix row ${i}`, `expected ${n} entries, got ${row.length}`);
      row.forEach((d, j) => {
        if (!finite(d) || d < 0) bad(`matrix[${i}][${j}]`, 'distances must be finite and non-negative');
        if (i < n && j < n) dist![i * n + j] = d;
      });
    });
  } else if (coords && pts?.length === n) {
    dist = input.latLon ? haversineMatrix(coords) : euclideanMatrix(coords, input.rounding ?? 'none');
  } else if (!pts) bad('xy', 'give coordinates (xy or latLon) or a distance matrix');
  const demand = new Float64Array(n);
  input.demand.forEach((q, i) => {
    if (!finite(q) || q < 0) bad(`node ${i}`, 'demand must be a non-negative number');
    else if (i > 0 && q > input.capacity)
      bad(`node ${i}`, `demand ${q} exceeds the capacity ${input.capacity}`);
    demand[i] = i === 0 ? 0 : q;
  });
  const service = new Float64Array(n);
  const sv = input.service;
  for (let i = 1; i < n; i++) {
    const s = typeof sv === 'number' ? sv : (sv?.[i] ?? 0);
    if (!finite(s) || s < 0) bad(`node ${i}`, 'service time must be a non-negative number');
    service[i] = s;
  }
  const ready = new Float64Array(n);
  const due = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  if (input.windows) {
    if (input.windows.length !== n) bad('windows', `expected ${n} windows, got ${input.windows.length}`);
    input.windows.forEach((w, i) => {
      if (!finite(w[0]) || !(finite(w[1]) || w[1] === Number.POSITIVE_INFINITY) || w[1] < w[0])
        bad(`node ${i}`, 'window must be [ready, due] with ready ≤ due');
      ready[i] = w[0];
      due[i] = w[1];
    });
  }
  const maxDuration = input.maxDuration ?? Number.POSITIVE_INFINITY;
  if (!(maxDuration > 0)) bad('maxDuration', 'maximum duration must be positive');
  const maxVehicles = input.maxVehicles ?? Number.POSITIVE_INFINITY;
  if (!(maxVehicles >= 1) || (Number.isFinite(maxVehicles) && !Number.isInteger(maxVehicles)))
    bad('maxVehicles', 'maximum number of vehicles must be a positive integer');
  if (input.labels && input.labels.length !== n) bad('labels', `expected ${n} labels`);
  if (issues.length > 0 || !dist) return fail(...issues);
  let hasTimeWindows = false;
  for (let i = 0; i < n; i++) if (ready[i]! > 0 || due[i]! < Number.POSITIVE_INFINITY) hasTimeWindows = true;
  return ok({
    name: input.name ?? 'instance',
    size: n,
    dist,
    demand,
    capacity: input.capacity,
    service,
    ready,
    due,
    hasTimeWindows,
    maxDuration,
    maxVehicles,
    ...(coords && !input.latLon ? { coords } : {}),
    ...(coords && input.latLon ? { coords: swapLatLon(coords) } : {}),
    labels: input.labels ?? Array.from({ length: n }, (_, i) => i),
  });
}

/** Polar sectors want (x, y): longitude is x. */
function swapLatLon(c: Float64Array): Float64Array {
  const out = new Float64Array(c.length);
  for (let i = 0; i < c.length; i += 2) {
    out[i] = c[i + 1] as number;
    out[i + 1] = c[i] as number;
  }
  return out;
}
