/** `xinzhi agri gdd`: degree days for one day or accumulated over a CSV, with pest alerts. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { agriculture as agri } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption, numberFlag, requiredNumberFlag } from '../../options.js';
import { readText, table, unwrap } from './input.js';

const METHOD_ALIASES: Record<string, agri.DegreeDayMethod> = {
  average: 'average',
  'average-modified': 'average-modified',
  modified: 'average-modified',
  sine: 'single-sine',
  'single-sine': 'single-sine',
  triangle: 'single-triangle',
  'single-triangle': 'single-triangle',
};

function method(value: string): agri.DegreeDayMethod {
  const m = METHOD_ALIASES[value];
  if (!m)
    throw new XinzhiError('BAD_INPUT', `--method must be one of ${Object.keys(METHOD_ALIASES).join(', ')}`, {
      field: '--method',
    });
  return m;
}

export function registerGdd(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('gdd')
    .description(
      'degree days for one day (--tmin/--tmax) or accumulated over a CSV (--daily), with pest alerts',
    )
    .option('--tmin <t>', 'minimum temperature of the day')
    .option('--tmax <t>', 'maximum temperature of the day')
    .option('--daily <weather.csv>', 'CSV with date,tmin,tmax: accumulate instead')
    .option('--base <t>', 'lower threshold (same unit as temperatures)')
    .option('--upper <t>', 'upper threshold, horizontal cutoff')
    .option('--method <m>', 'average | average-modified | sine | triangle', 'sine')
    .option(
      '--model <id>',
      `pest or crop model (sets thresholds, method; alerts): ${agri.DEGREE_DAY_MODELS.map((m) => m.id).join(', ')}`,
    )
    .option('--unit <C|F>', 'temperature unit of the data when --model is used', 'C')
    .option('--biofix <date>', 'start of the count (YYYY-MM-DD) for --daily')
    .option('--forecast-from <date>', 'first forecast date in --daily (alerts after it are predictions)')
    .option('--asset <id>', 'field or orchard id for alerts', 'field')
    .addOption(jsonOption())
    .action(
      action(ctx, (opts) => {
        if (opts.unit !== 'C' && opts.unit !== 'F')
          throw new XinzhiError('BAD_INPUT', '--unit must be C or F', { field: '--unit' });
        const model = opts.model !== undefined ? agri.findDegreeDayModel(opts.model) : undefined;
        if (opts.model !== undefined && !model)
          throw new XinzhiError('BAD_INPUT', `unknown model '${opts.model}'`, { field: '--model' });
        const toUnit = (f: number): number => (opts.unit === 'F' ? f : agri.fahrenheitToCelsius(f));
        const base = model ? toUnit(model.lowerF) : requiredNumberFlag('--base', opts.base);
        const upper = model
          ? model.upperF !== undefined
            ? toUnit(model.upperF)
            : undefined
          : numberFlag('--upper', opts.upper);
        const m = model ? model.method : method(opts.method);
        if (upper !== undefined && upper <= base)
          throw new XinzhiError('BAD_INPUT', '--upper must exceed --base', { field: '--upper' });
        if (opts.daily === undefined) {
          const tMin = requiredNumberFlag('--tmin', opts.tmin);
          const tMax = requiredNumberFlag('--tmax', opts.tmax);
          if (tMax < tMin) throw new XinzhiError('BAD_INPUT', '--tmax is below --tmin', { field: '--tmax' });
          const dd = agri.degreeDays(m, tMin, tMax, base, upper ?? Infinity);
          if (opts.json)
            return printJson(ctx, { method: m, tMin, tMax, base, upper: upper ?? null, degreeDays: dd });
          return ctx.stdout(
            `${dd.toFixed(3)} degree-days (${m}, base ${base}${upper !== undefined ? `, upper ${upper}` : ''})`,
          );
        }
        const rows = unwrap(agri.parseWeatherCsv(readText(opts.daily, '--daily'), opts.daily));
        const days = rows.map((r) => ({ date: r.date, tMin: r.tMin, tMax: r.tMax }));
        const acc = agri.accumulateDegreeDays(days, {
          method: m,
          lower: base,
          ...(upper !== undefined ? { upper } : {}),
          ...(opts.biofix !== undefined ? { from: opts.biofix } : {}),
        });
        const risk = model
          ? agri.pestRisk({
              model,
              assetId: opts.asset,
              days,
              unit: opts.unit,
              ...(opts.biofix !== undefined ? { biofix: opts.biofix } : {}),
              ...(opts.forecastFrom !== undefined ? { forecastFrom: opts.forecastFrom } : {}),
            })
          : undefined;
        if (opts.json)
          return printJson(ctx, {
            method: m,
            base,
            upper: upper ?? null,
            rows: acc,
            ...(risk
              ? { model: model?.id, source: model?.source, alerts: risk.alerts, status: risk.status }
              : {}),
          });
        table(
          ctx,
          ['date', 'DD', 'cumulative'],
          acc.map((r) => [r.date, r.degreeDays.toFixed(2), r.cumulative.toFixed(1)]),
        );
        for (const a of risk?.alerts ?? []) ctx.stdout(`[${a.severity}] ${a.message}`);
      }),
    );
}
