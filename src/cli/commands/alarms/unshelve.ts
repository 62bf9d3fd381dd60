/** `xinzhi alarms unshelve <key>`: end the shelving of an alarm now. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { operateAsCli } from './operate.js';

export function registerUnshelve(cmd: Command, ctx: CliContext): void {
  withDbAndJson(cmd.command('unshelve <key>').description('end the shelving of an alarm now')).action(
    action(ctx, async (key, opts) => {
      const a = await withExistingStore(opts, (s) => operateAsCli(s, key, 'unshelve', {}));
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`unshelved ${a.key}: ${a.state}`);
    }),
  );
}
