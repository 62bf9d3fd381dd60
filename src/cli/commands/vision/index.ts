/**
 * `xinzhi vision`: visual inspection models trained on a folder of labelled images.
 *   xinzhi vision train <dir> --out model.json [--register line1-cam] [--json]
 *   xinzhi vision eval <model> <dir> --json
 *   xinzhi vision predict <model> <image…> --json [--heatmap]
 *   xinzhi vision camera <asset> --model line1-cam --defect scratch=0.6 [--defect patch=0.8]
 * `<dir>` holds one sub-folder per class with JPEG or PNG images. Training is a tracked run
 * (`xinzhi runs list|show`); a model argument is a model file or a registered model name
 * (`name@3`: version 3). One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerCamera } from './camera.js';
import { registerEval } from './eval.js';
import { registerPredict } from './predict.js';
import { registerTrain } from './train.js';

/** Adds `vision` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const cmd = new Command('vision').description(
    'visual inspection: train image classifiers on <dir>/<class>/<image>, evaluate, predict with heat maps',
  );
  registerTrain(cmd, ctx);
  registerEval(cmd, ctx);
  registerPredict(cmd, ctx);
  registerCamera(cmd, ctx);
  program.addCommand(cmd);
};
