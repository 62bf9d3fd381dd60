/** `xinzhi report schedule list`: the report schedules. */
import type { Command } from '@commander-js/extra-typings';
import { reports } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';

export function registerScheduleList(s: Command, ctx: CliContext): void {
  s.command('list')
    .description('schedules and their next fire time')
    .addOption(dbOption('database file or postgres:// URL'))
    .addOption(jsonOption('print JSON'))
    .action(
      action(ctx, async (o) => {
        const list = await withExistingStore(o, (store) => store.reportSchedules.list());
        const rows = list.map((r) => {
          const p = reports.ScheduleSpecSchema.safeParse(r.spec);
          return { ...r, next: p.success && r.enabled ? reports.nextFire(p.data, Date.now()) : null };
        });
        if (o.json) printJson(ctx, { schedules: rows });
        else if (rows.length === 0) ctx.stdout('no report schedules');
        else
          for (const r of rows)
            ctx.stdout(
              `${String(r.id).padStart(4)}  ${r.enabled ? 'on ' : 'off'}  ${String(r.spec['type']).padEnd(12)} ${String(r.spec['cron']).padEnd(14)} ${String(r.spec['timeZone']).padEnd(16)} next ${r.next === null ? '—' : new Date(r.next).toISOString()}  ${r.name}`,
            );
      }),
    );
}
