/**
 * Nelder–Mead simplex minimisation (Lagarias et al. 1998 coefficients: reflection 1, expansion 2,
 * contraction ½, shrink ½). Hand-written because the model fits here have two parameters and a
 * cheap objective; the one maintained npm package for least squares (ml-levenberg-marquardt) needs a
 * smooth model, and the FOPDT fit is only piecewise smooth in the dead time.
 */
export interface NelderMeadResult {
  readonly x: number[];
  readonly f: number;
  readonly iterations: number;
}

export function nelderMead(
  f: (x: readonly number[]) => number,
  start: readonly number[],
  o: { step?: readonly number[]; maxIterations?: number; tolerance?: number } = {},
): NelderMeadResult {
  const n = start.length;
  const maxIt = o.maxIterations ?? 400 * n;
  const tol = o.tolerance ?? 1e-12;
  const pts: number[][] = [start.slice()];
  for (let i = 0; i < n; i++) {
    const p = start.slice();
    p[i] = p[i]! + (o.step?.[i] ?? (Math.abs(p[i]!) > 1e-8 ? 0.1 * Math.abs(p[i]!) : 0.1));
    pts.push(p);
  }
  let vals = pts.map(f);
  let it = 0;
  const order = (): void => {
    const idx = vals.map((_, i) => i).sort((a, b) => vals[a]! - vals[b]!);
    const p2 = idx.map((i) => pts[i]!);
    vals = idx.map((i) => vals[i]!);
    pts.splice(0, pts.length, ...p2);
  };
  const comb = (a: number[], b: number[], t: number): number[] => a.map((v, i) => v + t * (b[i]! - v));
  for (; it < maxIt; it++) {
    order();
    const spread = Math.abs(vals[n]! - vals[0]!);
    if (spread <= tol * (Math.abs(vals[0]!) + tol)) break;
    const centroid = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) centroid[j]! += pts[i]![j]! / n;
    const worst = pts[n]!;
    const xr = comb(centroid, worst, -1);
    const fr = f(xr);
    if (fr < vals[0]!) {
      const xe = comb(centroid, worst, -2);
      const fe = f(xe);
      if (fe < fr) {
        pts[n] = xe;
        vals[n] = fe;
      } else {
        pts[n] = xr;
        vals[n] = fr;
      }
      continue;
    }
    if (fr < vals[n - 1]!) {
      pts[n] = xr;
      vals[n] = fr;
      continue;
    }
    const outside = fr < vals[n]!;
    const xc = outside ? comb(centroid, xr, 0.5) : comb(centroid, worst, 0.5);
    const fc = f(xc);
    if (fc < (outside ? fr : vals[n]!)) {
      pts[n] = xc;
      vals[n] = fc;
      continue;
    }
    for (let i = 1; i <= n; i++) {
      pts[i] = comb(pts[0]!, pts[i]!, 0.5);
      vals[i] = f(pts[i]!);
    }
  }
  order();
  return { x: pts[0]!, f: vals[0]!, iterations: it };
}
