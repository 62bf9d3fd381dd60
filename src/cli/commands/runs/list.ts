/** `xinzhi runs list`: runs, newest first. */
import type { Command } from '@commander-js/extra-typings';
import { listRuns } from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { when } from './options.js';

export function registerList(runs: Command, ctx: CliContext): void {
  runs
    .command('list')
    .description('runs, newest first')
    .option('--kind <kind>', 'only runs of this kind (e.g. rul)')
    .option('--limit <n>', 'at most this many')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const limit = numberFlag('--limit', opts.limit, { integer: true, positive: true });
        const list = await withStore(opts, (s) =>
          listRuns(s, { ...(opts.kind ? { kind: opts.kind } : {}), ...(limit ? { limit } : {}) }),
        );
        if (opts.json) printJson(ctx, { runs: list });
        else if (list.length === 0) ctx.stdout('no runs');
        else
          for (const r of list)
            ctx.stdout(
              `${r.id}  ${r.kind}  ${r.status.padEnd(8)}  ${when(r.startedAt)}  ${r.name}  ${JSON.stringify(r.evaluation)}`,
            );
      }),
    );
}
