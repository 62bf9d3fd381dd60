/** `xinzhi alarms rules list <series>`: the rules that apply, and which are overridden. */
import type { Command } from 'commander';
import { monitoring } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { type Common, common } from './options.js';
import { rulesText } from './rules.js';

export function registerRulesList(rules: Command, ctx: CliContext): void {
  common(rules.command('list <series>').description('the rules that apply, and which are overridden')).action(
    action(ctx, async (id: string, opts: Common) => {
      const v = await withExistingStore(opts, (s) => monitoring.monitorRules(s, id));
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
}
