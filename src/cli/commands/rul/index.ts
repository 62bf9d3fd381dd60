/**
 * `xinzhi rul …`: remaining-useful-life models on run-to-failure data, in NASA's C-MAPSS text
 * format or a generic CSV (a unit column, a cycle column, numeric sensor columns with any names).
 *
 *   xinzhi rul train --data train_FD001.txt [--out model.json] [--register rul-fd001] --json
 *   xinzhi rul train --data pumps.csv [--unit-col pump --cycle-col hours] --register pumps --json
 *   xinzhi rul predict --model rul-fd001 --data test_FD001.txt [--truth RUL_FD001.txt] --json
 *   xinzhi rul predict --model pumps@2 --data pumps-now.csv --json      (or --model model.json)
 *
 * Every training is a tracked run in the store (`xinzhi runs list|show`); `--model <name>` reads
 * the registry's production version (`name@3`: version 3). One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';

/** Adds `rul` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('rul').description(
    'remaining useful life: train and predict (NASA C-MAPSS text or a unit,cycle,sensors CSV)',
  );
  registerTrain(cmd, ctx);
  registerPredict(cmd, ctx);
  program.addCommand(cmd);
};
