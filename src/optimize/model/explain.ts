/** Sentences for results: what happened, in words a plant manager can act on. */
import type { ConflictItem, SolveResult } from './solve-result.js';

const fmt = (v: number): string =>
  v === Number.POSITIVE_INFINITY
    ? '∞'
    : v === Number.NEGATIVE_INFINITY
      ? '−∞'
      : Number(v.toPrecision(10)).toString();

/** The bounds as the model states them; infinite sides are left out. */
function bounded(c: ConflictItem): string {
  const lo = Number.isFinite(c.lower);
  const hi = Number.isFinite(c.upper);
  if (lo && hi) return `${fmt(c.lower)} ≤ ${c.name} ≤ ${fmt(c.upper)}`;
  if (lo) return `${c.name} ≥ ${fmt(c.lower)}`;
  if (hi) return `${c.name} ≤ ${fmt(c.upper)}`;
  return `${c.name} (free)`;
}

function describe(c: ConflictItem): string {
  if (c.lower === c.upper) return `${c.name} = ${fmt(c.lower)}`;
  switch (c.side) {
    case 'lower':
      return Number.isFinite(c.lower) ? `${c.name} ≥ ${fmt(c.lower)}` : bounded(c);
    case 'upper':
      return Number.isFinite(c.upper) ? `${c.name} ≤ ${fmt(c.upper)}` : bounded(c);
    default:
      // HiGHS marks a bound it did not pin down as 'free'; the reader still needs the real limits.
      return bounded(c);
  }
}

export function conflictExplanation(
  constraints: readonly ConflictItem[],
  bounds: readonly ConflictItem[],
  mip: boolean,
): string {
  if (constraints.length === 0 && bounds.length === 0)
    return mip
      ? 'HiGHS found no conflicting subset among the constraints of the continuous relaxation: the model becomes infeasible only because some variables must be whole numbers (or the search was limited).'
      : 'HiGHS proved the model infeasible but could not isolate a small conflicting subset.';
  const parts = [
    constraints.length > 0 ? `constraints ${constraints.map(describe).join(', ')}` : '',
    bounds.length > 0 ? `variable bounds ${bounds.map(describe).join(', ')}` : '',
  ].filter((x) => x !== '');
  return `These cannot all hold at once: ${parts.join('; with ')}. Relax at least one of them (for example more capacity, less demand, or a looser limit).`;
}

/** One or two sentences summarising a result. */
export function statusMessage(r: SolveResult): string {
  const obj = r.objective === null ? '' : ` Objective ${fmt(r.objective)}.`;
  switch (r.status) {
    case 'optimal':
      return r.isMip && r.mip && r.mip.gap > 0
        ? `Optimal within the MIP gap (${(r.mip.gap * 100).toPrecision(3)} %).${obj}`
        : `Optimal.${obj}${r.binding.length > 0 ? ` ${r.binding.length} constraint(s) binding.` : ''}`;
    case 'infeasible':
      return `Infeasible: no plan satisfies every constraint. ${r.conflict?.explanation ?? ''}`.trim();
    case 'unbounded':
      return 'Unbounded: the objective improves without limit, so a limit (a capacity, a bound or a demand) is missing.';
    case 'infeasible_or_unbounded':
      return 'Infeasible or unbounded: HiGHS could not tell which.';
    case 'time_limit':
      return r.hasSolution
        ? `Stopped at the time limit with a feasible solution${r.mip ? ` (gap ${(r.mip.gap * 100).toPrecision(3)} %)` : ''}.${obj}`
        : 'Stopped at the time limit before any feasible solution was found.';
    case 'iteration_limit':
      return `Stopped at the iteration limit.${obj}`;
    default:
      return `Solver finished with status ${r.status}.${obj}`;
  }
}
