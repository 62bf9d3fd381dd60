/** `xinzhi alarms shelve <key> --for <duration>`: shelve an alarm for a while. */
import type { Command } from '@commander-js/extra-typings';
import { MAX_SHELVE_MS } from '../../../analytics/index.js';
import { parseDuration, systemClock, toIso, XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { operateAsCli } from './operate.js';

export function registerShelve(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('shelve <key>')
      .description('shelve an alarm for a while: still recorded, nobody is notified')
      .requiredOption('--for <duration>', 'how long: 30m, 2h, 1d (at most 7d)')
      .option('--reason <text>', 'why, kept in the audit log'),
  ).action(
    action(ctx, async (key, opts) => {
      const d = parseDuration(opts.for);
      if (d === undefined || d <= 0 || d > MAX_SHELVE_MS)
        throw new XinzhiError(
          'BAD_INPUT',
          `--for must be a duration from 1s to 7d like 30m or 2h, not "${opts.for}"`,
          {
            field: '--for',
          },
        );
      const a = await withExistingStore(opts, (s) =>
        operateAsCli(s, key, 'shelve', { note: opts.reason, until: systemClock.now() + d }),
      );
      if (opts.json) printJson(ctx, a);
      else ctx.stdout(`shelved ${a.key} until ${toIso(a.shelvedUntil!)}`);
    }),
  );
}
