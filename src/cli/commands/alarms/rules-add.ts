/** `xinzhi alarms rules add <series> <rule>`: set one rule, replacing its default or earlier setting. */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';
import { changeRulesAsCli, RULES, ruleDoc, ruleName, rulesText } from './rules.js';

export function registerRulesAdd(rules: Command, ctx: CliContext): void {
  withDbAndJson(
    rules
      .command('add <series> <rule>')
      .description(`set one rule (${RULES.join(', ')}), replacing its default or earlier setting`)
      .option('--high <value>', 'threshold: alarm above this (series unit)')
      .option('--low <value>', 'threshold: alarm below this')
      .option('--deadband <value>', 'threshold: clear only this far back inside the limit')
      .option('--max-per-second <value>', 'rate: largest change per second')
      .option('--for <duration>', 'stuck: unchanged this long (at least 1s)')
      .option('--tolerance <value>', 'stuck: changes this small count as unchanged (default 0)')
      .option('--after <duration>', 'missing: silent this long (at least 1s)')
      .option('--severity <level>', 'info, warning, minor, major or critical', 'warning')
      .option('--off', 'turn the rule off for this series'),
  ).action(
    action(ctx, async (id, rule, opts) => {
      const r = ruleName(rule);
      const doc = ruleDoc(r, opts);
      const v = await withExistingStore(opts, (s) =>
        changeRulesAsCli(s, id, (cur) => ({ ...cur, [r]: doc })),
      );
      if (opts.json) printJson(ctx, v);
      else ctx.stdout(rulesText(v));
    }),
  );
}
