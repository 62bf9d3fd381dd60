/** `xinzhi nlp train <train>`: a CRF tagger from a CoNLL file; a tracked run in the store. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import {
  crossValidate,
  detectScheme,
  evaluate,
  type NerModel,
  trainCrf,
} from '../../../analytics/nlp/index.js';
import {
  modelArtefact,
  type TrackedTraining,
  type TrainingOutcome,
  trainTracked,
} from '../../../analytics/runs/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { modelDestinations } from '../trained-model.js';
import { r4, readConll } from './shared.js';

export function registerTrain(nlp: Command, ctx: CliContext): void {
  nlp
    .command('train <train>')
    .description('train a CRF tagger from a CoNLL file (token TAG per line, BIO or BIOES); a tracked run')
    .option('--dev <file>', 'CoNLL file scored after each epoch (recorded, never used to choose settings)')
    .option('--out <file>', 'write the model as JSON')
    .option('--register <model>', 'add the model to the registry under this name and put it in production')
    .addOption(dbOption())
    .option('--name <name>', 'run name (default: the training file name)')
    .option('--epochs <n>', 'passes over the data (default 6; with --cv: the most tried)')
    .option('--l2 <c>', 'L2 regularisation (default 30)')
    .option('--window <n>', 'context tokens on each side for n-gram features (default 2)')
    .option('--cv <k>', 'choose L2 and epochs by k-fold cross-validation on the training file')
    .option('--cv-l2 <list>', 'L2 values tried by --cv (default 3,10,30)')
    .option('--max-tokens <n>', 'longest accepted sentence (default 2000)')
    .addOption(jsonOption())
    .action(
      action(ctx, async (trainPath, opts) => {
        const maxTokens = numberFlag('--max-tokens', opts.maxTokens, {
          integer: true,
          min: 1,
          max: 1_000_000,
        });
        const train = readConll(trainPath, 'train', true, maxTokens);
        const dev = opts.dev ? readConll(opts.dev, 'dev', true, maxTokens) : [];
        const scheme = detectScheme(train);
        let epochs = numberFlag('--epochs', opts.epochs, { integer: true, min: 1, max: 1000 });
        let l2 = numberFlag('--l2', opts.l2, { min: 0, max: 1e6 });
        const window = numberFlag('--window', opts.window, { integer: true, min: 0, max: 5 });
        const cvK = numberFlag('--cv', opts.cv, { integer: true, min: 2, max: 20 });
        const log = (t: string): void => {
          if (!opts.json) ctx.stderr(t);
        };
        const showBar = !opts.json && process.stderr.isTTY === true;
        let cv: ReturnType<typeof crossValidate> | undefined;
        if (cvK !== undefined) {
          const l2s = (opts.cvL2 ?? '3,10,30')
            .split(',')
            .map((x) => numberFlag('--cv-l2', x.trim(), { min: 0, max: 1e6 }) as number);
          log(`cross-validation: ${cvK} folds × L2 ${l2s.join(', ')}, up to ${epochs ?? 6} epochs`);
          cv = crossValidate(
            train,
            scheme,
            cvK,
            l2s,
            { ...(epochs ? { epochs } : {}), ...(window === undefined ? {} : { window }) },
            (i) =>
              log(
                `  cv L2 ${i.l2} fold ${i.fold}/${i.folds} epoch ${i.epoch}: F1 ${(i.f1 * 100).toFixed(2)}`,
              ),
          );
          l2 = cv.best.l2;
          epochs = cv.best.epochs;
          log(
            `cv choice: L2 ${l2}, ${epochs} epochs (mean held-out micro F1 ${(cv.best.f1 * 100).toFixed(2)})`,
          );
        }
        const options = {
          ...(epochs === undefined ? {} : { epochs }),
          ...(l2 === undefined ? {} : { l2 }),
          ...(window === undefined ? {} : { window }),
        };
        const store = await openStoreFromOptions(opts.db === undefined ? {} : { db: opts.db });
        const bar = showBar
          ? new SingleBar({
              format: 'epoch {epoch}/{epochs} [{bar}] {value}/{total} sentences | loss {loss} | dev F1 {f1}',
              stream: process.stderr,
            })
          : undefined;
        try {
          let lastLoss = '-';
          let lastF1 = '-';
          const epochLog: { epoch: number; loss: number; devF1?: number }[] = [];
          let tracked: TrackedTraining<
            TrainingOutcome & {
              model: NerModel['file'];
              ner: NerModel;
              devReport: ReturnType<typeof evaluate> | undefined;
              seconds: number;
              cpuSeconds: number;
            }
          >;
          try {
            tracked = await trainTracked(
              store,
              {
                kind: 'ner',
                name: opts.name ?? basename(trainPath),
                config: {
                  model: 'crf',
                  scheme,
                  ...options,
                  ...(cv ? { cv: { folds: cv.folds, best: cv.best } } : {}),
                },
                data: {
                  fingerprint: createHash('sha256').update(readFileSync(trainPath)).digest('hex'),
                  source: basename(trainPath),
                  rows: train.length,
                },
                register: opts.register,
              },
              async (run) => {
                const t0 = performance.now();
                const c0 = process.cpuUsage();
                const ner = trainCrf(
                  train,
                  scheme,
                  options,
                  {
                    onProgress: (done, total, epoch) => {
                      if (done === 1)
                        bar?.start(total, 0, {
                          epoch,
                          epochs: options.epochs ?? 6,
                          loss: lastLoss,
                          f1: lastF1,
                        });
                      bar?.update(done, { epoch, loss: lastLoss, f1: lastF1 });
                    },
                    onEpoch: (r) => {
                      lastLoss = r.loss.toFixed(4);
                      lastF1 = r.heldOutF1 === undefined ? '-' : (r.heldOutF1 * 100).toFixed(2);
                      bar?.stop();
                      if (!bar)
                        log(
                          `epoch ${r.epoch}/${r.epochs}: loss ${lastLoss}, dev F1 ${lastF1} (${r.seconds.toFixed(1)} s)`,
                        );
                      run.log(r.epoch, {
                        loss: r.loss,
                        ...(r.heldOutF1 === undefined ? {} : { dev_f1: r.heldOutF1 }),
                      });
                      epochLog.push({
                        epoch: r.epoch,
                        loss: r4(r.loss),
                        ...(r.heldOutF1 === undefined ? {} : { devF1: r4(r.heldOutF1) }),
                      });
                    },
                  },
                  dev,
                );
                const seconds = (performance.now() - t0) / 1000;
                const cpu = process.cpuUsage(c0);
                const json = JSON.stringify(ner.file);
                const artefacts = [];
                if (opts.out) {
                  writeFileSync(opts.out, json);
                  artefacts.push(modelArtefact(basename(opts.out), opts.out, json));
                }
                const devReport = dev.length ? evaluate(ner, dev) : undefined;
                const cpuSeconds = (cpu.user + cpu.system) / 1e6;
                const evaluation = {
                  trainSeconds: seconds,
                  cpuSeconds,
                  ...(devReport
                    ? {
                        devMicroF1: r4(devReport.micro.f1),
                        devMacroF1: r4(devReport.macro.f1),
                        devF1ByType: Object.fromEntries(
                          Object.entries(devReport.types).map(([k, c]) => [k, r4(c.f1)]),
                        ),
                      }
                    : {}),
                  ...(cv ? { cvMicroF1: cv.best.f1 } : {}),
                };
                return { evaluation, model: ner.file, artefacts, ner, devReport, seconds, cpuSeconds };
              },
            );
          } catch (e) {
            bar?.stop();
            throw e;
          }
          const { record: rec, registered } = tracked;
          const { ner: model, devReport, seconds, cpuSeconds } = tracked.trained;
          const summary = {
            runId: rec.id,
            sentences: train.length,
            scheme,
            types: model.file.types,
            options: model.file.options,
            epochs: epochLog,
            ...(cv
              ? { cv: { folds: cv.folds, microF1: r4(cv.best.f1), l2: cv.best.l2, epochs: cv.best.epochs } }
              : {}),
            ...(devReport ? { devMicroF1: r4(devReport.micro.f1) } : {}),
            seconds: Math.round(seconds * 10) / 10,
            cpuSeconds: Math.round(cpuSeconds * 10) / 10,
            model: opts.out ?? null,
            ...(registered ? { registered } : {}),
          };
          if (opts.json) printJson(ctx, summary);
          else
            ctx.stdout(
              `run ${rec.id}: ${train.length} sentences (${scheme}, ${model.file.types.length} entity types) in ${summary.seconds} s` +
                (cv ? `; CV micro F1 ${(cv.best.f1 * 100).toFixed(2)}` : '') +
                (devReport ? `; dev micro F1 ${(devReport.micro.f1 * 100).toFixed(2)}` : '') +
                modelDestinations(opts.out, registered),
            );
        } finally {
          await store.close();
        }
      }),
    );
}
