/** What the `rul` subcommands share: reading run-to-failure data (C-MAPSS text or CSV) and models from files or the registry. */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, extname } from 'node:path';
import {
  type CmapssEngine,
  constantColumns,
  parseCmapss,
  parseRunCsv,
  type RulModel,
  type RunCsv,
  runCsvTrainOptions,
  selectColumns,
  type trainRulModel,
} from '../../../analytics/rul/index.js';
import { getRegisteredModel, getRunModel, productionModel } from '../../../analytics/runs/index.js';
import { type Issue, issuesError, isXinzhiError, XinzhiError } from '../../../core/index.js';
import { withExistingStore } from '../../open-store.js';

export function readText(path: string, flag: string): string {
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

export function fileIssues(file: string, issues: readonly Issue[]): XinzhiError {
  const shown = issues
    .slice(0, 5)
    .map((i) => `${i.where ?? file}: ${i.message}`)
    .join('; ');
  return issuesError(issues, { fallback: file, detail: `${issues.length} problem(s) in ${file}: ${shown}` });
}

export type DataFormat = 'cmapss' | 'csv';

export interface DataOpts {
  data: string;
  format?: string;
  unitCol?: string;
  cycleCol?: string;
}

/** `--format`, else `.csv` files are CSV and anything else NASA's text format. */
export function formatOf(opts: DataOpts): DataFormat {
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

export function readEngines(path: string): CmapssEngine[] {
  const r = parseCmapss(readText(path, 'data'), basename(path));
  if (!r.ok) throw fileIssues(basename(path), r.issues);
  return r.value;
}

export function readRunCsv(opts: DataOpts, sensors: readonly string[] | undefined): RunCsv {
  const r = parseRunCsv(readText(opts.data, 'data'), basename(opts.data), {
    unitColumn: opts.unitCol,
    cycleColumn: opts.cycleCol,
    sensors,
  });
  if (!r.ok) throw fileIssues(basename(opts.data), r.issues);
  return r.value;
}

/** Checks that a parsed JSON document (from a file or the registry) is a RUL model. */
export function checkModel(m: unknown, label: string): RulModel {
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

export function readModelFile(path: string): RulModel {
  let m: unknown;
  try {
    m = JSON.parse(readText(path, 'model'));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: 'model' });
  }
  return checkModel(m, path);
}

export type ModelSource = { file: string } | { name: string; version: number; runId: string };

/**
 * `--model`: an existing file is a model file; anything else is a registered model name, with
 * `@<version>` for a version other than the one in production.
 */
export async function loadModel(
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

export const list = (v: string | undefined): string[] | undefined =>
  v === undefined
    ? undefined
    : v
        .split(',')
        .map((x) => x.trim())
        .filter((x) => x !== '');

export interface TrainOpts extends DataOpts {
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
export interface TrainingData {
  readonly format: DataFormat;
  readonly engines: CmapssEngine[];
  readonly options: Parameters<typeof trainRulModel>[1];
  readonly columns?: string[];
  readonly ignored?: string[];
  readonly cap: number | undefined;
}

export function trainingData(opts: TrainOpts, cap: number | undefined): TrainingData {
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
export const unitLabel = (e: CmapssEngine): string | number => e.id ?? e.unit;

export const round = (v: number, d: number): number => Math.round(v * 10 ** d) / 10 ** d;
