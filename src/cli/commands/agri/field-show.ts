/** `xinzhi agri field show`: a field asset's stored settings. */
import type { Command } from 'commander';
import { agriculture as agri } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerFieldShow(field: Command, ctx: CliContext): void {
  field
    .command('show')
    .requiredOption('--field <asset>', 'field asset id')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts: { field: string; db?: string; json?: boolean }) => {
        const store = await openStoreFromOptions({ db: opts.db });
        try {
          const p = await agri.getFieldParams(store, opts.field);
          if (opts.json) return printJson(ctx, { field: opts.field, params: p });
          ctx.stdout(JSON.stringify(p, null, 2));
        } finally {
          await store.close();
        }
      }),
    );
}
