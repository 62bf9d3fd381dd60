/** `xinzhi plans show <id>`: a stored plan and, for a what-if, its comparison. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { describePlan, noSolver, planning } from './shared.js';

export function registerShow(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd.command('show <id>').description('a stored plan: its result and, for a what-if, the comparison'),
  ).action(
    action(ctx, async (id, opts) => {
      const p = await withExistingStore(opts, (s) => planning(s, noSolver).get(id));
      if (opts.json) printJson(ctx, p);
      else ctx.stdout(describePlan(p));
    }),
  );
}
