/** `xinzhi alarms ack <key>`: acknowledge an alarm. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { operateAsCli } from './operate.js';

export function registerAck(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('ack <key>')
      .description('acknowledge an alarm (key: source|condition, as `alarms list` shows)')
      .option('--note <text>', 'a comment kept in the audit log'),
  ).action(
    action(ctx, async (key, opts) => {
      const a = await withExistingStore(opts, (s) => operateAsCli(s, key, 'ack', { note: opts.note }));
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`acknowledged ${a.key}: now ${a.state}`);
    }),
  );
}
