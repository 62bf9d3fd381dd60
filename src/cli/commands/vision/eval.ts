/** `xinzhi vision eval <model> <dir>`: a model's report on a folder of labelled images. */
import type { Command } from '@commander-js/extra-typings';
import {
  classificationReport,
  formatReport,
  listImageFolder,
  predictPrepared,
  prepare,
  readImageFile,
} from '../../../analytics/vision/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { r4, resolveModel } from './shared.js';

export function registerEval(vision: Command, ctx: CliContext): void {
  vision
    .command('eval <model> <dir>')
    .description(
      'accuracy, per-class precision/recall/F1, macro averages and the confusion matrix on <dir>/<class>/…',
    )
    .addOption(dbOption('database of the model registry (for a registered model name)'))
    .addOption(jsonOption('print the report as JSON'))
    .action(
      action(ctx, async (ref, dir, opts) => {
        const model = await resolveModel(ref, opts.db);
        const folder = listImageFolder(dir);
        const unknown = folder.classes.filter((c) => !model.classes.includes(c));
        if (unknown.length)
          throw new XinzhiError(
            'BAD_INPUT',
            `class folder(s) the model does not know: ${unknown.join(', ')} (model classes: ${model.classes.join(', ')})`,
            { field: 'dir' },
          );
        const t0 = performance.now();
        const truth: number[] = [];
        const pred: number[] = [];
        for (const f of folder.files) {
          const p = predictPrepared(model, prepare(readImageFile(f.path), model.features));
          truth.push(model.classes.indexOf(folder.classes[f.label]!));
          pred.push(model.classes.indexOf(p.class));
        }
        const seconds = (performance.now() - t0) / 1000;
        const report = classificationReport(truth, pred, model.classes);
        if (opts.json)
          printJson(ctx, {
            images: report.images,
            accuracy: report.accuracy,
            macro: report.macro,
            classes: report.classes,
            labels: report.labels,
            confusion: report.confusion,
            seconds: r4(seconds),
            imagesPerSecond: Math.round(report.images / Math.max(seconds, 1e-9)),
          });
        else ctx.stdout(formatReport(report));
      }),
    );
}
