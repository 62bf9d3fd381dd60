/**
 * Warehouse slotting: put each SKU in one location so that expected picking travel is least.
 * Travel of a SKU = picks per period × 2 × the location's one-way distance from the pick/pack
 * point (out and back). Locations hold one SKU and only SKUs whose size fits their capacity.
 *
 * Why exact: this is a linear assignment problem. Without size limits the cost matrix is
 * picks_i · distance_j, and by the rearrangement inequality the optimum simply gives the closest
 * locations to the most-picked SKUs (a sort). Size limits break that argument, so the general
 * case runs the Hungarian/shortest-augmenting-path algorithm, exact in O(n²·m).
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import { solveAssignment } from './assignment.js';

export interface Sku {
  readonly id: string;
  /** Picks per period (day, week…). */
  readonly picks: number;
  /** Space the SKU needs (any unit shared with location capacity; default 1). */
  readonly size?: number;
  /** Where it is now, to measure the saving. */
  readonly currentLocation?: string;
}

export interface SlotLocation {
  readonly id: string;
  /** One-way distance from the pick/pack point. */
  readonly distance: number;
  /** Largest size it holds (default unlimited). */
  readonly capacity?: number;
}

export interface SlottingResult {
  readonly assignments: readonly { sku: string; location: string; travel: number }[];
  /** Expected travel per period of the optimal layout. */
  readonly travel: number;
  /** Expected travel of the current layout, when every SKU has a current location. */
  readonly currentTravel?: number;
  readonly saving?: number;
  readonly savingPct?: number;
  /** 'sort' when the rearrangement argument applied, 'hungarian' otherwise. */
  readonly method: 'sort' | 'hungarian';
}

const travelOf = (picks: number, distance: number): number => picks * 2 * distance;

export function slotSkus(skus: readonly Sku[], locations: readonly SlotLocation[]): Result<SlottingResult> {
  const issues: Issue[] = [];
  const locIndex = new Map<string, number>();
  locations.forEach((l, j) => {
    if (locIndex.has(l.id))
      issues.push({ code: 'BAD_INPUT', message: `duplicate location '${l.id}'`, where: `location ${l.id}` });
    locIndex.set(l.id, j);
  });
  const seen = new Set<string>();
  for (const s of skus) {
    if (seen.has(s.id))
      issues.push({ code: 'BAD_INPUT', message: `duplicate SKU '${s.id}'`, where: `sku ${s.id}` });
    seen.add(s.id);
    if (s.currentLocation !== undefined && !locIndex.has(s.currentLocation))
      issues.push({
        code: 'BAD_INPUT',
        message: `current location '${s.currentLocation}' is not in the locations`,
        where: `sku ${s.id}`,
      });
  }
  if (skus.length > locations.length)
    issues.push({
      code: 'BAD_INPUT',
      message: `${skus.length} SKUs but only ${locations.length} locations`,
      where: 'locations',
    });
  if (issues.length > 0) return fail(...issues);
  const n = skus.length;
  const m = locations.length;
  const fits = (s: Sku, l: SlotLocation): boolean =>
    (s.size ?? 1) <= (l.capacity ?? Number.POSITIVE_INFINITY);
  const allFit = skus.every((s) => locations.every((l) => fits(s, l)));
  let columnOf: Int32Array;
  let method: 'sort' | 'hungarian';
  if (allFit) {
    method = 'sort';
    const bySku = skus.map((_, i) => i).sort((a, b) => skus[b]!.picks - skus[a]!.picks);
    const byLoc = locations.map((_, j) => j).sort((a, b) => locations[a]!.distance - locations[b]!.distance);
    columnOf = new Int32Array(n);
    bySku.forEach((i, r) => {
      columnOf[i] = byLoc[r]!;
    });
  } else {
    method = 'hungarian';
    const cost = new Float64Array(n * m);
    for (let i = 0; i < n; i++)
      for (let j = 0; j < m; j++)
        cost[i * m + j] = fits(skus[i]!, locations[j]!)
          ? travelOf(skus[i]!.picks, locations[j]!.distance)
          : Number.POSITIVE_INFINITY;
    const a = solveAssignment(cost, n, m);
    if (!a) {
      const stuck = skus.filter((s) => !locations.some((l) => fits(s, l))).map((s) => s.id);
      return fail({
        code: 'INFEASIBLE',
        message: stuck.length
          ? `no location is large enough for: ${stuck.join(', ')}`
          : 'the SKUs cannot all be placed: too few locations large enough',
        where: 'locations',
      });
    }
    columnOf = a.columnOf;
  }
  const assignments = skus.map((s, i) => {
    const l = locations[columnOf[i]!]!;
    return { sku: s.id, location: l.id, travel: travelOf(s.picks, l.distance) };
  });
  const travel = assignments.reduce((t, a) => t + a.travel, 0);
  const withCurrent = skus.every((s) => s.currentLocation !== undefined);
  if (!withCurrent) return ok({ assignments, travel, method });
  const currentTravel = skus.reduce(
    (t, s) => t + travelOf(s.picks, locations[locIndex.get(s.currentLocation!)!]!.distance),
    0,
  );
  const saving = currentTravel - travel;
  return ok({
    assignments,
    travel,
    currentTravel,
    saving,
    savingPct: currentTravel > 0 ? (saving / currentTravel) * 100 : 0,
    method,
  });
}
