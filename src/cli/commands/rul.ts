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
 * the registry's production version (`name@3`: version 3).
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import {
  type CmapssEngine,
  classificationReport,
  constantColumns,
  formatClassificationReport,
  nasaScore,
  parseCmapss,
  parseRulFile,
  parseRunCsv,
  predictRul,
  type RulModel,
  type RunCsv,
  rmse,
  runCsvTrainOptions,
  selectColumns,
  trainRulModel,
} from '../../analytics/rul/index.js';
import {
  getRegisteredModel,
  getRunModel,
  modelArtefact,
  productionModel,
  type TrackedTraining,
  type TrainingOutcome,
  trainTracked,
} from '../../analytics/runs/index.js';
import { type Issue, issuesError, isXinzhiError, XinzhiError } from '../../core/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions, withExistingStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';
import type { RegisterCommand } from './index.js';

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new XinzhiError(
      missing ? 'NOT_FOUND' : 'BAD_INPUT',
      `cannot read ${path}: ${(e as Error).message}`,
      {
        field: flag,
      },
    );
  }
}

function fileIssues(file: string, issues: readonly Issue[]): XinzhiError {
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.where ?? file}: ${i.message}`)
    .join('; ');
  return issuesError(issues, { fallback: file, detail: `${issues.length} problem(s) in ${file}: ${shown}` });
}

type DataFormat = 'cmapss' | 'csv';

interface DataOpts {
  data: string;
  format?: string;
  unitCol?: string;
  cycleCol?: string;
}

/** `--format`, else `.csv` files are CSV and anything else NASA's text format. */
function formatOf(opts: DataOpts): DataFormat {
  const f = opts.format ?? (extname(opts.data).toLowerCase() === '.csv' ? 'csv' : 'cmapss');
  if (f !== 'cmapss' && f !== 'csv')
    throw new XinzhiError('BAD_INPUT', `--format must be cmapss or csv, got '${f}'`, { field: 'format' });
  if (f === 'cmapss') {
    const flag =
      opts.unitCol !== undefined ? '--unit-col' : opts.cycleCol !== undefined ? '--cycle-col' : undefined;
    if (flag)
      throw new XinzhiError(
        'BAD_INPUT',
        `${flag} applies to CSV data; ${basename(opts.data)} is read as C-MAPSS text`,
        {
          field: flag,
        },
      );
  }
  return f;
}

function readEngines(path: string): CmapssEngine[] {
  const r = parseCmapss(readText(path, 'data'), basename(path));
  if (!r.ok) throw fileIssues(basename(path), r.issues);
  return r.value;
}

function readRunCsv(opts: DataOpts, sensors: readonly string[] | undefined): RunCsv {
  const r = parseRunCsv(readText(opts.data, 'data'), basename(opts.data), {
    unitColumn: opts.unitCol,
    cycleColumn: opts.cycleCol,
    sensors,
  });
  if (!r.ok) throw fileIssues(basename(opts.data), r.issues);
  return r.value;
}

/** Checks that a parsed JSON document (from a file or the registry) is a RUL model. */
function checkModel(m: unknown, label: string): RulModel {
  const mm = m as Partial<RulModel> | null;
  if (
    mm === null ||
    typeof mm !== 'object' ||
    mm.format !== 'xinzhi-rul' ||
    mm.version !== 1 ||
    !mm.gbdt ||
    !Array.isArray(mm.sensors)
  )
    throw new XinzhiError(
      'BAD_INPUT',
      `${label} is not a xinzhi RUL model (format 'xinzhi-rul', version 1)`,
      {
        field: 'model',
      },
    );
  return mm as RulModel;
}

function readModelFile(path: string): RulModel {
  let m: unknown;
  try {
    m = JSON.parse(readText(path, 'model'));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: 'model' });
  }
  return checkModel(m, path);
}

type ModelSource = { file: string } | { name: string; version: number; runId: string };

/**
 * `--model`: an existing file is a model file; anything else is a registered model name, with
 * `@<version>` for a version other than the one in production.
 */
async function loadModel(
  ref: string,
  db: string | undefined,
): Promise<{ model: RulModel; source: ModelSource }> {
  if (existsSync(ref) && statSync(ref).isFile()) return { model: readModelFile(ref), source: { file: ref } };
  if (/\.json$/i.test(ref) || ref.includes('\\'))
    throw new XinzhiError('NOT_FOUND', `cannot read ${ref}: no such model file`, { field: 'model' });
  const at = ref.lastIndexOf('@');
  const name = at < 0 ? ref : ref.slice(0, at);
  const versionText = at < 0 ? undefined : ref.slice(at + 1);
  const version = versionText === undefined ? undefined : Number(versionText);
  if (version !== undefined && (!Number.isInteger(version) || version < 1))
    throw new XinzhiError('BAD_INPUT', `--model ${ref}: the version after '@' must be a positive integer`, {
      field: 'model',
    });
  return withExistingStore({ db }, async (store) => {
    try {
      if (version === undefined) {
        const p = await productionModel(store, name);
        return {
          model: checkModel(p.model, `registered model '${name}' v${p.version}`),
          source: { name, version: p.version, runId: p.runId },
        };
      }
      const reg = await getRegisteredModel(store, name);
      const v = reg.versions.find((x) => x.version === version);
      if (!v)
        throw new XinzhiError(
          'NOT_FOUND',
          `model '${name}' has no version ${version} (versions ${reg.versions.map((x) => x.version).join(', ')})`,
          { field: 'model' },
        );
      return {
        model: checkModel(await getRunModel(store, v.runId), `registered model '${name}' v${version}`),
        source: { name, version, runId: v.runId },
      };
    } catch (e) {
      if (isXinzhiError(e) && e.code === 'NOT_FOUND' && /^no registered model/.test(e.message))
        throw new XinzhiError(
          'NOT_FOUND',
          `no model file '${ref}' and no registered model '${name}' (\`xinzhi runs models\` lists the registered ones)`,
          { field: 'model' },
        );
      if (isXinzhiError(e) && e.code === 'BAD_INPUT' && e.field === 'name')
        throw new XinzhiError('NOT_FOUND', `no model file '${ref}' (${e.message})`, { field: 'model' });
      throw e;
    }
  });
}

const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

interface TrainOpts extends DataOpts {
  out?: string;
  db?: string;
  name?: string;
  register?: string;
  cap?: string;
  rounds?: string;
  seed?: string;
  sensors?: string;
  json?: boolean;
}

/** What training runs on: the engines and, for CSV data, the columns and split it was read with. */
interface TrainingData {
  readonly format: DataFormat;
  readonly engines: CmapssEngine[];
  readonly options: Parameters<typeof trainRulModel>[1];
  readonly columns?: string[];
  readonly ignored?: string[];
  readonly cap: number | undefined;
}

function trainingData(opts: TrainOpts, cap: number | undefined): TrainingData {
  const format = formatOf(opts);
  if (format === 'cmapss') {
    if (opts.sensors !== undefined)
      throw new XinzhiError('BAD_INPUT', '--sensors applies to CSV data', { field: '--sensors' });
    return { format, engines: readEngines(opts.data), options: {}, cap };
  }
  const file = basename(opts.data);
  const all = readRunCsv(opts, list(opts.sensors));
  if (all.engines.length < 2)
    throw new XinzhiError(
      'BAD_INPUT',
      `${file} has one unit ('${all.engines[0]?.id ?? all.engines[0]?.unit}'); training needs the run-to-failure histories of at least 2 units (one is held out for validation)`,
      { field: 'data' },
    );
  const ignored = constantColumns(all);
  const kept = all.sensorColumns.filter((c) => !ignored.includes(c));
  if (kept.length === 0)
    throw new XinzhiError('BAD_INPUT', `every sensor column of ${file} is constant: nothing to learn from`, {
      field: 'data',
    });
  const data = selectColumns(all, kept);
  const o = runCsvTrainOptions(data, cap);
  return { format, engines: data.engines, options: o, columns: kept, ignored, cap: o.cap };
}

/** A unit as the user wrote it: the CSV id, else the number. */
const unitLabel = (e: CmapssEngine): string | number => e.id ?? e.unit;

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(rulCommand(ctx));
};

export function rulCommand(ctx: CliContext): Command {
  const rul = new Command('rul').description(
    'remaining useful life: train and predict (NASA C-MAPSS text or a unit,cycle,sensors CSV)',
  );
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
    .description('one prediction (with its 90 % band) per unit from its last cycle, in unit order')
    .requiredOption(
      '--model <file|name>',
      'model JSON from `rul train --out`, or a registered model: its production version, or name@version',
    )
    .requiredOption('--data <file>', 'unit histories, e.g. test_FD001.txt or pumps-now.csv')
    .option('--format <format>', 'cmapss | csv (default: csv for a .csv file, else cmapss)')
    .option('--unit-col <name>', 'CSV: the unit id column (default: unit, unit_id, engine, id, machine…)')
    .option(
      '--cycle-col <name>',
      'CSV: the cycle or time column (default: cycle, cycles, time, time_cycles, t…)',
    )
    .addOption(dbOption())
    .option('--truth <file>', 'true RUL per unit, one per line in unit order (RUL_FD001.txt), to score')
    .option('--horizon <cycles>', 'with --truth: "fails within N cycles" report (default 30)')
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const format = formatOf(opts);
        const { model, source } = await loadModel(opts.model, opts.db);
        const label = 'file' in source ? source.file : `'${source.name}' v${source.version}`;
        if (model.columns !== undefined && format !== 'csv')
          throw new XinzhiError(
            'BAD_INPUT',
            `model ${label} was trained on CSV columns ${model.columns.join(', ')}; give a CSV with those columns (or --format csv)`,
            { field: 'format' },
          );
        if (model.columns === undefined && format !== 'cmapss')
          throw new XinzhiError(
            'BAD_INPUT',
            `model ${label} was trained on C-MAPSS text data; give data in that format (--format cmapss)`,
            { field: 'format' },
          );
        let engines: CmapssEngine[];
        if (model.columns === undefined) engines = readEngines(opts.data);
        else {
          const cols = model.columns;
          const r = parseRunCsv(readText(opts.data, 'data'), basename(opts.data), {
            unitColumn: opts.unitCol,
            cycleColumn: opts.cycleCol,
            sensors: cols,
            prefer: model.keyColumns,
          });
          if (!r.ok) {
            const e = fileIssues(basename(opts.data), r.issues);
            // Say why those columns: they are the ones the model was trained on.
            throw /missing sensor column/.test(e.message)
              ? new XinzhiError('BAD_INPUT', `${e.message} (model ${label} needs ${cols.join(', ')})`, {
                  field: e.field ?? 'data',
                })
              : e;
          }
          engines = r.value.engines;
        }
        const byUnit = new Map(engines.map((e) => [e.unit, e]));
        const predictions = predictRul(model, engines).map((p) => {
          const e = byUnit.get(p.unit)!;
          return { ...p, unit: unitLabel(e), cycle: e.cycles[e.cycles.length - 1]! };
        });
        let scores: Record<string, unknown> | undefined;
        if (opts.truth) {
          const r = parseRulFile(readText(opts.truth, 'truth'), basename(opts.truth));
          if (!r.ok) throw fileIssues(basename(opts.truth), r.issues);
          if (r.value.length !== predictions.length)
            throw new XinzhiError(
              'BAD_INPUT',
              `${basename(opts.truth)} has ${r.value.length} values for ${predictions.length} units`,
              { field: 'truth' },
            );
          const p = predictions.map((x) => x.rul);
          const report = classificationReport(
            r.value,
            p,
            numberFlag('--horizon', opts.horizon, { positive: true }) ?? 30,
          );
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
        if (opts.json) printJson(ctx, { model: source, predictions, ...(scores ? { scores } : {}) });
        else if (!scores) {
          ctx.stdout(
            `model ${label}${'runId' in source ? ` (run ${source.runId})` : ''}, RUL cap ${model.cap} cycles`,
          );
          for (const p of predictions)
            ctx.stdout(
              `unit ${p.unit} at cycle ${p.cycle}: RUL ${p.rul} cycles (90 % band ${p.low} – ${p.high})`,
            );
        }
      }),
    );
  return rul;
}

const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
