/** `xinzhi jobs list`: jobs, newest first, filtered by state, kind or organisation. */
import type { Command } from '@commander-js/extra-typings';
import { JOB_STATES } from '../../../store/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { pct, stateOf, when } from './shared.js';

export function registerList(jobs: Command, ctx: CliContext): void {
  jobs
    .command('list')
    .description('jobs, newest first')
    .option('--state <state>', `only jobs in this state (${JOB_STATES.join(', ')})`)
    .option('--kind <kind>', 'only jobs of this kind (delivery-plan, production-plan, import)')
    .option('--org <org>', 'only jobs of this organisation')
    .option('--limit <n>', 'at most this many (default 100)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const limit = numberFlag('--limit', opts.limit, { integer: true, positive: true });
        const state = stateOf(opts.state);
        const list = await withStore(opts, (s) =>
          s.jobs.list({
            ...(state ? { state } : {}),
            ...(opts.kind ? { kind: opts.kind } : {}),
            ...(opts.org ? { org: opts.org } : {}),
            ...(limit ? { limit } : {}),
          }),
        );
        if (opts.json) printJson(ctx, { jobs: list.map(({ input: _, result: __, ...j }) => j) });
        else if (list.length === 0) ctx.stdout('no jobs');
        else
          for (const j of list)
            ctx.stdout(
              `${j.id}  ${j.kind.padEnd(15)}  ${j.state.padEnd(9)}  ${pct(j)}  ${when(j.createdAt)}  ${j.submitter.name}@${j.submitter.org}${j.message ? `  ${j.message}` : ''}`,
            );
      }),
    );
}
