/**
 * `xinzhi agri`: FAO-56 ET0 from a weather CSV, degree days and pest alerts, and the irrigation
 * schedule of fields described in a JSON file. Thin adapter over src/domains/agriculture.
 */
import type { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerEt0 } from './et0.js';
import { registerFertilise } from './fertilise.js';
import { registerFieldSet } from './field-set.js';
import { registerFieldShow } from './field-show.js';
import { registerGdd } from './gdd.js';
import { registerIrrigate } from './irrigate.js';
import { registerPests } from './pests.js';
import { registerSchedule } from './schedule.js';

/** Adds `agri` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const agriCmd = program
    .command('agri')
    .description('agriculture: FAO-56 ET0, irrigation, degree days and pests');
  registerEt0(agriCmd, ctx);
  registerGdd(agriCmd, ctx);
  registerIrrigate(agriCmd, ctx);
  registerFertilise(agriCmd, ctx);
  registerSchedule(agriCmd, ctx);
  const field = agriCmd.command('field').description("a field asset's crop, soil and sensor settings");
  registerFieldSet(field, ctx);
  registerFieldShow(field, ctx);
  registerPests(agriCmd, ctx);
};
