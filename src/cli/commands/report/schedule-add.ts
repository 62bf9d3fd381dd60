/** `xinzhi report schedule add`: a report schedule (cron in a time zone; e-mail, webhook or folder). */
import type { Command } from '@commander-js/extra-typings';
import { reports } from '../../../domains/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { dbOption, jsonOption } from '../../options.js';
import { scheduleFromFlags } from './shared.js';

export function registerScheduleAdd(s: Command, ctx: CliContext): void {
  s.command('add')
    .description(
      'add a schedule, e.g. --type production --cron "5 6 * * *" --tz Asia/Shanghai --period day --email boss@plant.cn',
    )
    .requiredOption('--name <name>', 'what people call it')
    .requiredOption('--type <type>', reports.REPORT_TYPES.join(', '))
    .requiredOption('--cron <expr>', 'cron expression (minute hour day month weekday), in --tz')
    .option('--tz <zone>', 'IANA zone or offset the cron and the period are in', 'UTC')
    .option('--period <kind>', 'the last complete shift, day, week or month', 'day')
    .option('--format <format>', 'pdf, xlsx or csv', 'pdf')
    .option('--lang <lang>', 'en or zh', 'en')
    .option('--asset <id>', 'limit to an asset (quality, production)')
    .option('--folder <path>', 'deliver into this folder under the reports directory')
    .option('--webhook <url>', 'deliver by POSTing the files (multipart) to this URL')
    .option('--email <addresses>', 'deliver by e-mail to these comma-separated addresses (XINZHI_SMTP_URL)')
    .option('--retries <n>', 'further attempts after a failed delivery', '3')
    .option('--disabled', 'add it switched off')
    .addOption(dbOption('database file or postgres:// URL'))
    .addOption(jsonOption('print the schedule as JSON'))
    .action(
      action(ctx, async (o) => {
        const input = scheduleFromFlags(o);
        const rec = await withExistingStore(o, (store) =>
          store.reportSchedules.create({ ...input, org: 'default', now: Date.now() }),
        );
        if (o.json) printJson(ctx, rec);
        else
          ctx.stdout(
            `schedule ${rec.id} "${rec.name}": next ${new Date(reports.nextFire(input.spec, Date.now()) ?? 0).toISOString()}`,
          );
      }),
    );
}
