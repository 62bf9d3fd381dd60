/**
 * `xinzhi rul …`: remaining-useful-life models on run-to-failure data (NASA C-MAPSS format).
 *
 *   xinzhi rul train --data train_FD001.txt --format cmapss [--out model.json] [--register rul-fd001] --json
 *   xinzhi rul predict --model model.json --data test_FD001.txt --format cmapss [--truth RUL_FD001.txt] --json
 *
 * Every training is a tracked run in the store (`xinzhi runs list|show`).
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { SingleBar } from 'cli-progress';
import { Command } from 'commander';
import {
  type CmapssEngine,
  classificationReport,
  formatClassificationReport,
  nasaScore,
  parseCmapss,
  parseRulFile,
  predictRul,
  type RulModel,
  rmse,
  trainRulModel,
} from '../../analytics/rul/index.js';
import { promoteModel, registerModel, startRun } from '../../analytics/runs/index.js';
import { type Issue, XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions } from '../open-store.js';
import type { RegisterCommand } from './index.js';

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('BAD_INPUT', `cannot read ${path}: ${(e as Error).message}`, { field: flag });
  }
}

function issuesError(file: string, issues: readonly Issue[]): XinzhiError {
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.where ?? file}: ${i.message}`)
    .join('; ');
  return new XinzhiError('BAD_INPUT', `${issues.length} problem(s) in ${file}: ${shown}`, {
    field: issues[0]?.where ?? file,
    context: { issues },
  });
}

function readEngines(path: string, format: string | undefined): CmapssEngine[] {
  if ((format ?? 'cmapss') !== 'cmapss')
    throw new XinzhiError('BAD_INPUT', `--format must be cmapss, got '${format}'`, { field: 'format' });
  const r = parseCmapss(readText(path, 'data'), basename(path));
  if (!r.ok) throw issuesError(basename(path), r.issues);
  return r.value;
}

function readModel(path: string): RulModel {
  let m: unknown;
  try {
    m = JSON.parse(readText(path, 'model'));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: 'model' });
  }
  const mm = m as Partial<RulModel> | null;
  if (mm === null || typeof mm !== 'object' || mm.format !== 'xinzhi-rul' || mm.version !== 1 || !mm.gbdt)
    throw new XinzhiError('BAD_INPUT', `${path} is not a xinzhi RUL model (format 'xinzhi-rul', version 1)`, {
      field: 'model',
    });
  return mm as RulModel;
}

const num = (flag: string, v: string | undefined): number | undefined => {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0)
    throw new XinzhiError('BAD_INPUT', `--${flag} must be a positive number`, { field: flag });
  return n;
};

interface TrainOpts {
  data: string;
  format?: string;
  out?: string;
  db?: string;
  name?: string;
  register?: string;
  cap?: string;
  rounds?: string;
  seed?: string;
  json?: boolean;
}

interface PredictOpts {
  model: string;
  data: string;
  format?: string;
  truth?: string;
  horizon?: string;
  json?: boolean;
}

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(rulCommand(ctx));
};

export function rulCommand(ctx: CliContext): Command {
  const rul = new Command('rul').description(
    'remaining useful life: train and predict (NASA C-MAPSS format)',
  );
  rul
    .command('train')
    .description('train a RUL model (validation by engine); the run is recorded in the store')
    .requiredOption('--data <file>', 'run-to-failure data, e.g. train_FD001.txt')
    .option('--format <format>', 'data format (cmapss)', 'cmapss')
    .option('--out <file>', 'write the model as JSON')
    .option('--db <path>', 'database file for the run record')
    .option('--name <name>', 'run name (default: the data file name)')
    .option('--register <model>', 'add the model to the registry under this name and put it in production')
    .option('--cap <cycles>', 'RUL cap of the training target (default 125)')
    .option('--rounds <n>', 'maximum boosting rounds (default 1500)')
    .option('--seed <n>', 'random seed (default 1)')
    .option('--json', 'print one JSON object')
    .action(
      action(ctx, async (opts: TrainOpts) => {
        const engines = readEngines(opts.data, opts.format);
        const cap = num('cap', opts.cap);
        const rounds = num('rounds', opts.rounds);
        const seed = num('seed', opts.seed);
        const config = {
          model: 'gbdt',
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
          const run = await startRun(store, {
            kind: 'rul',
            name: opts.name ?? basename(opts.data),
            config,
            data: {
              fingerprint: fileHash,
              source: basename(opts.data),
              rows: engines.reduce((s, e) => s + e.cycles.length, 0),
            },
          });
          let phase = '';
          const t0 = performance.now();
          let result: Awaited<ReturnType<typeof trainRulModel>>;
          try {
            result = await trainRulModel(
              engines,
              {
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
          } catch (e) {
            bar?.stop();
            await run.fail(e);
            throw e instanceof RangeError ? new XinzhiError('BAD_INPUT', e.message, { field: 'data' }) : e;
          }
          bar?.stop();
          const seconds = (performance.now() - t0) / 1000;
          const json = JSON.stringify(result.model);
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
          const evaluation = {
            validRmse: result.validation.rmse,
            validMae: result.validation.mae,
            bandCoverage: result.validation.coverage,
            validEngines: result.validation.engines,
            bestRound: result.validation.bestRound,
            trainSeconds: seconds,
          };
          const rec = await run.finish({ evaluation, model: result.model, artefacts });
          let registered: { name: string; version: number } | undefined;
          if (opts.register) {
            const v = await registerModel(store, opts.register, rec.id);
            await promoteModel(store, opts.register, v.version);
            registered = { name: opts.register, version: v.version };
          }
          const summary = {
            runId: rec.id,
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
              `run ${rec.id}: validation RMSE ${summary.validRmse} on ${summary.validEngines} engines ` +
                `(${summary.bestRound} rounds, 90 % band coverage ${(summary.bandCoverage * 100).toFixed(0)} %) in ${summary.seconds} s` +
                (opts.out ? `; model written to ${opts.out}` : '') +
                (registered ? `; registered as ${registered.name} v${registered.version} (production)` : ''),
            );
        } finally {
          await store.close();
        }
      }),
    );

  rul
    .command('predict')
    .description('one prediction (with its 90 % band) per engine from its last cycle, in unit order')
    .requiredOption('--model <file>', 'model JSON from `rul train --out`')
    .requiredOption('--data <file>', 'engine histories, e.g. test_FD001.txt')
    .option('--format <format>', 'data format (cmapss)', 'cmapss')
    .option('--truth <file>', 'true RUL per engine (RUL_FD001.txt) to score the predictions')
    .option('--horizon <cycles>', 'with --truth: "fails within N cycles" report (default 30)')
    .option('--json', 'print one JSON object')
    .action(
      action(ctx, async (opts: PredictOpts) => {
        const model = readModel(opts.model);
        const engines = readEngines(opts.data, opts.format);
        const predictions = predictRul(model, engines);
        let scores: Record<string, unknown> | undefined;
        if (opts.truth) {
          const r = parseRulFile(readText(opts.truth, 'truth'), basename(opts.truth));
          if (!r.ok) throw issuesError(basename(opts.truth), r.issues);
          if (r.value.length !== predictions.length)
            throw new XinzhiError(
              'BAD_INPUT',
              `${basename(opts.truth)} has ${r.value.length} values for ${predictions.length} engines`,
              { field: 'truth' },
            );
          const p = predictions.map((x) => x.rul);
          const report = classificationReport(r.value, p, num('horizon', opts.horizon) ?? 30);
          scores = {
            rmse: round(rmse(r.value, p), 3),
            score: round(nasaScore(r.value, p), 1),
            bandCoverage: round(
              predictions.filter((x, i) => r.value[i]! >= x.low && r.value[i]! <= x.high).length / p.length,
              3,
            ),
            classification: report,
          };
          if (!opts.json) {
            ctx.stdout(
              `RMSE ${scores['rmse']}  NASA score ${scores['score']}  band coverage ${scores['bandCoverage']}`,
            );
            ctx.stdout(formatClassificationReport(report));
          }
        }
        if (opts.json) printJson(ctx, { predictions, ...(scores ? { scores } : {}) });
        else if (!scores)
          for (const p of predictions)
            ctx.stdout(`unit ${p.unit}: RUL ${p.rul} (90 % band ${p.low} – ${p.high})`);
      }),
    );
  return rul;
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
