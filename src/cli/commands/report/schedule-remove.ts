/** `xinzhi report schedule remove <id>`: delete a schedule and its delivery log. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption } from '../../options.js';
import { idOf } from './shared.js';

export function registerScheduleRemove(s: Command, ctx: CliContext): void {
  s.command('remove <id>')
    .description('delete a schedule and its delivery log')
    .addOption(dbOption('database file or postgres:// URL'))
    .action(
      action(ctx, async (id, o) => {
        const ok = await withExistingStore(o, (store) => store.reportSchedules.remove(idOf(id)));
        if (!ok) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
        ctx.stdout(`schedule ${id} removed`);
      }),
    );
}
