/** `xinzhi alarms list`: alarms, most recently changed first, filtered by state, asset or source. */
import type { Command } from '@commander-js/extra-typings';
import { type Alarm, createAlarmService } from '../../../analytics/index.js';
import { systemClock, toIso, XinzhiError } from '../../../core/index.js';
import {
  ALARM_STATE_FILTERS,
  type AlarmStateFilter,
  findAlarms,
  isShelved,
} from '../../../domains/monitoring/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';

const STATES = ALARM_STATE_FILTERS;

const line = (a: Alarm, now: number): string =>
  `${a.key}  ${a.severity}  ${a.state}${isShelved(a, now) ? ` (shelved until ${toIso(a.shelvedUntil!)})` : ''}  ` +
  `${a.message}${a.value === null ? '' : ` [${a.value}]`}  since ${toIso(a.raisedAt)}` +
  (a.ackedBy === null ? '' : `, acked by ${a.ackedBy}`);

export function registerList(cmd: Command, ctx: CliContext): void {
  withDbAndJson(
    cmd
      .command('list')
      .description('alarms, most recently changed first')
      .option('--state <state>', `${STATES.join(' | ')} (active: open and not shelved)`, 'active')
      .option('--asset <id>', 'only alarms of this asset and everything under it')
      .option('--source <id>', 'only alarms of this exact source (a series id)'),
  ).action(
    action(ctx, async (opts) => {
      if (!(STATES as readonly string[]).includes(opts.state))
        throw new XinzhiError(
          'BAD_INPUT',
          `--state must be one of ${STATES.join(', ')}, not "${opts.state}"`,
          {
            field: '--state',
          },
        );
      const now = systemClock.now();
      const filter = { state: opts.state as AlarmStateFilter, asset: opts.asset, source: opts.source };
      const alarms = await withExistingStore(opts, (store) =>
        findAlarms(createAlarmService({ store }), filter, now),
      );
      if (opts.json) printJson(ctx, { state: opts.state, total: alarms.length, alarms });
      else
        ctx.stdout(
          alarms.length === 0
            ? `no ${opts.state === 'all' ? '' : `${opts.state} `}alarms`
            : [...alarms.map((a) => line(a, now)), `${alarms.length} ${opts.state} alarms`].join('\n'),
        );
    }),
  );
}
