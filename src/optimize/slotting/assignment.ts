/**
 * Minimum-cost assignment of n rows to distinct columns of an n × m matrix (n ≤ m) by shortest
 * augmenting paths with potentials (Kuhn–Munkres in the O(n²·m) form of Jonker & Volgenant 1987).
 * Exact and polynomial, so slotting needs no LP engine. Written here (about 50 lines over flat
 * Float64Arrays) rather than adding a package: the npm implementations take nested arrays and the
 * project's dependency set is fixed for this engine.
 */
export interface Assignment {
  /** Column assigned to each row. */
  readonly columnOf: Int32Array;
  readonly cost: number;
}

/** `cost` is row-major n × m; Infinity marks a forbidden pair. Returns undefined if none exists. */
export function solveAssignment(cost: Float64Array, n: number, m: number): Assignment | undefined {
  if (n > m) return undefined;
  const INF = Number.POSITIVE_INFINITY;
  // Forbidden pairs get a cost above any feasible assignment so the search stays finite.
  let maxFinite = 0;
  for (let k = 0; k < cost.length; k++)
    if (cost[k]! < INF && Math.abs(cost[k]!) > maxFinite) maxFinite = Math.abs(cost[k]!);
  const BIG = (maxFinite + 1) * (n + 1);
  const u = new Float64Array(n + 1);
  const v = new Float64Array(m + 1);
  const rowOfCol = new Int32Array(m + 1); // 1-based row matched to column j, 0 = free
  const way = new Int32Array(m + 1);
  const minv = new Float64Array(m + 1);
  const used = new Uint8Array(m + 1);
  const c = (i: number, j: number): number => {
    const x = cost[(i - 1) * m + (j - 1)]!;
    return x === INF ? BIG : x;
  };
  for (let i = 1; i <= n; i++) {
    rowOfCol[0] = i;
    let j0 = 0;
    minv.fill(INF);
    used.fill(0);
    do {
      used[j0] = 1;
      const i0 = rowOfCol[j0]!;
      let delta = INF;
      let j1 = 0;
      for (let j = 1; j <= m; j++) {
        if (used[j]) continue;
        const cur = c(i0, j) - u[i0]! - v[j]!;
        if (cur < minv[j]!) {
          minv[j] = cur;
          way[j] = j0;
        }
        if (minv[j]! < delta) {
          delta = minv[j]!;
          j1 = j;
        }
      }
      for (let j = 0; j <= m; j++) {
        if (used[j]) {
          const r = rowOfCol[j]!;
          u[r] = u[r]! + delta;
          v[j] = v[j]! - delta;
        } else minv[j] = minv[j]! - delta;
      }
      j0 = j1;
    } while (rowOfCol[j0] !== 0);
    do {
      const j1 = way[j0]!;
      rowOfCol[j0] = rowOfCol[j1]!;
      j0 = j1;
    } while (j0 !== 0);
  }
  const columnOf = new Int32Array(n);
  let total = 0;
  for (let j = 1; j <= m; j++) {
    const i = rowOfCol[j]!;
    if (i === 0) continue;
    const x = cost[(i - 1) * m + (j - 1)]!;
    if (x === INF) return undefined;
    columnOf[i - 1] = j - 1;
    total += x;
  }
  return { columnOf, cost: total };
}
