/** `xinzhi plans whatif <id>`: change a stored plan's demand or hours, solve, compare and store. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import type { manufacturing } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { collect, withDbAndJson } from '../../options.js';
import { describePlan, inProcessSolver, parseSet, planning } from './shared.js';

export function registerWhatif(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
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
    action(ctx, async (id, opts) => {
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
}
