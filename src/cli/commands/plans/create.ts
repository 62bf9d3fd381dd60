/** `xinzhi plans create <plan>`: solve a plan file and store it as the planning page does. */
import type { Command } from '@commander-js/extra-typings';
import { manufacturing } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { readInputFile } from '../read-input.js';
import { describePlan, inProcessSolver, planning } from './shared.js';

export function registerCreate(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('create <plan>')
      .description(
        'solve a plan file (YAML or JSON, docs/planning.md) and store it like the planning page does',
      )
      .option('--name <name>', 'name it (default: the name in the file)'),
  ).action(
    action(ctx, async (file, opts) => {
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
}
