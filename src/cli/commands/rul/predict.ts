/** `xinzhi rul predict`: one prediction with its 90 % band per unit, from a model file or the registry. */
import { basename } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import {
  type CmapssEngine,
  classificationReport,
  formatClassificationReport,
  nasaScore,
  parseRulFile,
  parseRunCsv,
  predictRul,
  rmse,
} from '../../../analytics/rul/index.js';
import { XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { fileIssues, formatOf, loadModel, readEngines, readText, round, unitLabel } from './shared.js';

export function registerPredict(rul: Command, ctx: CliContext): void {
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
}
