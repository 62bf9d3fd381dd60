/** `xinzhi report schedule enable|disable <id>`: turn a schedule on or off. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption } from '../../options.js';
import { idOf } from './shared.js';

export function registerScheduleEnable(s: Command, ctx: CliContext): void {
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    s.command(`${verb} <id>`)
      .description(`${verb} a schedule`)
      .addOption(dbOption('database file or postgres:// URL'))
      .action(
        action(ctx, async (id, o) => {
          const r = await withExistingStore(o, (store) =>
            store.reportSchedules.update(idOf(id), { enabled, now: Date.now() }),
          );
          if (!r) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
          ctx.stdout(`schedule ${r.id} ${enabled ? 'enabled' : 'disabled'}`);
        }),
      );
}
