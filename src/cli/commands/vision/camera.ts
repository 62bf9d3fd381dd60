/** `xinzhi vision camera <asset>`: a registered model watches a camera asset; defects raise alarms. */
import type { Command } from '@commander-js/extra-typings';
import { registeredVisionModel } from '../../../analytics/vision/index.js';
import { XinzhiError } from '../../../core/index.js';
import { putCamera } from '../../../domains/inspection/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { intOpt } from './shared.js';

export function registerCamera(vision: Command, ctx: CliContext): void {
  vision
    .command('camera <asset>')
    .description('map a registered model to a camera asset: its images are classified and defects alarmed')
    .requiredOption('--model <name>', 'registered vision model (its production version is used)')
    .option('--defect <class=threshold...>', 'a defect class and the probability that raises its alarm')
    .option('--severity <level>', 'alarm severity: info, warning, minor, major, critical (default major)')
    .option('--keep <n>', 'images kept for this camera (default 5000)')
    .addOption(dbOption('database file'))
    .addOption(jsonOption('print the mapping as JSON'))
    .action(
      action(ctx, async (asset, opts) => {
        const defects: Record<string, number> = {};
        for (const d of opts.defect ?? []) {
          const eq = d.lastIndexOf('=');
          const p = Number(d.slice(eq + 1));
          if (eq < 1 || !(p >= 0 && p <= 1))
            throw new XinzhiError('BAD_INPUT', `--defect must be class=probability (0…1), got '${d}'`, {
              field: 'defect',
            });
          defects[d.slice(0, eq)] = p;
        }
        const keep = intOpt('keep', opts.keep, 1, 1_000_000);
        await withExistingStore({ db: opts.db }, async (store) => {
          const { model } = await registeredVisionModel(store, opts.model);
          const unknown = Object.keys(defects).filter((c) => !model.classes.includes(c));
          if (unknown.length)
            throw new XinzhiError(
              'BAD_INPUT',
              `model '${opts.model}' has no class ${unknown.join(', ')} (classes: ${model.classes.join(', ')})`,
              { field: 'defect' },
            );
          const cam = await putCamera(store, {
            asset,
            model: opts.model,
            defects,
            ...(opts.severity === undefined ? {} : { severity: opts.severity }),
            ...(keep === undefined ? {} : { keep }),
          });
          if (opts.json) printJson(ctx, cam);
          else
            ctx.stdout(
              `camera ${cam.asset}: model ${cam.model}; alarms on ${
                Object.entries(cam.defects)
                  .map(([c, p]) => `${c} ≥ ${p}`)
                  .join(', ') || 'nothing'
              }`,
            );
        });
      }),
    );
}
