/** `xinzhi alarms rules remove <series> <rule>`: drop a rule's setting; its default applies again. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { changeRulesAsCli, ruleName, rulesText } from './rules.js';

export function registerRulesRemove(rules: Command, ctx: CliContext): void {
  withDbAndJson(
    rules
      .command('remove <series> <rule>')
      .description('drop your setting of one rule: its default applies again'),
  ).action(
    action(ctx, async (id, rule, opts) => {
      const r = ruleName(rule);
      const v = await withExistingStore(opts, (s) =>
        changeRulesAsCli(s, id, (cur) => {
          if (!(r in cur))
            throw new XinzhiError('NOT_FOUND', `${id} has no ${r} setting of its own; its default applies`, {
              field: 'rule',
            });
          const { [r]: _, ...rest } = cur;
          return rest;
        }),
      );
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
}
