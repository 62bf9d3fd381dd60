/** `xinzhi jobs cancel <id>`: cancel a queued or running job. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import type { JobRecord } from '../../../store/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { mustGet } from './shared.js';

export function registerCancel(jobs: Command, ctx: CliContext): void {
  jobs
    .command('cancel <id>')
    .description('cancel a queued or running job (its worker stops at its next heartbeat)')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (id, opts) => {
        const before = await mustGet(opts, id);
        if (before.state !== 'queued' && before.state !== 'running')
          throw new XinzhiError('CONFLICT', `job '${id}' has already ${before.state}`, { field: 'id' });
        const j = (await withStore(opts, (s) => s.jobs.cancel(id, Date.now()))) as JobRecord;
        if (opts.json) printJson(ctx, { id: j.id, state: j.state });
        else ctx.stdout(`job ${j.id} ${j.state}`);
      }),
    );
}
