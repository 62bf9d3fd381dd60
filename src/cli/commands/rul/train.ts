/** `xinzhi rul train`: a RUL model from run-to-failure data, validated by unit; a tracked run in the store. */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { trainRulModel } from '../../../analytics/rul/index.js';
import {
  modelArtefact,
  type TrackedTraining,
  type TrainingOutcome,
  trainTracked,
} from '../../../analytics/runs/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { openStoreFromOptions } from '../../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { modelDestinations } from '../trained-model.js';
import { round, trainingData } from './shared.js';

export function registerTrain(rul: Command, ctx: CliContext): void {
  rul
    .command('train')
    .description('train a RUL model (validation by engine); the run is recorded in the store')
    .requiredOption('--data <file>', 'run-to-failure data, e.g. train_FD001.txt or pumps.csv')
    .option('--format <format>', 'cmapss | csv (default: csv for a .csv file, else cmapss)')
    .option('--unit-col <name>', 'CSV: the unit id column (default: unit, unit_id, engine, id, machine…)')
    .option(
      '--cycle-col <name>',
      'CSV: the cycle or time column (default: cycle, cycles, time, time_cycles, t…)',
    )
    .option('--sensors <names>', 'CSV: comma-separated sensor columns (default: every other column)')
    .option('--out <file>', 'write the model as JSON')
    .addOption(dbOption())
    .option('--name <name>', 'run name (default: the data file name)')
    .option('--register <model>', 'add the model to the registry under this name and put it in production')
    .option(
      '--cap <cycles>',
      'RUL cap of the training target (default 125 for C-MAPSS, 60 % of the median run length for CSV)',
    )
    .option('--rounds <n>', 'maximum boosting rounds (default 1500)')
    .option('--seed <n>', 'random seed (default 1)')
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const rounds = numberFlag('--rounds', opts.rounds, { positive: true });
        const seed = numberFlag('--seed', opts.seed, { positive: true });
        const td = trainingData(opts, numberFlag('--cap', opts.cap, { positive: true }));
        const { engines, cap } = td;
        const config = {
          model: 'gbdt',
          format: td.format,
          ...(td.columns ? { columns: td.columns } : {}),
          ...(td.options?.keyColumns ? { keyColumns: td.options.keyColumns } : {}),
          ...(cap === undefined ? {} : { cap }),
          ...(rounds === undefined ? {} : { rounds }),
          ...(seed === undefined ? {} : { seed }),
        };
        const store = await openStoreFromOptions(opts.db === undefined ? {} : { db: opts.db });
        const showBar = !opts.json && process.stderr.isTTY === true;
        const bar = showBar
          ? new SingleBar({
              format: '{phase} [{bar}] {value}/{total} rounds | train RMSE {train} | valid RMSE {valid}',
              stream: process.stderr,
            })
          : undefined;
        try {
          const fileHash = createHash('sha256').update(readFileSync(opts.data)).digest('hex');
          let phase = '';
          let tracked: TrackedTraining<
            TrainingOutcome & { result: Awaited<ReturnType<typeof trainRulModel>>; seconds: number }
          >;
          try {
            tracked = await trainTracked(
              store,
              {
                kind: 'rul',
                name: opts.name ?? basename(opts.data),
                config,
                data: {
                  fingerprint: fileHash,
                  source: basename(opts.data),
                  rows: engines.reduce((s, e) => s + e.cycles.length, 0),
                },
                register: opts.register,
              },
              async (run) => {
                const t0 = performance.now();
                const result = await trainRulModel(
                  engines,
                  {
                    ...td.options,
                    ...(cap === undefined ? {} : { cap }),
                    ...(seed === undefined ? {} : { seed }),
                    ...(rounds === undefined ? {} : { gbdt: { rounds } }),
                  },
                  {
                    onRound: (p) => {
                      if (p.phase !== phase) {
                        bar?.stop();
                        phase = p.phase;
                        bar?.start(p.rounds, 0, { phase, train: '-', valid: '-' });
                      }
                      bar?.update(p.round, {
                        phase,
                        train: p.trainRmse.toFixed(2),
                        valid: p.validRmse === undefined ? '-' : p.validRmse.toFixed(2),
                      });
                      const step = p.phase === 'validate' ? p.round : 100_000 + p.round;
                      if (p.phase === 'validate')
                        run.log(step, {
                          train_rmse: p.trainRmse,
                          ...(p.validRmse === undefined ? {} : { valid_rmse: p.validRmse }),
                        });
                      else if (p.round % 10 === 0 || p.round === p.rounds)
                        run.log(p.round, { refit_train_rmse: p.trainRmse });
                    },
                  },
                );
                bar?.stop();
                const seconds = (performance.now() - t0) / 1000;
                const json = JSON.stringify(result.model);
                const artefacts = [];
                if (opts.out) {
                  writeFileSync(opts.out, json);
                  artefacts.push(modelArtefact(basename(opts.out), opts.out, json));
                }
                const evaluation = {
                  validRmse: result.validation.rmse,
                  validMae: result.validation.mae,
                  bandCoverage: result.validation.coverage,
                  validEngines: result.validation.engines,
                  bestRound: result.validation.bestRound,
                  trainSeconds: seconds,
                };
                return { evaluation, model: result.model, artefacts, result, seconds };
              },
            );
          } catch (e) {
            bar?.stop();
            throw e instanceof RangeError ? new XinzhiError('BAD_INPUT', e.message, { field: 'data' }) : e;
          }
          const { record: rec, registered } = tracked;
          const { result, seconds } = tracked.trained;
          const summary = {
            runId: rec.id,
            format: td.format,
            units: engines.length,
            cap: result.model.cap,
            ...(td.columns ? { columns: td.columns, ignoredColumns: td.ignored ?? [] } : {}),
            validRmse: round(result.validation.rmse, 3),
            validEngines: result.validation.engines,
            bandCoverage: round(result.validation.coverage, 3),
            bestRound: result.validation.bestRound,
            seconds: round(seconds, 1),
            model: opts.out ?? null,
            ...(registered ? { registered } : {}),
          };
          if (opts.json) printJson(ctx, summary);
          else
            ctx.stdout(
              `run ${rec.id}: ${engines.length} units, validation RMSE ${summary.validRmse} cycles on ${summary.validEngines} held-out units ` +
                `(${summary.bestRound} rounds, 90 % band coverage ${(summary.bandCoverage * 100).toFixed(0)} %) in ${summary.seconds} s` +
                (td.columns ? `; sensors ${td.columns.join(', ')}` : '') +
                (td.ignored?.length ? ` (constant, left out: ${td.ignored.join(', ')})` : '') +
                modelDestinations(opts.out, registered),
            );
        } finally {
          await store.close();
        }
      }),
    );
}
