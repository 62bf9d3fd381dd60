/** What the `plans` subcommands share: the `--set` parser, the printed plan, and the planning service. */
import { silentLogger, systemClock, toIso, XinzhiError } from '../../../core/index.js';
import { manufacturing } from '../../../domains/index.js';
import { type SolveOptions, Solver } from '../../../optimize/index.js';
import type { Store } from '../../../store/index.js';

const SET_RE = /^(demand|hours)\.([^@=]+)(?:@([^=]+))?=(.+)$/;

/**
 * One `--set` change: `demand.<product>[@<period>]=<v>` or `hours.<line>[@<period>]=<v>`, where
 * `<v>` is `120` (set to), `+20`/`-20` (add) or `*1.2`/`x1.2` (scale). Setting to a value is
 * "factor 0, delta value" in the API's terms.
 */
export function parseSet(spec: string): { kind: 'demand' | 'hours'; change: Record<string, unknown> } {
  const m = SET_RE.exec(spec.trim());
  if (!m)
    throw new XinzhiError(
      'BAD_INPUT',
      `--set "${spec}": write demand.<product>=<v> or hours.<line>=<v> (optionally @<period>), v = 120, +20, -20 or *1.2`,
      { field: '--set' },
    );
  // A match has every group but the period; the defaults only satisfy the type.
  const [, what, id = '', period, raw = ''] = m;
  const kind = what === 'hours' ? 'hours' : 'demand';
  const v = raw.trim();
  const num = (t: string): number => {
    const n = Number(t);
    if (t.trim() === '' || !Number.isFinite(n))
      throw new XinzhiError('BAD_INPUT', `--set "${spec}": "${v}" is not a number, +n, -n or *n`, {
        field: '--set',
      });
    return n;
  };
  let amount: { delta?: number; factor?: number };
  if (v.startsWith('*') || v.startsWith('x')) {
    const f = num(v.slice(1));
    if (f < 0)
      throw new XinzhiError('BAD_INPUT', `--set "${spec}": a factor must not be negative`, {
        field: '--set',
      });
    amount = { factor: f };
  } else if (v.startsWith('+') || v.startsWith('-')) amount = { delta: num(v) };
  else {
    const to = num(v);
    if (to < 0)
      throw new XinzhiError('BAD_INPUT', `--set "${spec}": a quantity must not be negative`, {
        field: '--set',
      });
    amount = { factor: 0, delta: to };
  }
  const key = kind === 'demand' ? 'product' : 'line';
  return {
    kind,
    change: { [key]: id.trim(), ...(period === undefined ? {} : { period: period.trim() }), ...amount },
  };
}

const money = (p: manufacturing.StoredPlan, v: number | null | undefined): string =>
  v === null || v === undefined
    ? '—'
    : `${p.result.currency}${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

export function describePlan(p: manufacturing.StoredPlan): string {
  const r = p.result;
  const out = [
    `${p.id}  ${p.name}  (${toIso(p.createdAt)}${p.parent ? `, what-if of ${p.parent}` : ''})`,
    `${r.status}: ${r.message}`,
  ];
  if (r.costs)
    out.push(
      `cost: total ${money(p, r.costs.total)} = production ${money(p, r.costs.production)} + overtime ${money(p, r.costs.overtime)} + setups ${money(p, r.costs.setup)} + holding ${money(p, r.costs.holding)} + backlog ${money(p, r.costs.backlog)}`,
    );
  if (r.lines.length > 0) {
    out.push('line  period  used h / regular h  utilisation  production');
    for (const l of r.lines)
      out.push(
        `${l.line.padEnd(5)} ${l.period.padEnd(7)} ${l.usedHours.toFixed(1).padStart(6)} / ${String(l.regularHours).padEnd(9)} ${(l.utilisation === null ? '—' : `${(l.utilisation * 100).toFixed(0)} %`).padStart(11)}  ${l.production.map((x) => `${x.product} ${x.quantity}`).join(', ')}`,
      );
  }
  out.push(...r.sensitivity.map((s) => `· ${s}`));
  if (p.comparison) out.push(`compared with ${p.comparison.base}: ${p.comparison.summary}`);
  return out.join('\n');
}

/** Listing and reading solve nothing: this solver is never called. */
export const noSolver: manufacturing.SolveFn = () => {
  throw new XinzhiError('INTERNAL', 'listing or reading plans does not solve');
};

export async function inProcessSolver(): Promise<manufacturing.SolveFn> {
  const solver = await Solver.load();
  return (p, o: SolveOptions) => solver.solve(p, o);
}

/** The planning service over this process's store and solver (the same service `/api/v1/plans` calls). */
export const planning = (store: Store, solve: manufacturing.SolveFn): manufacturing.PlanningService =>
  manufacturing.createPlanningService({ store, solve, clock: systemClock, logger: silentLogger });
