/** `xinzhi agri irrigate`: irrigation schedule for fields from a JSON file, or a stored field asset. */
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { agriculture as agri } from '../../../domains/index.js';
import { Solver } from '../../../optimize/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption, numberFlag } from '../../options.js';
import { readText, table, unwrap } from './input.js';
import { irrigateField } from './irrigate-field.js';

export function registerIrrigate(agriCmd: Command, ctx: CliContext): void {
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
    .addOption(dbOption())
    .option('--days <n>', 'horizon in days (default: all weather days in the file; 7 with --field)')
    .option('--method <m>', 'lp (MILP on HiGHS, greedy as fallback) | greedy', 'lp')
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
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
        const days = numberFlag('--days', opts.days, { integer: true, min: 1 });
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
      }),
    );
}
