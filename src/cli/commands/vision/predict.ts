/** `xinzhi vision predict <model> <images...>`: the class of each image, with an optional heatmap. */
import type { Command } from '@commander-js/extra-typings';
import {
  extractFeaturesPooled,
  occlusionHeatmap,
  predictFeatures,
  predictPrepared,
  prepare,
  readImageFile,
  type VisionPrediction,
} from '../../../analytics/vision/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { r4, resolveModel } from './shared.js';

export function registerPredict(vision: Command, ctx: CliContext): void {
  vision
    .command('predict <model> <images...>')
    .description('class, probability and top 3 of each image (JPEG or PNG)')
    .addOption(dbOption('database of the model registry (for a registered model name)'))
    .option('--heatmap', 'add an occlusion-sensitivity heat map (6×6 cells) for the predicted class')
    .addOption(jsonOption('print a JSON list'))
    .action(
      action(ctx, async (ref, images, opts) => {
        const model = await resolveModel(ref, opts.db);
        const row = (image: string, p: VisionPrediction) => ({
          image,
          class: p.class,
          probability: r4(p.probability),
          top: p.top.map(([c, v]) => [c, r4(v)] as [string, number]),
        });
        // Without heat maps only the feature vectors are needed: many images are extracted on
        // a worker pool (same vectors, same predictions as one by one).
        const out = opts.heatmap
          ? images.map((image) => {
              const prepared = prepare(readImageFile(image), model.features);
              const p = predictPrepared(model, prepared);
              return {
                ...row(image, p),
                heatmap: occlusionHeatmap(model, prepared, model.classes.indexOf(p.class)),
              };
            })
          : (
              await extractFeaturesPooled(
                images.map((path) => ({ path })),
                model.features,
              )
            ).map((f, i) => row(images[i]!, predictFeatures(model, f)));
        if (opts.json) printJson(ctx, out);
        else for (const o of out) ctx.stdout(`${o.image}\t${o.class}\t${(o.probability * 100).toFixed(1)} %`);
      }),
    );
}
