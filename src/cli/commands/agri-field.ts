/**
 * The store-fed part of `xinzhi agri`: `irrigate --field <asset>` (water balance and schedule from
 * the stored weather and soil moisture), `field set|show` (a field's crop, soil and sensor
 * settings) and `pests --field` (degree days since the biofix; thresholds reached become alarms).
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { XinzhiError } from '../../core/index.js';
import { agriculture as agri } from '../../domains/index.js';
import { Solver } from '../../optimize/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions } from '../open-store.js';

const fmt = (v: number, d = 1): string => v.toFixed(d);

export async function irrigateField(
  ctx: CliContext,
  opts: { field: string; db?: string; days?: string; method: string; json?: boolean },
): Promise<void> {
  const days = opts.days === undefined ? 7 : Number(opts.days);
  if (!(Number.isInteger(days) && days >= 1 && days <= 30))
    throw new XinzhiError('BAD_INPUT', '--days must be a whole number in 1..30', { field: '--days' });
  const store = await openStoreFromOptions({ db: opts.db });
  try {
    const solver = opts.method === 'lp' ? await Solver.load() : undefined;
    const r = await agri.fieldWaterFromStore(store, opts.field, {
      now: Date.now(),
      days,
      method: opts.method as 'lp' | 'greedy',
      ...(solver ? { solve: (p, o) => solver.solve(p, o) } : {}),
    });
    const plan = r.schedule.plan.fields[0];
    if (opts.json)
      return printJson(ctx, {
        field: r.fieldId,
        today: r.today,
        forecast: r.forecast,
        missingDays: r.missingDays,
        history: r.history,
        method: r.schedule.method,
        ...(r.schedule.fallback ? { fallback: r.schedule.fallback } : {}),
        events: r.schedule.plan.events,
        days: plan?.days.map((d) => ({
          date: d.date,
          et0: d.et0,
          etcAdj: d.etcAdj,
          irrigationGross: d.irrigationGross,
          dr: d.dr,
          raw: d.raw,
          taw: d.taw,
          ks: d.ks,
        })),
        summary: plan?.summary,
        methods: r.schedule.methods,
      });
    ctx.stdout(`${r.fieldId} on ${r.today}: ${r.history.length} days replayed from the store`);
    for (const d of r.history)
      ctx.stdout(
        `  ${d.date}  ET0 ${fmt(d.et0)}  ETc ${fmt(d.etcAdj)}  rain ${fmt(d.rain)}  Dr ${fmt(d.dr)} / RAW ${fmt(d.raw)} / TAW ${fmt(d.taw)} mm` +
          (d.moistureCorrection ? `  (sensor: ${fmt(d.moistureCorrection.measuredDr)})` : ''),
      );
    ctx.stdout(
      `Next ${days} days by persistence: ET0 ${fmt(r.forecast.et0, 2)} mm/day (mean of ${r.forecast.basis.join(', ')}), no rain`,
    );
    for (const e of r.schedule.plan.events)
      ctx.stdout(`  irrigate ${e.date}: ${fmt(e.grossMm)} mm gross, ${fmt(e.volumeM3, 0)} m³ (${e.reason})`);
    if (r.schedule.plan.events.length === 0) ctx.stdout('  no irrigation needed');
  } finally {
    await store.close();
  }
}

export function registerAgriField(agriCmd: Command, ctx: CliContext): void {
  const field = agriCmd.command('field').description("a field asset's crop, soil and sensor settings");
  field
    .command('set')
    .description('set the settings from a JSON file (format: docs/agriculture.md)')
    .requiredOption('--field <asset>', 'field asset id')
    .requiredOption('--file <params.json>', 'crop, soil, plantingDate, areaHa, station, latitude, elevation…')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, async (opts: { field: string; file: string; db?: string; json?: boolean }) => {
        let json: unknown;
        try {
          json = JSON.parse(readFileSync(opts.file, 'utf8'));
        } catch (e) {
          throw new XinzhiError('BAD_INPUT', `${opts.file}: ${(e as Error).message}`, { field: '--file' });
        }
        const store = await openStoreFromOptions({ db: opts.db });
        try {
          const p = await agri.setFieldParams(store, opts.field, json);
          if (opts.json) return printJson(ctx, { field: opts.field, params: p });
          ctx.stdout(`${opts.field}: settings stored`);
        } finally {
          await store.close();
        }
      }),
    );
  field
    .command('show')
    .requiredOption('--field <asset>', 'field asset id')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, async (opts: { field: string; db?: string; json?: boolean }) => {
        const store = await openStoreFromOptions({ db: opts.db });
        try {
          const p = await agri.getFieldParams(store, opts.field);
          if (opts.json) return printJson(ctx, { field: opts.field, params: p });
          ctx.stdout(JSON.stringify(p, null, 2));
        } finally {
          await store.close();
        }
      }),
    );
  agriCmd
    .command('pests')
    .description(
      'degree days of a field since its biofix; reached thresholds are appended as alarm events (once)',
    )
    .requiredOption('--field <asset>', 'field asset id')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB)')
    .option('--json', 'print one JSON document')
    .action(
      action(ctx, async (opts: { field: string; db?: string; json?: boolean }) => {
        const store = await openStoreFromOptions({ db: opts.db });
        try {
          const now = Date.now();
          const report = await agri.degreeDaysFromStore(store, opts.field, { now });
          const raised = await agri.raisePestAlarms(store, opts.field, { now, report });
          if (opts.json)
            return printJson(ctx, {
              ...report,
              models: report.models.map(({ rows, ...m }) => ({ ...m, rows })),
              raised,
            });
          for (const m of report.models)
            ctx.stdout(
              `${m.name}: ${fmt(m.status.cumulative)} °C-days since ${report.biofix}` +
                (m.status.next
                  ? `; next: ${m.status.next.stage} in ${fmt(m.status.next.remaining)} °C-days`
                  : ''),
            );
          for (const e of raised) ctx.stdout(`[${e.severity}] ${e.message}`);
        } finally {
          await store.close();
        }
      }),
    );
}
