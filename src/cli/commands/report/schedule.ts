/** `xinzhi report schedule …`: report schedules, one file per subcommand. */
import { Command } from '@commander-js/extra-typings';
import type { CliContext } from '../../context.js';
import { registerScheduleAdd } from './schedule-add.js';
import { registerScheduleEnable } from './schedule-enable.js';
import { registerScheduleList } from './schedule-list.js';
import { registerScheduleLog } from './schedule-log.js';
import { registerScheduleRemove } from './schedule-remove.js';
import { registerScheduleRun } from './schedule-run.js';

export function scheduleCommand(ctx: CliContext): Command {
  const s = new Command('schedule').description(
    'report schedules: cron in a time zone, delivered by e-mail, webhook or folder',
  );
  registerScheduleAdd(s, ctx);
  registerScheduleList(s, ctx);
  registerScheduleEnable(s, ctx);
  registerScheduleRemove(s, ctx);
  registerScheduleRun(s, ctx);
  registerScheduleLog(s, ctx);
  return s;
}
