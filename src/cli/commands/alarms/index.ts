/**
 * `xinzhi alarms`: the alarm list and the operator's actions (acknowledge, shelve, unshelve) and
 * the per-series alarm rules, on the database directly through the same alarm service and rule
 * schema as `/api/v1/alarms` and `/api/v1/series/{id}/alarm-rules`. Alarm state lives in the
 * store, so a running server sees an acknowledgement at once; rule changes reach a running
 * server's live monitor when it restarts (its API reloads them immediately). One file per
 * subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerAck } from './ack.js';
import { registerList } from './list.js';
import { registerRulesAdd } from './rules-add.js';
import { registerRulesList } from './rules-list.js';
import { registerRulesRemove } from './rules-remove.js';
import { registerShelve } from './shelve.js';
import { registerUnshelve } from './unshelve.js';

/** Adds `alarms` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('alarms').description(
    'alarms (list, acknowledge, shelve) and the alarm rules of series',
  );
  registerList(cmd, ctx);
  registerAck(cmd, ctx);
  registerShelve(cmd, ctx);
  registerUnshelve(cmd, ctx);
  const rules = new Command('rules').description(
    'alarm rules of a series: defaults from its metadata, and your overrides (threshold, rate, stuck, missing, anomaly)',
  );
  registerRulesList(rules, ctx);
  registerRulesAdd(rules, ctx);
  registerRulesRemove(rules, ctx);
  cmd.addCommand(rules);
  program.addCommand(cmd);
};
