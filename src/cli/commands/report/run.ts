/** `xinzhi report run <type>`: render a report for a period to a PDF, XLSX or CSV file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { XinzhiError } from '../../../core/index.js';
import { reports } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { time } from './shared.js';

export function registerRun(report: Command, ctx: CliContext): void {
  report
    .command('run <type>')
    .description(`render a report: ${reports.REPORT_TYPES.join(', ')}`)
    .option('--from <time>', 'period start (ISO 8601 or epoch ms)')
    .option('--to <time>', 'period end')
    .option('--period <kind>', 'shift, day, week or month holding --at (instead of --from/--to)')
    .option('--at <time>', 'an instant in the period (default now)')
    .option('--format <format>', 'pdf, xlsx or csv', 'pdf')
    .option('--lang <lang>', 'en or zh', 'en')
    .requiredOption('--out <file>', 'output file (CSV: further tables beside it as <file>.<table>.csv)')
    .addOption(dbOption('database file (default ./xinzhi.db or $XINZHI_DB) or postgres:// URL'))
    .option('--tz <zone>', 'time zone (default the site’s timeZone attribute, else UTC)')
    .option('--series <id>', 'one series (quality)')
    .option('--asset <id>', 'an asset and what is under it (quality, production, maintenance, agriculture)')
    .option('--run <id>', 'a training run (training)')
    .option('--plan <id>', 'a stored plan (plan, routes)')
    .addOption(jsonOption('print what was written as JSON'))
    .action(
      action(ctx, async (type, o) => {
        if (!reports.isReportType(type))
          throw new XinzhiError(
            'BAD_INPUT',
            `unknown report type "${type}"; one of ${reports.REPORT_TYPES.join(', ')}`,
            {
              field: 'type',
            },
          );
        const now = Date.now();
        let printer: reports.PdfPrinter | undefined;
        const out = await withExistingStore(o, async (store) => {
          let from: number;
          let to: number;
          if (o.period !== undefined) {
            if (o.from !== undefined || o.to !== undefined)
              throw new XinzhiError('BAD_INPUT', 'give --period or --from/--to, not both', {
                field: '--period',
              });
            if (!(reports.PERIOD_KINDS as readonly string[]).includes(o.period) || o.period === 'custom')
              throw new XinzhiError(
                'BAD_INPUT',
                `--period must be shift, day, week or month, not "${o.period}"`,
                {
                  field: '--period',
                },
              );
            const { zone } = await reports.reportSite(store, { asset: o.asset, tz: o.tz });
            const at = o.at === undefined ? now : time(o.at, '--at');
            ({ from, to } = reports.reportPeriod(o.period as reports.PeriodKind, { at }, zone));
          } else {
            if (o.from === undefined || o.to === undefined)
              throw new XinzhiError('BAD_INPUT', 'give --from and --to (or --period)', {
                field: o.from === undefined ? '--from' : '--to',
              });
            from = time(o.from, '--from');
            to = time(o.to, '--to');
          }
          try {
            return await reports.runReport(
              store,
              {
                type,
                from,
                to,
                format: o.format,
                lang: o.lang,
                tz: o.tz,
                series: o.series,
                asset: o.asset,
                run: o.run,
                plan: o.plan,
              },
              {
                now,
                pdf: async () => {
                  printer ??= await reports.createPdfPrinter();
                  return printer;
                },
              },
            );
          } finally {
            await printer?.close();
          }
        });
        const written: string[] = [];
        for (const f of out.files) {
          const path = resolve(reports.withSuffix(o.out, f.suffix));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.bytes);
          written.push(path);
        }
        const summary = {
          type,
          format: out.format,
          lang: out.lang,
          from: out.doc.from,
          to: out.doc.to,
          timeZone: out.doc.timeZone,
          files: written,
          buildMs: Math.round(out.buildMs),
          renderMs: Math.round(out.renderMs),
        };
        if (o.json) printJson(ctx, summary);
        else
          ctx.stdout(
            `${written.join('\n')}\n(${summary.buildMs} ms figures, ${summary.renderMs} ms ${out.format})`,
          );
      }),
    );
}
