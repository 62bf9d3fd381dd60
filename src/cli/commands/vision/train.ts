/** `xinzhi vision train <dir>`: an inspection model from a folder of labelled images; a tracked run in the store. */
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { promoteModel, registerModel, startRun } from '../../../analytics/runs/index.js';
import {
  DEFAULT_L2_GRID,
  folderFeatures,
  listImageFolder,
  trainVisionModel,
} from '../../../analytics/vision/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { modelDestinations } from '../trained-model.js';
import { intOpt, l2List, r4 } from './shared.js';

export function registerTrain(vision: Command, ctx: CliContext): void {
  vision
    .command('train <dir>')
    .description('train on one sub-folder per class (JPEG/PNG, any size, gray or colour); a tracked run')
    .option('--out <file>', 'write the model as JSON')
    .option('--register <model>', 'add the model to the registry under this name and put it in production')
    .addOption(dbOption('database file for the run record and registry'))
    .option('--name <name>', 'run name (default: the folder name)')
    .option('--folds <k>', 'cross-validation folds that choose the L2 penalty (default 3)')
    .option('--l2 <list>', `L2 penalties tried (default ${DEFAULT_L2_GRID.join(',')})`)
    .addOption(jsonOption('print one JSON object'))
    .action(
      action(ctx, async (dir, opts) => {
        const folds = intOpt('folds', opts.folds, 2, 20);
        const l2Grid = l2List(opts.l2);
        const folder = listImageFolder(dir);
        const log = (t: string): void => {
          if (!opts.json) ctx.stderr(t);
        };
        const bar =
          !opts.json && process.stderr.isTTY === true
            ? new SingleBar({ format: 'features [{bar}] {value}/{total} images', stream: process.stderr })
            : undefined;
        const store = await openStoreFromOptions(opts.db === undefined ? {} : { db: opts.db });
        try {
          const hash = createHash('sha256');
          for (const f of folder.files) hash.update(`${f.label}\0${basename(f.path)}\0`);
          const run = await startRun(store, {
            kind: 'vision',
            name: opts.name ?? basename(resolve(dir)),
            config: {
              model: 'clbp-glcm-hog-softmax',
              classes: folder.classes,
              ...(folds === undefined ? {} : { folds }),
              l2Grid: l2Grid ?? DEFAULT_L2_GRID,
            },
            data: {
              fingerprint: hash.digest('hex'),
              source: basename(resolve(dir)),
              rows: folder.files.length,
            },
          });
          const t0 = performance.now();
          try {
            bar?.start(folder.files.length, 0);
            const data = folderFeatures(folder, undefined, (done) => {
              bar?.update(done);
              if (done % 100 === 0) run.log(done, { images_read: done });
            });
            bar?.stop();
            const featureSeconds = (performance.now() - t0) / 1000;
            log(
              `features of ${data.x.length} images in ${featureSeconds.toFixed(1)} s; choosing L2 by cross-validation`,
            );
            const result = await trainVisionModel(
              data,
              { ...(folds === undefined ? {} : { folds }), ...(l2Grid ? { l2Grid } : {}) },
              (s) => {
                if (s.stage === 'cv') {
                  run.log(s.step, {
                    cv_fold_accuracy: s.accuracy ?? Number.NaN,
                    cv_fold_macro_f1: s.macroF1 ?? Number.NaN,
                    cv_l2: s.l2 ?? Number.NaN,
                  });
                  log(
                    `  cv L2 ${s.l2} fold ${s.fold}: accuracy ${((s.accuracy ?? 0) * 100).toFixed(2)} %, macro F1 ${((s.macroF1 ?? 0) * 100).toFixed(2)} %`,
                  );
                } else if (s.loss !== undefined) run.log(s.step, { fit_loss: s.loss });
              },
            );
            const seconds = (performance.now() - t0) / 1000;
            const model = result.model;
            const json = JSON.stringify(model);
            const artefacts = [];
            if (opts.out) {
              writeFileSync(opts.out, json);
              artefacts.push({
                name: basename(opts.out),
                kind: 'model',
                bytes: Buffer.byteLength(json),
                sha256: createHash('sha256').update(json).digest('hex'),
                path: opts.out,
              });
            }
            const cv = model.cv!;
            const evaluation = {
              cvAccuracy: r4(cv.accuracy),
              cvMacroF1: r4(cv.macro.f1),
              l2: model.l2,
              folds: result.folds,
              support: model.support,
              confusion: cv.confusion,
              labels: cv.labels,
              trainSeconds: seconds,
            };
            const rec = await run.finish({ evaluation, model, artefacts });
            let registered: { name: string; version: number } | undefined;
            if (opts.register) {
              const v = await registerModel(store, opts.register, rec.id);
              await promoteModel(store, opts.register, v.version);
              registered = { name: opts.register, version: v.version };
            }
            const summary = {
              runId: rec.id,
              images: data.x.length,
              classes: model.classes,
              support: model.support,
              l2: model.l2,
              cv: {
                folds: result.folds,
                accuracy: r4(cv.accuracy),
                macroF1: r4(cv.macro.f1),
                grid: result.grid.map((g) => ({
                  l2: g.l2,
                  accuracy: r4(g.accuracy),
                  macroF1: r4(g.macroF1),
                })),
              },
              seconds: Math.round(seconds * 10) / 10,
              model: opts.out ?? null,
              ...(registered ? { registered } : {}),
            };
            if (opts.json) printJson(ctx, summary);
            else
              ctx.stdout(
                `run ${rec.id}: ${data.x.length} images, ${model.classes.length} classes (${model.classes
                  .map((c) => `${c} ${model.support[c]}`)
                  .join(', ')}) in ${summary.seconds} s; ` +
                  `CV accuracy ${(cv.accuracy * 100).toFixed(2)} %, macro F1 ${(cv.macro.f1 * 100).toFixed(2)} % (L2 ${model.l2})` +
                  modelDestinations(opts.out, registered),
              );
          } catch (e) {
            bar?.stop();
            await run.fail(e);
            throw e;
          }
        } finally {
          await store.close();
        }
      }),
    );
}
