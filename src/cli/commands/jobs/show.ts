/** `xinzhi jobs show <id>`: one job's state, progress and result. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { mustGet, pct, when } from './shared.js';

export function registerShow(jobs: Command, ctx: CliContext): void {
  jobs
    .command('show <id>')
    .description('one job: input, progress, attempts, result or error')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const j = await mustGet(opts, id);
        if (opts.json) {
          printJson(ctx, j);
          return;
        }
        ctx.stdout(`${j.id} (${j.kind}, ${j.state}) ${pct(j).trim()}${j.message ? ` ${j.message}` : ''}`);
        ctx.stdout(`  by ${j.submitter.name} (${j.submitter.role}) in ${j.submitter.org}`);
        ctx.stdout(
          `  queued ${when(j.createdAt)}  started ${when(j.startedAt)}  finished ${when(j.finishedAt)}`,
        );
        ctx.stdout(`  attempts ${j.attempts}/${j.maxAttempts}  worker ${j.worker ?? '-'}`);
        if (j.error) ctx.stdout(`  error ${j.error.field ? `${j.error.field}: ` : ''}${j.error.message}`);
        if (j.result !== null) ctx.stdout(`  result ${JSON.stringify(j.result).slice(0, 2000)}`);
      }),
    );
}
