/**
 * `xinzhi agri pests`: degree days of a field since its biofix; reached thresholds become alarm
 * events (once).
 */
import type { Command } from '@commander-js/extra-typings';
import { action, type CliContext, printJson } from '../../context.js';
import { dbOption, jsonOption } from '../../options.js';
import { withFarm } from './farm.js';
import { fmt } from './input.js';

export function registerPests(agriCmd: Command, ctx: CliContext): void {
  agriCmd
    .command('pests')
    .description(
      'degree days of a field since its biofix; reached thresholds are appended as alarm events (once)',
    )
    .requiredOption('--field <asset>', 'field asset id')
    .addOption(dbOption())
    .addOption(jsonOption())
    .action(
      action(ctx, async (opts) => {
        const { report, raised } = await withFarm(opts, (farm) => farm.pests(opts.field));
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
      }),
    );
}
