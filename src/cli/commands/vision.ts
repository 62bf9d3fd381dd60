/**
 * `xinzhi vision`: visual inspection models trained on a folder of labelled images.
 *   xinzhi vision train <dir> --out model.json [--register line1-cam] [--json]
 *   xinzhi vision eval <model> <dir> --json
 *   xinzhi vision predict <model> <image…> --json [--heatmap]
 *   xinzhi vision camera <asset> --model line1-cam --defect scratch=0.6 [--defect patch=0.8]
 * `<dir>` holds one sub-folder per class with JPEG or PNG images. Training is a tracked run
 * (`xinzhi runs list|show`); a model argument is a model file or a registered model name
 * (`name@3`: version 3).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { promoteModel, registerModel, startRun } from '../../analytics/runs/index.js';
import {
  asVisionModel,
  classificationReport,
  DEFAULT_L2_GRID,
  extractFeaturesPooled,
  folderFeatures,
  formatReport,
  listImageFolder,
  occlusionHeatmap,
  predictFeatures,
  predictPrepared,
  prepare,
  readImageFile,
  registeredVisionModel,
  trainVisionModel,
  type VisionModel,
  type VisionPrediction,
} from '../../analytics/vision/index.js';
import { XinzhiError } from '../../core/index.js';
import { putCamera } from '../../domains/inspection/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions, withExistingStore } from '../open-store.js';
import type { RegisterCommand } from './index.js';
import { modelDestinations } from './trained-model.js';

const MODEL_MAX_BYTES = 100 * 1024 * 1024;

async function resolveModel(ref: string, db: string | undefined): Promise<VisionModel> {
  if (existsSync(ref) && statSync(ref).isFile()) {
    if (statSync(ref).size > MODEL_MAX_BYTES)
      throw new XinzhiError('BAD_INPUT', `${ref} is larger than a vision model can be`, { field: 'model' });
    let doc: unknown;
    try {
      doc = JSON.parse(readFileSync(ref, 'utf8'));
    } catch (e) {
      throw new XinzhiError('BAD_INPUT', `${ref} is not JSON: ${(e as Error).message}`, { field: 'model' });
    }
    return asVisionModel(doc, ref);
  }
  if (/\.json$/i.test(ref) || ref.includes('\\') || ref.startsWith('.'))
    throw new XinzhiError('NOT_FOUND', `cannot read ${ref}: no such model file`, { field: 'model' });
  return withExistingStore({ db }, async (store) => (await registeredVisionModel(store, ref)).model);
}

function intOpt(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new XinzhiError('BAD_INPUT', `--${flag} must be an integer in ${min} … ${max}, got '${v}'`, {
      field: flag,
    });
  return n;
}

function l2List(v: string | undefined): number[] | undefined {
  if (v === undefined) return undefined;
  const out = v.split(',').map((s) => Number(s.trim()));
  if (!out.length || out.some((x) => !Number.isFinite(x) || x < 0 || x > 100))
    throw new XinzhiError('BAD_INPUT', `--l2 must be comma-separated numbers in 0 … 100, got '${v}'`, {
      field: 'l2',
    });
  return out;
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(visionCommand(ctx));
};

export function visionCommand(ctx: CliContext): Command {
  const vision = new Command('vision').description(
    'visual inspection: train image classifiers on <dir>/<class>/<image>, evaluate, predict with heat maps',
  );
  vision
    .command('train <dir>')
    .description('train on one sub-folder per class (JPEG/PNG, any size, gray or colour); a tracked run')
    .option('--out <file>', 'write the model as JSON')
    .option('--register <model>', 'add the model to the registry under this name and put it in production')
    .option('--db <path>', 'database file for the run record and registry')
    .option('--name <name>', 'run name (default: the folder name)')
    .option('--folds <k>', 'cross-validation folds that choose the L2 penalty (default 3)')
    .option('--l2 <list>', `L2 penalties tried (default ${DEFAULT_L2_GRID.join(',')})`)
    .option('--json', 'print one JSON object')
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

  vision
    .command('eval <model> <dir>')
    .description(
      'accuracy, per-class precision/recall/F1, macro averages and the confusion matrix on <dir>/<class>/…',
    )
    .option('--db <path>', 'database of the model registry (for a registered model name)')
    .option('--json', 'print the report as JSON')
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

  vision
    .command('predict <model> <images...>')
    .description('class, probability and top 3 of each image (JPEG or PNG)')
    .option('--db <path>', 'database of the model registry (for a registered model name)')
    .option('--heatmap', 'add an occlusion-sensitivity heat map (6×6 cells) for the predicted class')
    .option('--json', 'print a JSON list')
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
  vision
    .command('camera <asset>')
    .description('map a registered model to a camera asset: its images are classified and defects alarmed')
    .requiredOption('--model <name>', 'registered vision model (its production version is used)')
    .option('--defect <class=threshold...>', 'a defect class and the probability that raises its alarm')
    .option('--severity <level>', 'alarm severity: info, warning, minor, major, critical (default major)')
    .option('--keep <n>', 'images kept for this camera (default 5000)')
    .option('--db <path>', 'database file')
    .option('--json', 'print the mapping as JSON')
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
  return vision;
}
