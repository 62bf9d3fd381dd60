/**
 * `xinzhi plans`: the production plans stored in the database (those the dashboard and
 * `/api/v1/plans` create): list, show, store a new one from a file, and run a what-if against one,
 * stored as a second plan with the comparison, exactly as `POST /api/v1/plans/{id}/what-if` does
 * through the planning service (domains/manufacturing/planning-service.ts), as the routes do.
 * Solving runs in this process.
 */
import { Command } from 'commander';
import { silentLogger, systemClock, toIso, XinzhiError } from '../../core/index.js';
import { manufacturing } from '../../domains/index.js';
import { type SolveOptions, Solver } from '../../optimize/index.js';
import type { Store } from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore, withStore } from '../open-store.js';
import { dbOption, jsonOption, requiredNumberFlag } from '../options.js';
import { readInputFile } from './read-input.js';
import type { RegisterCommand } from './types.js';

interface Common {
  db?: string;
  json?: boolean;
}

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

const collect = (v: string, prev: string[]): string[] => [...prev, v];

const money = (p: manufacturing.StoredPlan, v: number | null | undefined): string =>
  v === null || v === undefined
    ? '—'
    : `${p.result.currency}${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;

function describePlan(p: manufacturing.StoredPlan): string {
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
const noSolver: manufacturing.SolveFn = () => {
  throw new XinzhiError('INTERNAL', 'listing or reading plans does not solve');
};

async function inProcessSolver(): Promise<manufacturing.SolveFn> {
  const solver = await Solver.load();
  return (p, o: SolveOptions) => solver.solve(p, o);
}

/** The planning service over this process's store and solver (the same service `/api/v1/plans` calls). */
const planning = (store: Store, solve: manufacturing.SolveFn): manufacturing.PlanningService =>
  manufacturing.createPlanningService({ store, solve, clock: systemClock, logger: silentLogger });

const common = (c: Command): Command => c.addOption(dbOption()).addOption(jsonOption());

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const cmd = new Command('plans').description(
    'stored production plans (as the dashboard and API keep them): list, show, create, what-if',
  );

  common(
    cmd
      .command('list')
      .description('stored plans, newest first')
      .option('--limit <n>', 'at most this many', '100'),
  ).action(
    action(ctx, async (opts: Common & { limit: string }) => {
      const limit = requiredNumberFlag('--limit', opts.limit, { integer: true, min: 1, max: 1000 });
      const plans = await withExistingStore(opts, (s) => planning(s, noSolver).list(limit));
      if (opts.json) printJson(ctx, { plans });
      else
        ctx.stdout(
          plans.length === 0
            ? 'no stored plans (xinzhi plans create <plan.yaml>, or the planning page)'
            : plans
                .map(
                  (p) =>
                    `${p.id}  ${p.name}  ${p.status}  total ${p.totalCost === null ? '—' : `${p.currency}${p.totalCost.toLocaleString('en-US', { maximumFractionDigits: 2 })}`}  ${toIso(p.createdAt)}${p.parent ? `  (what-if of ${p.parent})` : ''}`,
                )
                .join('\n'),
        );
    }),
  );

  common(
    cmd.command('show <id>').description('a stored plan: its result and, for a what-if, the comparison'),
  ).action(
    action(ctx, async (id: string, opts: Common) => {
      const p = await withExistingStore(opts, (s) => planning(s, noSolver).get(id));
      if (opts.json) printJson(ctx, p);
      else ctx.stdout(describePlan(p));
    }),
  );

  common(
    cmd
      .command('create <plan>')
      .description(
        'solve a plan file (YAML or JSON, docs/planning.md) and store it like the planning page does',
      )
      .option('--name <name>', 'name it (default: the name in the file)'),
  ).action(
    action(ctx, async (file: string, opts: Common & { name?: string }) => {
      // Parsed here so that problems name the file; the service applies the name and solves.
      const parsed = manufacturing.parsePlanText(readInputFile(file), file);
      if (!parsed.ok) throw manufacturing.planProblem(parsed.issues, file);
      const solve = await inProcessSolver();
      const doc = await withStore(opts, (store) =>
        planning(store, solve).create({ plan: parsed.value, name: opts.name }),
      );
      if (doc.result.costs === null) process.exitCode = 3;
      if (opts.json) printJson(ctx, doc);
      else ctx.stdout(describePlan(doc));
    }),
  );

  common(
    cmd
      .command('whatif <id>')
      .description(
        'change demand or line hours of a stored plan, solve it and compare; the result is stored too',
      )
      .option(
        '--set <change>',
        'demand.<product>[@<period>]=<v> or hours.<line>[@<period>]=<v>; v: 120 (set), +20/-20 (add), *1.2 (scale); repeatable',
        collect,
        [],
      )
      .option('--name <name>', 'name of the what-if plan'),
  ).action(
    action(ctx, async (id: string, opts: Common & { set: string[]; name?: string }) => {
      if (opts.set.length === 0)
        throw new XinzhiError('BAD_INPUT', 'give at least one --set change, e.g. --set demand.P1=+20', {
          field: '--set',
        });
      const scenario: manufacturing.ScenarioInput = {
        ...(opts.name === undefined ? {} : { name: opts.name }),
      };
      const demand: NonNullable<manufacturing.ScenarioInput['demand']> = [];
      const lineHours: NonNullable<manufacturing.ScenarioInput['lineHours']> = [];
      for (const spec of opts.set) {
        const { kind, change } = parseSet(spec);
        if (kind === 'demand') demand.push(change as { product: string });
        else lineHours.push(change as { line: string });
      }
      if (demand.length > 0) scenario.demand = demand;
      if (lineHours.length > 0) scenario.lineHours = lineHours;
      const solve = await inProcessSolver();
      const doc = await withExistingStore(opts, (store) => planning(store, solve).whatIf(id, scenario));
      if (doc.result.costs === null) process.exitCode = 3;
      if (opts.json) printJson(ctx, doc);
      else ctx.stdout(describePlan(doc));
    }),
  );
  program.addCommand(cmd);
};
