import { basename } from 'node:path';
import {
  comparePlans,
  type PlanResult,
  parsePlanText,
  planOrThrow,
  solvePlan,
} from '../../domains/manufacturing/index.js';
import { type SolveOptions, Solver } from '../../optimize/index.js';
import { action, printJson } from '../context.js';
import { jsonOption } from '../options.js';
import { readInputFile } from './read-input.js';
import { solveOptionsFromFlags } from './solve-options.js';
import type { RegisterCommand } from './types.js';

/** A plan with a production schedule to show; anything else exits 3 (no result). */
const answered = (p: PlanResult): boolean => p.costs !== null && p.costs !== undefined;

/** Both plans' names for the compare line: the file names too when the plans are named alike. */
function distinct(a: PlanResult, b: PlanResult, fileA: string, fileB: string): [PlanResult, PlanResult] {
  if (a.name !== b.name) return [a, b];
  return [
    { ...a, name: `${a.name} (${basename(fileA)})` },
    { ...b, name: `${b.name} (${basename(fileB)})` },
  ];
}

function render(plan: PlanResult): string {
  const out = [`${plan.name}: ${plan.message}`];
  if (plan.costs) {
    const c = plan.costs;
    const m = (v: number): string =>
      `${plan.currency}${v.toLocaleString('en-US', { maximumFractionDigits: 2 })}`;
    out.push(
      '',
      `cost: total ${m(c.total)} = production ${m(c.production)} + overtime ${m(c.overtime)} + setups ${m(c.setup)} + holding ${m(c.holding)} + backlog ${m(c.backlog)}`,
      '',
      'line  period  used h  / regular h  overtime h  utilisation  shadow price  production',
    );
    for (const l of plan.lines)
      out.push(
        `${l.line.padEnd(5)} ${l.period.padEnd(7)} ${l.usedHours.toFixed(1).padStart(7)}  ${String(l.regularHours).padStart(10)}  ${l.overtimeHours.toFixed(1).padStart(10)}  ${`${(l.utilisation * 100).toFixed(0)} %`.padStart(11)}  ${(l.shadowPrice === null ? '—' : l.shadowPrice.toFixed(2)).padStart(12)}  ${l.production.map((p) => `${p.product} ${p.quantity}`).join(', ')}`,
      );
    out.push('', ...plan.sensitivity.map((s) => `· ${s}`));
  }
  return out.join('\n');
}

/** `xinzhi plan <plan.yaml|plan.json>`: solve a production plan and explain it. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('plan')
    .description('solve a production-planning problem (JSON or YAML, see docs/planning.md)')
    .argument('<plan>', 'plan file (.yaml, .yml or .json)')
    .option('--compare <plan>', 'a second plan (e.g. more capacity) to solve and compare side by side')
    .option(
      '--time-limit <seconds>',
      'stop after this many seconds (default: the plan file option, else no limit)',
    )
    .option('--mip-gap <gap>', 'relative MIP gap (default: the plan file option, else 1e-4)')
    .option(
      '--whole-units',
      'produce whole units only (integer production, solved as a MILP); same as options.wholeUnits',
    )
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, opts) => {
        const o = solveOptionsFromFlags(opts);
        const solver = await Solver.load();
        const solve = (p: Parameters<Solver['solve']>[0], so: SolveOptions) => solver.solve(p, so);
        const load = (f: string) => {
          const input = planOrThrow(parsePlanText(readInputFile(f), f));
          return opts.wholeUnits ? { ...input, options: { ...input.options, wholeUnits: true } } : input;
        };
        const solved = await solvePlan(load(file), solve, o);
        if (opts.compare) {
          const [plan, alt] = distinct(
            solved,
            await solvePlan(load(opts.compare), solve, o),
            file,
            opts.compare,
          );
          const cmp = comparePlans(plan, alt);
          if (!answered(cmp.base) || !answered(cmp.alternative)) process.exitCode = 3;
          if (opts.json) printJson(ctx, cmp);
          else ctx.stdout([render(plan), '', render(alt), '', cmp.summary].join('\n'));
          return;
        }
        const plan = solved;
        if (!answered(plan)) process.exitCode = 3;
        if (opts.json) printJson(ctx, plan);
        else ctx.stdout(render(plan));
      }),
    );
};
