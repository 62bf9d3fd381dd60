/**
 * `xinzhi agri`: FAO-56 ET0 from a weather CSV, degree days and pest alerts, and the irrigation
 * schedule of fields described in a JSON file. Thin adapter over src/domains/agriculture.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { type Issue, issuesError, type Result, XinzhiError } from '../../core/index.js';
import { agriculture as agri } from '../../domains/index.js';
import { Solver } from '../../optimize/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { irrigateField, registerAgriField } from './agri-field.js';

function readText(path: string, flag: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: flag,
      cause: e,
    });
  }
}

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    fallback: 'input',
    detail: `${r.issues.length} problem(s): ${list.join('; ')}`,
  });
}

function number(value: string | undefined, flag: string, required = true): number | undefined {
  if (value === undefined) {
    if (required) throw new XinzhiError('BAD_INPUT', `${flag} is required`, { field: flag });
    return undefined;
  }
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `${flag} must be a number, got '${value}'`, { field: flag });
  return n;
}

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

const table = (ctx: CliContext, header: string[], rows: string[][]): void => {
  const w = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (c: string[]): string => c.map((x, i) => x.padEnd(w[i] ?? 0)).join('  ');
  ctx.stdout([line(header), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)].join('\n'));
};

function registerEt0(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('et0')
    .description('FAO-56 Penman–Monteith ET0 per day from a weather CSV (columns: docs/agriculture.md)')
    .requiredOption('--daily <weather.csv>', 'daily weather CSV')
    .requiredOption('--lat <deg>', 'latitude, decimal degrees (north positive)')
    .requiredOption('--elevation <m>', 'station elevation, metres')
    .option(
      '--krs <k>',
      'Hargreaves radiation coefficient when Rs is missing: 0.16 interior, 0.19 coastal',
      '0.16',
    )
    .option(
      '--arid-offset <degC>',
      'Ko of Tdew = Tmin − Ko when humidity is missing (0 humid, 2–3 arid)',
      '0',
    )
    .option('--json', 'print one JSON document')
    .action(
      action(
        ctx,
        (opts: {
          daily: string;
          lat: string;
          elevation: string;
          krs: string;
          aridOffset: string;
          json?: boolean;
        }) => {
          const site = {
            latitudeDeg: number(opts.lat, '--lat') as number,
            elevationM: number(opts.elevation, '--elevation') as number,
          };
          const rows = unwrap(agri.parseWeatherCsv(readText(opts.daily, '--daily'), opts.daily));
          const result = unwrap(
            agri.et0Series(site, rows, {
              kRs: number(opts.krs, '--krs') as number,
              aridityOffsetC: number(opts.aridOffset, '--arid-offset') as number,
            }),
          );
          if (opts.json)
            return printJson(ctx, { site, method: 'FAO-56 Penman-Monteith (Eq. 6)', rows: result });
          table(
            ctx,
            ['date', 'ET0 mm', 'Rs MJ', 'Rn MJ', 'u2 m/s', 'estimated'],
            result.map((r) => [
              r.date,
              r.et0.toFixed(2),
              r.rs.toFixed(2),
              r.rn.toFixed(2),
              r.u2.toFixed(2),
              r.estimated.length ? r.estimated.map((e) => e.split(' (')[0]).join('; ') : '—',
            ]),
          );
        },
      ),
    );
}

function registerGdd(agriCmd: Command, ctx: CliContext): void {
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
    .option('--json', 'print one JSON document')
    .action(
      action(
        ctx,
        (opts: {
          tmin?: string;
          tmax?: string;
          daily?: string;
          base?: string;
          upper?: string;
          method: string;
          model?: string;
          unit: string;
          biofix?: string;
          forecastFrom?: string;
          asset: string;
          json?: boolean;
        }) => {
          if (opts.unit !== 'C' && opts.unit !== 'F')
            throw new XinzhiError('BAD_INPUT', '--unit must be C or F', { field: '--unit' });
          const model = opts.model !== undefined ? agri.findDegreeDayModel(opts.model) : undefined;
          if (opts.model !== undefined && !model)
            throw new XinzhiError('BAD_INPUT', `unknown model '${opts.model}'`, { field: '--model' });
          const toUnit = (f: number): number => (opts.unit === 'F' ? f : agri.fahrenheitToCelsius(f));
          const base = model ? toUnit(model.lowerF) : (number(opts.base, '--base') as number);
          const upper = model
            ? model.upperF !== undefined
              ? toUnit(model.upperF)
              : undefined
            : number(opts.upper, '--upper', false);
          const m = model ? model.method : method(opts.method);
          if (upper !== undefined && upper <= base)
            throw new XinzhiError('BAD_INPUT', '--upper must exceed --base', { field: '--upper' });
          if (opts.daily === undefined) {
            const tMin = number(opts.tmin, '--tmin') as number;
            const tMax = number(opts.tmax, '--tmax') as number;
            if (tMax < tMin)
              throw new XinzhiError('BAD_INPUT', '--tmax is below --tmin', { field: '--tmax' });
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
        },
      ),
    );
}

function registerIrrigate(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('irrigate')
    .description(
      'irrigation schedule for fields described in a JSON file, or for a field asset from the store (format: docs/agriculture.md)',
    )
    .option('--file <field.json>', 'fields, soil, crop, weather, constraints')
    .option(
      '--field <asset>',
      'a field asset with parameters set (`agri field set`): weather and soil moisture from the store',
    )
    .option('--db <path>', 'database file with --field (default ./xinzhi.db or $XINZHI_DB)')
    .option('--days <n>', 'horizon in days (default: all weather days in the file; 7 with --field)')
    .option('--method <m>', 'lp (MILP on HiGHS, greedy as fallback) | greedy', 'lp')
    .option('--json', 'print one JSON document')
    .action(
      action(
        ctx,
        async (opts: {
          file?: string;
          field?: string;
          db?: string;
          days?: string;
          method: string;
          json?: boolean;
        }) => {
          if (opts.method !== 'lp' && opts.method !== 'greedy')
            throw new XinzhiError('BAD_INPUT', '--method must be lp or greedy', { field: '--method' });
          if ((opts.file === undefined) === (opts.field === undefined))
            throw new XinzhiError('BAD_INPUT', 'give exactly one of --file and --field', { field: '--file' });
          if (opts.field !== undefined) return irrigateField(ctx, { ...opts, field: opts.field });
          if (opts.file === undefined) return;
          let json: unknown;
          try {
            json = JSON.parse(readText(opts.file, '--file'));
          } catch (e) {
            if (e instanceof XinzhiError) throw e;
            throw new XinzhiError('BAD_INPUT', `${opts.file} is not JSON: ${(e as Error).message}`, {
              field: '--file',
            });
          }
          const days = number(opts.days, '--days', false);
          if (days !== undefined && !(Number.isInteger(days) && days >= 1))
            throw new XinzhiError('BAD_INPUT', '--days must be a whole number ≥ 1', { field: '--days' });
          const solver = opts.method === 'lp' ? await Solver.load() : undefined;
          const r = unwrap(
            await agri.runIrrigationRequest(json, {
              ...(days !== undefined ? { days } : {}),
              method: opts.method,
              ...(solver ? { solve: (p, o) => solver.solve(p, o) } : {}),
            }),
          );
          if (opts.json)
            return printJson(ctx, {
              horizon: r.horizon,
              method: r.method,
              ...(r.fallback ? { fallback: r.fallback } : {}),
              ...(r.solve ? { solve: r.solve } : {}),
              methods: r.methods,
              events: r.plan.events,
              fields: r.plan.fields.map((f) => ({
                ...f.summary,
                days: f.days.map((d) => ({
                  date: d.date,
                  kc: d.kc,
                  et0: d.et0,
                  etcAdj: d.etcAdj,
                  rain: d.rain,
                  irrigationGross: d.irrigationGross,
                  dr: d.dr,
                  raw: d.raw,
                  taw: d.taw,
                  ks: d.ks,
                  ...(d.moistureCorrection ? { moistureCorrection: d.moistureCorrection } : {}),
                })),
              })),
              totals: r.plan.totals,
              ...(r.comparison
                ? {
                    comparison: {
                      ...r.comparison,
                      perField: r.comparison.perField.map((p) => ({
                        fieldId: p.scheduled.fieldId,
                        calendar: p.calendar,
                      })),
                    },
                  }
                : {}),
              et0: r.et0,
            });
          ctx.stdout(
            `Irrigation plan ${r.horizon.from} → ${r.horizon.to} (${r.horizon.days} days), method ${r.method}` +
              (r.fallback ? ` (${r.fallback})` : ''),
          );
          table(
            ctx,
            ['date', 'field', 'net mm', 'gross mm', 'm³', 'why'],
            r.plan.events.map((e) => [
              e.date,
              e.fieldId,
              e.netMm.toFixed(1),
              e.grossMm.toFixed(1),
              e.volumeM3.toFixed(0),
              `${e.reason}${e.limitedBy ? ` (limited by ${e.limitedBy})` : ''}`,
            ]),
          );
          ctx.stdout(`total ${r.plan.totals.volumeM3.toFixed(0)} m³`);
          ctx.stdout('');
          table(
            ctx,
            [
              'method',
              'm³',
              '+ refill m³',
              '= equal-end m³',
              'events',
              'stress days',
              'deep perc. mm',
              'rel. ET',
            ],
            r.methods.map((m) => [
              m.method,
              m.volumeM3.toFixed(0),
              m.refillM3.toFixed(0),
              m.equalEndM3.toFixed(0),
              String(m.events),
              String(m.stressDays),
              m.deepPercolationMm.toFixed(1),
              m.relativeEt.toFixed(3),
            ]),
          );
          const c = r.comparison;
          if (c)
            ctx.stdout(
              `fixed calendar (every ${c.calendar.intervalDays} d, ${c.calendar.grossMm} mm): ${c.calendarM3.toFixed(0)} m³; ` +
                `saving ${c.savingM3.toFixed(0)} m³ (${(c.savingFraction * 100).toFixed(1)} %) counting the refill to field capacity at the end ` +
                `(${c.scheduledRefillM3.toFixed(0)} vs ${c.calendarRefillM3.toFixed(0)} m³); stress days ` +
                `${c.scheduledStressDays} vs ${c.calendarStressDays}`,
            );
        },
      ),
    );
}

function readJson(path: string, flag: string): unknown {
  try {
    return JSON.parse(readText(path, flag));
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('BAD_INPUT', `${path} is not JSON: ${(e as Error).message}`, { field: flag });
  }
}

function registerFertilise(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('fertilise')
    .alias('fertilize')
    .description(
      'least-cost fertiliser plan per field (LP; MILP with whole bags; format: docs/agriculture.md)',
    )
    .argument('<plan.json>', 'fields with nutrient requirements, products with analyses and prices')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, async (file: string, opts: { json?: boolean }) => {
        const solver = await Solver.load();
        const r = unwrap(
          await agri.planFertiliser(readJson(file, '<plan.json>'), (p, o) => solver.solve(p, o)),
        );
        if (opts.json) return printJson(ctx, r);
        ctx.stdout(
          `${r.name}: ${r.message}${r.totalCost !== null ? ` Total ${r.currency}${r.totalCost}.` : ''}`,
        );
        if (r.conflict) ctx.stdout(r.conflict);
        for (const f of r.fields) {
          ctx.stdout(`\nfield ${f.id} (${f.areaHa} ha): ${r.currency}${f.cost}`);
          table(
            ctx,
            ['product', 'kg/ha', 'total kg', 'bags', 'cost', 'by application (kg/ha)'],
            f.products.map((p) => [
              p.product,
              p.kgPerHa.toFixed(1),
              p.totalKg.toFixed(1),
              p.bags !== undefined ? String(p.bags) : '—',
              p.cost.toFixed(2),
              Object.entries(p.byApplication)
                .map(([a, v]) => `${a} ${v}`)
                .join(', '),
            ]),
          );
          table(
            ctx,
            ['nutrient', 'min', 'max', 'supplied', 'binding'],
            f.nutrients.map((n) => [
              n.nutrient,
              n.min === null ? '—' : n.min.toFixed(1),
              n.max === null ? '—' : n.max.toFixed(1),
              n.suppliedKgHa.toFixed(1),
              n.binding ?? '',
            ]),
          );
        }
        if (r.sensitivity.length) ctx.stdout(['', ...r.sensitivity.map((s) => `· ${s}`)].join('\n'));
      }),
    );
}

function registerSchedule(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('schedule')
    .description('field-operation schedule: jobs on machines and operators within weather windows (MILP)')
    .argument('<ops.json>', 'weather, machines, operators, jobs (format: docs/agriculture.md)')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, async (file: string, opts: { json?: boolean }) => {
        const solver = await Solver.load();
        const r = unwrap(
          await agri.scheduleOperations(readJson(file, '<ops.json>'), (p, o) => solver.solve(p, o)),
        );
        if (opts.json) return printJson(ctx, r);
        ctx.stdout(r.message);
        for (const m of r.machines) {
          ctx.stdout(`\nmachine ${m.id}${m.days.length === 0 ? ': idle' : ''}`);
          if (m.days.length > 0)
            table(
              ctx,
              ['date', 'job', 'type', 'field', 'operator', 'hours'],
              m.days.flatMap((d) =>
                d.work.map((w) => [w.date, w.job, w.type, w.field ?? '', w.operator, w.hours.toFixed(1)]),
              ),
            );
        }
        ctx.stdout('');
        table(
          ctx,
          ['job', 'state', 'machine', 'done', 'days late', 'weather-blocked days'],
          r.jobs.map((j) => [
            j.id,
            j.state,
            j.machine ?? '—',
            j.completionDate ?? '—',
            String(j.daysLate),
            j.blocked.map((b) => `${b.date.slice(5)} ${b.reason}`).join('; '),
          ]),
        );
      }),
    );
}

/** Adds `agri` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  const agriCmd = program
    .command('agri')
    .description('agriculture: FAO-56 ET0, irrigation, degree days and pests');
  registerEt0(agriCmd, ctx);
  registerGdd(agriCmd, ctx);
  registerIrrigate(agriCmd, ctx);
  registerFertilise(agriCmd, ctx);
  registerSchedule(agriCmd, ctx);
  registerAgriField(agriCmd, ctx);
};
