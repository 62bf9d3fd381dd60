/**
 * `xinzhi runs …`: tracked training runs and the model registry (analytics/runs). One file per
 * subcommand.
 *
 *   xinzhi runs list [--kind rul] --json          xinzhi runs show <id> --json
 *   xinzhi runs models --json                     xinzhi runs register <model> <runId>
 *   xinzhi runs promote <model> <version>         xinzhi runs rollback <model>
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerList } from './list.js';
import { registerModels } from './models.js';
import { registerPromote } from './promote.js';
import { registerRegister } from './register.js';
import { registerRollback } from './rollback.js';
import { registerShow } from './show.js';

/** Adds `runs` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const runs = new Command('runs').description('tracked training runs and the model registry');
  registerList(runs, ctx);
  registerShow(runs, ctx);
  registerModels(runs, ctx);
  registerRegister(runs, ctx);
  registerPromote(runs, ctx);
  registerRollback(runs, ctx);
  program.addCommand(runs);
};
