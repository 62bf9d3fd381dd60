/**
 * `xinzhi route <instance.vrp|solomon.txt>`: solves a CVRP/VRPTW instance with the hybrid genetic
 * search in a worker thread. `--json` prints { cost, routes, feasible, time_s } with customer ids
 * as numbered in the file (depot excluded); `--sol` writes a CVRPLIB .sol file.
 * `xinzhi route plan orders.csv --vans vans.csv` (route-plan.ts) is its subcommand: commander runs
 * it when the first argument is `plan`, and this action for anything else.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Command } from '@commander-js/extra-typings';
import { Presets, SingleBar } from 'cli-progress';
import { EXIT_CODES, type Issue, issuesError, type Result, XinzhiError } from '../../core/index.js';
import {
  checkSolution,
  parseSolomon,
  parseVrp,
  type RoutingInstance,
  solveInWorker,
  writeSol,
} from '../../optimize/routing/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption, numberFlag, requiredNumberFlag } from '../options.js';
import { registerRoutePlan } from './route-plan.js';

function unwrap<T>(r: Result<T>, file: string): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    field: r.issues[0]?.where ? `${file} ${r.issues[0].where}` : file,
    fallback: file,
    detail: `${file}: ${r.issues.length} problem(s): ${list.join('; ')}`,
  });
}

export const register = (program: Command, ctx: CliContext): void => {
  const route = program
    .command('route <instance>')
    .description(
      'solve a CVRPLIB .vrp or Solomon VRPTW instance (hybrid genetic search); `route plan`: deliveries from CSV files',
    )
    .option('--time-limit <s>', 'search time in seconds', '10')
    .option('--seed <n>', 'random seed', '1')
    .option('--max-vehicles <k>', 'at most k routes (k of A/P instance names)')
    .option('--rounding <mode>', 'Euclidean rounding: nint | none (default: nint, none for CMT)')
    .option('--sol <file>', 'also write the solution as a CVRPLIB .sol file')
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, o) => {
        let text: string;
        try {
          text = readFileSync(file, 'utf8');
        } catch (e) {
          throw new XinzhiError('NOT_FOUND', `cannot read ${file}: ${(e as Error).message}`, {
            field: 'instance',
            cause: e,
          });
        }
        const timeLimitS = numberFlag('--time-limit', o.timeLimit, { positive: true })!;
        const seed = requiredNumberFlag('--seed', o.seed, { integer: true });
        const maxVehicles = numberFlag('--max-vehicles', o.maxVehicles, { positive: true, integer: true });
        if (o.rounding !== undefined && o.rounding !== 'nint' && o.rounding !== 'none')
          throw new XinzhiError('BAD_INPUT', '--rounding must be nint or none', { field: '--rounding' });
        const isVrp = /^\s*NAME\s*:/m.test(text) || /_SECTION/.test(text);
        const inst: RoutingInstance = isVrp
          ? unwrap(
              parseVrp(text, {
                ...(maxVehicles !== undefined ? { maxVehicles } : {}),
                ...(o.rounding ? { rounding: o.rounding as 'nint' | 'none' } : {}),
              }),
              file,
            ).instance
          : unwrap(parseSolomon(text, maxVehicles !== undefined ? { maxVehicles } : {}), file);
        const bar =
          process.stderr.isTTY && !o.json
            ? new SingleBar(
                { format: 'routing [{bar}] {value}/{total} s  best {best}', hideCursor: true },
                Presets.shades_classic,
              )
            : undefined;
        bar?.start(Math.ceil(timeLimitS), 0, { best: '—' });
        const started = performance.now();
        const timer = bar
          ? setInterval(() => bar.update(Math.floor((performance.now() - started) / 1000)), 250)
          : undefined;
        const res = await solveInWorker(inst, {
          timeLimitS,
          seed,
          onImprovement: (c) => bar?.update({ best: c.toFixed(2) }),
        }).finally(() => {
          if (timer) clearInterval(timer);
          bar?.stop();
        });
        const chk = checkSolution(inst, res.routes);
        const routes = res.routes.map((r) => r.map((c) => inst.labels[c]!));
        if (o.sol) {
          // CVRPLIB numbers customers from 1 with the depot as 0: the position in the file order.
          writeFileSync(
            o.sol,
            writeSol(res.routes, isVrp && chk.cost % 1 === 0 ? chk.cost : Number(chk.cost.toFixed(2))),
          );
        }
        const out = { cost: chk.cost, routes, feasible: chk.feasible, time_s: res.stats.timeS };
        if (o.json) printJson(ctx, out);
        else {
          ctx.stdout(
            `${inst.name}: cost ${chk.cost}, ${routes.length} routes, ${chk.feasible ? 'feasible' : 'INFEASIBLE'} (${res.stats.timeS.toFixed(1)} s)`,
          );
          routes.forEach((r, i) => {
            ctx.stdout(`Route #${i + 1}: ${r.join(' ')}`);
          });
          for (const v of chk.violations) ctx.stderr(`violation: ${v}`);
        }
        if (!chk.feasible) process.exitCode = EXIT_CODES.NO_RESULT;
      }),
    );
  registerRoutePlan(route, ctx);
};
