/**
 * `xinzhi plans`: the production plans stored in the database (those the dashboard and
 * `/api/v1/plans` create): list, show, store a new one from a file, and run a what-if against one,
 * stored as a second plan with the comparison, exactly as `POST /api/v1/plans/{id}/what-if` does
 * through the planning service (domains/manufacturing/planning-service.ts), as the routes do.
 * Solving runs in this process. One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCreate } from './create.js';
import { registerList } from './list.js';
import { registerShow } from './show.js';
import { registerWhatif } from './whatif.js';

/** Adds `plans` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('plans').description(
    'stored production plans (as the dashboard and API keep them): list, show, create, what-if',
  );
  registerList(cmd, ctx);
  registerShow(cmd, ctx);
  registerCreate(cmd, ctx);
  registerWhatif(cmd, ctx);
  program.addCommand(cmd);
};
