/** `xinzhi report schedule run <id>`: run a schedule now and deliver its report. */
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { silentLogger, systemClock } from '../../../core/index.js';
import { reports } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { idOf } from './shared.js';

export function registerScheduleRun(s: Command, ctx: CliContext): void {
  s.command('run <id>')
    .description('deliver a schedule’s report now (its last complete period) and log it')
    .addOption(dbOption('database file or postgres:// URL'))
    .option('--reports-dir <dir>', 'root of folder deliveries (default $XINZHI_REPORTS_DIR or ./reports)')
    .option('--smtp-url <url>', 'SMTP transport (default $XINZHI_SMTP_URL)')
    .addOption(jsonOption('print the delivery as JSON'))
    .action(
      action(ctx, async (id, o) => {
        let printer: reports.PdfPrinter | undefined;
        const d = await withExistingStore(o, async (store) => {
          const smtpUrl = o.smtpUrl ?? process.env['XINZHI_SMTP_URL'];
          const sched = reports.createReportScheduler({
            store,
            clock: systemClock,
            logger: silentLogger,
            nodeId: 'cli',
            reportsDir: resolve(o.reportsDir ?? process.env['XINZHI_REPORTS_DIR'] ?? 'reports'),
            ...(smtpUrl ? { smtpUrl } : {}),
            retryDelaysMs: [1000],
            pdf: async () => {
              printer ??= await reports.createPdfPrinter();
              return printer;
            },
          });
          try {
            const did = await sched.runNow(idOf(id));
            return (await store.reportSchedules.deliveries({ scheduleId: idOf(id), limit: 20 })).find(
              (x) => x.id === did,
            )!;
          } finally {
            await printer?.close();
          }
        });
        if (o.json) printJson(ctx, d);
        else
          ctx.stdout(
            `${d.state} after ${d.attempts} attempt(s) to ${d.target}${d.error ? `: ${d.error}` : ''}\n${d.files.join('\n')}`,
          );
        if (d.state !== 'delivered') process.exitCode = 1;
      }),
    );
}
