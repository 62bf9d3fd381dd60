/** `xinzhi alarms list`: alarms, most recently changed first, filtered by state, asset or source. */
import type { Command } from '@commander-js/extra-typings';
import { type Alarm, createAlarmService, isOpen } from '../../../analytics/index.js';
import { systemClock, toIso, XinzhiError } from '../../../core/index.js';
import { action, type CliContext, printJson } from '../../context.js';
import { withExistingStore } from '../../open-store.js';
import { withDbAndJson } from '../../options.js';

const STATES = ['active', 'unacked', 'acked', 'shelved', 'closed', 'all'] as const;
type StateFilter = (typeof STATES)[number];

const shelved = (a: Alarm, now: number): boolean => a.shelvedUntil !== null && a.shelvedUntil > now;

/** Which alarms a `--state` shows; `active` (open and not shelved) is what needs attention. */
function matches(a: Alarm, state: StateFilter, now: number): boolean {
  switch (state) {
    case 'active':
      return isOpen(a) && !shelved(a, now);
    case 'unacked':
      return a.state === 'unacknowledged' || a.state === 'returned-unacknowledged';
    case 'acked':
      return a.state === 'acknowledged';
    case 'shelved':
      return shelved(a, now);
    case 'closed':
      return a.state === 'normal';
    default:
      return true;
  }
}

const line = (a: Alarm, now: number): string =>
  `${a.key}  ${a.severity}  ${a.state}${shelved(a, now) ? ` (shelved until ${toIso(a.shelvedUntil!)})` : ''}  ` +
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
      const all = await withExistingStore(opts, (store) =>
        createAlarmService({ store }).list(opts.source === undefined ? {} : { source: opts.source }),
      );
      const under = (src: string) =>
        opts.asset === undefined || src === opts.asset || src.startsWith(`${opts.asset}/`);
      const alarms = all.filter((a) => under(a.source) && matches(a, opts.state as StateFilter, now));
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
