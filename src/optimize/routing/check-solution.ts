/**
 * Independent feasibility check of a routing solution: recomputes everything from the instance
 * (visits, loads, distances, durations, time windows, fleet size) by a plain simulation, sharing
 * no code with the solver's incremental bookkeeping. Used by the tests and the CVRPLIB evaluation.
 */
import type { RoutingInstance } from './types.js';

export interface SolutionCheck {
  readonly feasible: boolean;
  /** Total distance recomputed from the matrix. */
  readonly cost: number;
  readonly routes: number;
  /** Every violation found, in words. */
  readonly violations: readonly string[];
}

/** Tolerance for comparing real-valued times and durations. */
const TOL = 1e-6;

export function checkSolution(inst: RoutingInstance, routes: readonly (readonly number[])[]): SolutionCheck {
  const v: string[] = [];
  const n = inst.size;
  // Messages name customers as the instance file does (its labels), not by internal index.
  const id = (c: number): string => String(inst.labels[c] ?? c);
  const seen = new Array<number>(n).fill(0);
  let cost = 0;
  let used = 0;
  routes.forEach((route, r) => {
    if (route.length === 0) return;
    used++;
    let load = 0;
    let time = inst.ready[0]!;
    let length = 0;
    let prev = 0;
    // Waiting so far, and how much later the van could leave without a late visit: leaving later
    // is absorbed by waiting, so the shortest duration of the route is known from a forward pass.
    let waited = 0;
    let postpone = Number.POSITIVE_INFINITY;
    for (const c of route) {
      if (!Number.isInteger(c) || c < 1 || c >= n) {
        v.push(`route ${r + 1}: ${c} is not a customer`);
        return;
      }
      seen[c]!++;
      const t = inst.dist[prev * n + c]!;
      length += t;
      load += inst.demand[c]!;
      const arrival = time + t;
      time = Math.max(arrival, inst.ready[c]!);
      waited += time - arrival;
      postpone = Math.min(postpone, inst.due[c]! - time + waited);
      if (time > inst.due[c]! + TOL)
        v.push(
          `route ${r + 1}: customer ${id(c)} served at ${time}, after its window closes at ${inst.due[c]}`,
        );
      time += inst.service[c]!;
      prev = c;
    }
    const back = inst.dist[prev * n]!;
    length += back;
    time += back;
    cost += length;
    if (load > inst.capacity + TOL)
      v.push(`route ${r + 1}: load ${load} exceeds the capacity ${inst.capacity}`);
    if (time > inst.due[0]! + TOL)
      v.push(`route ${r + 1}: returns at ${time}, after the depot closes at ${inst.due[0]}`);
    // With windows: return time minus the latest departure that keeps every visit on time
    // (never later than the waiting it can absorb); without: travel + service.
    const shift = Math.max(0, Math.min(waited, postpone));
    const duration = inst.hasTimeWindows
      ? time - inst.ready[0]! - shift
      : length + route.reduce((s, c) => s + inst.service[c]!, 0);
    if (duration > inst.maxDuration + TOL)
      v.push(`route ${r + 1}: duration ${duration} exceeds the limit ${inst.maxDuration}`);
  });
  for (let c = 1; c < n; c++) {
    if (seen[c] === 0) v.push(`customer ${id(c)} is not visited`);
    else if (seen[c]! > 1) v.push(`customer ${id(c)} is visited ${seen[c]} times`);
  }
  if (used > inst.maxVehicles) v.push(`${used} routes used, at most ${inst.maxVehicles} allowed`);
  return { feasible: v.length === 0, cost, routes: used, violations: v };
}
