/** `xinzhi agri schedule`: field operations on machines and operators within weather windows. */
import type { Command } from '@commander-js/extra-typings';
import { agriculture as agri } from '../../../domains/index.js';
import { Solver } from '../../../optimize/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { jsonOption } from '../../options.js';
import { readJson, table, unwrap } from './input.js';

export function registerSchedule(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('schedule')
    .description('field-operation schedule: jobs on machines and operators within weather windows (MILP)')
    .argument('<ops.json>', 'weather, machines, operators, jobs (format: docs/agriculture.md)')
    .addOption(jsonOption())
    .action(
      action(ctx, async (file, opts) => {
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
