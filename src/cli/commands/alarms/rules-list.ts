/** `xinzhi alarms rules list <series>`: the rules that apply, and which are overridden. */
import type { Command } from '@commander-js/extra-typings';
import { monitoring } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { rulesText } from './rules.js';

export function registerRulesList(rules: Command, ctx: CliContext): void {
  withDbAndJson(
    rules.command('list <series>').description('the rules that apply, and which are overridden'),
  ).action(
    action(ctx, async (id, opts) => {
      const v = await withExistingStore(opts, (s) => monitoring.monitorRules(s, id));
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
}
