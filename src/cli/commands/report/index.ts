/**
 * `xinzhi report …`: reports people file and forward.
 *
 *   xinzhi report run <type> --from <ISO> --to <ISO> --format pdf|xlsx|csv --lang zh|en --out <file>
 *                     [--db …] [--series|--asset|--run|--plan …] [--tz Asia/Shanghai]
 *   xinzhi report run <type> --period day|week|month|shift [--at <ISO>] …   (a period in the site's zone)
 *   xinzhi report types
 *   xinzhi report schedule add --name … --type production --cron "5 6 * * *" --tz Asia/Shanghai --period day
 *                          --format pdf --lang zh (--email a@b,c@d | --webhook URL | --folder sub/dir)
 *   xinzhi report schedule list | enable <id> | disable <id> | remove <id> | run <id> | log [--schedule id]
 *
 * One file per subcommand.
 */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerRun } from './run.js';
import { scheduleCommand } from './schedule.js';
import { registerTypes } from './types.js';

export function reportCommand(ctx: CliContext): Command {
  const report = new Command('report').description(
    'reports in PDF, XLSX or CSV, in English or 简体中文, for a period in the site’s time zone',
  );
  registerTypes(report, ctx);
  registerRun(report, ctx);
  report.addCommand(scheduleCommand(ctx));
  return report;
}

/** Adds `report` (a RegisterCommand; typed structurally so this module does not import the list that imports it). */
export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(reportCommand(ctx));
};
