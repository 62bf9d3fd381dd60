/**
 * `xinzhi agri irrigate --field <asset>`: the water balance and schedule of a stored field, from the
 * stored weather and soil moisture.
 */
import { type CliContext, printJson } from '../../context.js';
import { numberFlag } from '../../options.js';
import { withFarm } from './farm.js';
import { fmt } from './input.js';

export async function irrigateField(
  ctx: CliContext,
  opts: { field: string; db?: string; days?: string; method: string; json?: boolean },
): Promise<void> {
  const days = numberFlag('--days', opts.days, { integer: true, min: 1, max: 30 }) ?? 7;
  const method = opts.method as 'lp' | 'greedy';
  const r = await withFarm({ db: opts.db, solver: method === 'lp' }, (farm) =>
    farm.water(opts.field, { days, method }),
  );
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
}
