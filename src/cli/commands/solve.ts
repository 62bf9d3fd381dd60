import { writeFileSync } from 'node:fs';
import { XinzhiError } from '../../core/index.js';
import { readModel, Solver, writeLp, writeMps } from '../../optimize/index.js';
import { action, printJson } from '../context.js';
import { jsonOption } from '../options.js';
import { readInputFile } from './read-input.js';
import { solveOptionsFromFlags } from './solve-options.js';
import type { RegisterCommand } from './types.js';

const MPS_FORMATS = ['auto', 'free', 'fixed'] as const;

/** Statuses without a usable answer: exit code 3 (see the exit-code table in README.md, "Command line"). */
const NO_RESULT = new Set(['infeasible', 'unbounded', 'infeasible_or_unbounded']);

const fmt = (v: number): string => (Math.abs(v) < 1e-12 ? '0' : Number(v.toPrecision(10)).toString());

/** `xinzhi solve <model.lp|model.mps>`: solve an LP/MILP file with HiGHS and explain the result. */
export const register: RegisterCommand = (program, ctx) => {
  program
    .command('solve')
    .description(
      'solve an LP or MILP model file (CPLEX LP or MPS) and report status, objective, values and duals',
    )
    .argument('<model>', 'model file: .lp (CPLEX LP) or .mps (free or fixed MPS)')
    .option('--time-limit <seconds>', 'stop after this many seconds (default: no limit)')
    .option('--mip-gap <gap>', 'relative MIP gap at which to stop (default 1e-4)')
    .option('--write-lp <file>', 'also write the model as read, in CPLEX LP format')
    .option('--write-mps <file>', 'also write the model as read, in free MPS format')
    .option(
      '--mps-format <format>',
      'MPS layout: auto (default: free, else fixed columns as HiGHS does), free or fixed',
    )
    .option('--all', 'list every variable and constraint, not only the nonzero and binding ones')
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, opts) => {
        const format = opts.mpsFormat ?? 'auto';
        if (!(MPS_FORMATS as readonly string[]).includes(format))
          throw new XinzhiError('BAD_INPUT', `--mps-format must be auto, free or fixed, not '${format}'`, {
            field: '--mps-format',
          });
        const p = readModel(readInputFile(file), file, { format: format as (typeof MPS_FORMATS)[number] });
        if (opts.writeLp) writeFileSync(opts.writeLp, writeLp(p));
        if (opts.writeMps) writeFileSync(opts.writeMps, writeMps(p));
        const o = solveOptionsFromFlags(opts);
        const solver = await Solver.load();
        const r = solver.solve(p, o);
        if (NO_RESULT.has(r.status) || (r.status === 'time_limit' && !r.hasSolution)) process.exitCode = 3;
        if (opts.json) {
          printJson(ctx, {
            status: r.status,
            message: r.message,
            objective: r.objective,
            variables: r.variables,
            duals: r.duals,
            reducedCosts: r.reducedCosts,
            slacks: Object.fromEntries(r.constraints.map((c) => [c.name, c.slack])),
            binding: r.binding,
            isMip: r.isMip,
            ...(r.mip ? { mip: r.mip } : {}),
            ...(r.conflict ? { conflict: r.conflict } : {}),
            ...(r.unboundedRay ? { unboundedRay: r.unboundedRay } : {}),
            model: {
              name: p.name,
              variables: p.colNames.length,
              constraints: p.rowNames.length,
              sense: p.sense,
            },
            timeSeconds: r.timeSeconds,
          });
          return;
        }
        const out: string[] = [`${file}: ${r.message}`];
        if (r.hasSolution) {
          out.push('', 'variable            value        reduced cost');
          p.colNames.forEach((n, j) => {
            const v = r.values[j] ?? 0;
            if (!opts.all && Math.abs(v) < 1e-12) return;
            const rc = r.reducedCosts?.[n];
            out.push(
              `${n.padEnd(18)}  ${fmt(v).padStart(11)}  ${rc === undefined ? '' : fmt(rc).padStart(12)}`,
            );
          });
          out.push('', 'constraint          activity     slack        dual (shadow price)');
          for (const c of r.constraints) {
            if (!opts.all && !c.binding) continue;
            out.push(
              `${c.name.padEnd(18)}  ${fmt(c.activity).padStart(11)}  ${fmt(c.slack).padStart(11)}  ${c.dual === null ? '—' : fmt(c.dual).padStart(12)}`,
            );
          }
          if (r.duals)
            out.push(
              '',
              "A dual is the change of the objective if the constraint's bound rose by one unit (0 when it does not bind).",
            );
        }
        ctx.stdout(out.join('\n'));
      }),
    );
};
