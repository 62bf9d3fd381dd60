/** `xinzhi report schedule log`: the delivery log of the schedules. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { idOf } from './shared.js';

export function registerScheduleLog(s: Command, ctx: CliContext): void {
  s.command('log')
    .description('the delivery log, newest first')
    .option('--schedule <id>', 'one schedule')
    .option('--limit <n>', 'at most this many', '50')
    .addOption(dbOption('database file or postgres:// URL'))
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (o) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new XinzhiError('BAD_INPUT', '--limit must be a positive integer', { field: '--limit' });
        const list = await withExistingStore(o, (store) =>
          store.reportSchedules.deliveries({
            ...(o.schedule === undefined ? {} : { scheduleId: idOf(o.schedule) }),
            limit,
          }),
        );
        if (o.json) printJson(ctx, { deliveries: list });
        else if (list.length === 0) ctx.stdout('no deliveries yet');
        else
          for (const d of list)
            ctx.stdout(
              `${new Date(d.slot).toISOString()}  #${d.scheduleId}  ${d.state.padEnd(9)} ×${d.attempts}  ${d.target}${d.error ? `  ${d.error}` : ''}`,
            );
      }),
    );
}
