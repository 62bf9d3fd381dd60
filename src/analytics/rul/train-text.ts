/**
 * Training of a RUL model from the text of a run-to-failure file (NASA C-MAPSS text, or a CSV with
 * a unit column, a cycle column and sensor columns), as `xinzhi rul train` reads files: for the
 * shared job queue, whose uploaded bytes reach whichever node runs the job. `train-worker.ts` runs
 * it in a worker thread, so a server node keeps answering (and heart-beating) while it trains.
 */
import { issuesError, XinzhiError } from '../../core/index.js';
import { type CmapssEngine, parseCmapss } from './cmapss.js';
import { type RulTrainResult, trainRulModel } from './model.js';
import { constantColumns, parseRunCsv, runCsvTrainOptions, selectColumns } from './run-csv.js';

export interface TrainTextOptions {
  /** Default: csv for a `.csv` file name, else cmapss. */
  readonly format?: 'cmapss' | 'csv';
  readonly unitColumn?: string;
  readonly cycleColumn?: string;
  readonly sensors?: readonly string[];
  readonly cap?: number;
  readonly rounds?: number;
  readonly seed?: number;
}

export interface TrainTextProgress {
  readonly phase: 'validate' | 'refit';
  readonly round: number;
  readonly rounds: number;
  readonly trainRmse: number;
  readonly validRmse?: number;
}

export interface TrainTextResult {
  readonly format: 'cmapss' | 'csv';
  readonly units: number;
  readonly rows: number;
  readonly columns?: string[];
  readonly ignored?: string[];
  readonly config: Record<string, unknown>;
  readonly result: RulTrainResult;
}

function bad(message: string, field: string, issues?: readonly { where?: string; message: string }[]): never {
  if (!issues) throw new XinzhiError('BAD_INPUT', message, { field });
  // As `xinzhi rul train` does: the first problem's location (file:line) names the field; a file of
  // a million bad lines lists its first 20.
  throw issuesError(
    issues.slice(0, 20).map((i) => ({ code: 'BAD_INPUT', ...i })),
    { fallback: field, detail: message },
  );
}

const problems = (file: string, issues: readonly { where?: string; message: string }[]): string =>
  `${issues.length} problem(s) in ${file}: ${issues
    .slice(0, 5)
    .map((i) => `${i.where ?? file}: ${i.message}`)
    .join('; ')}`;

/** Parses and trains; BAD_INPUT names the file or option at fault. */
export async function trainFromText(
  text: string,
  fileName: string,
  o: TrainTextOptions,
  onRound?: (p: TrainTextProgress) => void,
): Promise<TrainTextResult> {
  const format = o.format ?? (fileName.toLowerCase().endsWith('.csv') ? 'csv' : 'cmapss');
  let engines: CmapssEngine[];
  let options: Parameters<typeof trainRulModel>[1] = {};
  let columns: string[] | undefined;
  let ignored: string[] | undefined;
  let cap = o.cap;
  if (format === 'cmapss') {
    if (o.unitColumn !== undefined || o.cycleColumn !== undefined || o.sensors !== undefined)
      bad('unitColumn, cycleColumn and sensors apply to CSV data', 'format');
    const r = parseCmapss(text, fileName);
    if (!r.ok) bad(problems(fileName, r.issues), fileName, r.issues);
    engines = r.value;
  } else {
    const r = parseRunCsv(text, fileName, {
      unitColumn: o.unitColumn,
      cycleColumn: o.cycleColumn,
      sensors: o.sensors === undefined ? undefined : [...o.sensors],
    });
    if (!r.ok) bad(problems(fileName, r.issues), fileName, r.issues);
    const all = r.value;
    if (all.engines.length < 2)
      bad(
        `${fileName} has one unit; training needs the run-to-failure histories of at least 2 units`,
        'data',
      );
    ignored = constantColumns(all);
    const kept = all.sensorColumns.filter((c) => !ignored?.includes(c));
    if (kept.length === 0)
      bad(`every sensor column of ${fileName} is constant: nothing to learn from`, 'data');
    const data = selectColumns(all, kept);
    options = runCsvTrainOptions(data, cap);
    cap = options.cap;
    columns = kept;
    engines = data.engines;
  }
  const config = {
    model: 'gbdt',
    format,
    ...(columns ? { columns } : {}),
    ...(options?.keyColumns ? { keyColumns: options.keyColumns } : {}),
    ...(cap === undefined ? {} : { cap }),
    ...(o.rounds === undefined ? {} : { rounds: o.rounds }),
    ...(o.seed === undefined ? {} : { seed: o.seed }),
  };
  let result: RulTrainResult;
  try {
    result = await trainRulModel(
      engines,
      {
        ...options,
        ...(cap === undefined ? {} : { cap }),
        ...(o.seed === undefined ? {} : { seed: o.seed }),
        ...(o.rounds === undefined ? {} : { gbdt: { rounds: o.rounds } }),
      },
      onRound ? { onRound } : {},
    );
  } catch (e) {
    if (e instanceof RangeError) bad(e.message, 'data');
    throw e;
  }
  return {
    format,
    units: engines.length,
    rows: engines.reduce((s, e) => s + e.cycles.length, 0),
    ...(columns ? { columns } : {}),
    ...(ignored ? { ignored } : {}),
    config,
    result,
  };
}
