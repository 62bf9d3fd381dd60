/**
 * `xinzhi collab …`: supply-chain collaboration (docs/collaboration.md); one file per subcommand.
 *   collab agree <game.json> --method shapley|nucleolus   every partner signs the split; it goes on the ledger
 *   collab verify <bundle.json>                           re-solve the game and check every signature offline
 *   collab delivery <input.json>                          shared delivery: route every coalition, split the saving
 *   collab capacity <input.json>                          pooled capacity: joint LP plan, Owen shares vs Shapley
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerAgree } from './agree.js';
import { registerCapacity } from './capacity.js';
import { registerDelivery } from './delivery.js';
import { registerVerify } from './verify.js';

/** Adds `collab` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const collab = program
    .command('collab')
    .description('supply-chain collaboration: fair shares of joint savings, agreed on the ledger');
  registerAgree(collab, ctx);
  registerVerify(collab, ctx);
  registerDelivery(collab, ctx);
  registerCapacity(collab, ctx);
};
