/**
 * Which alarms an operator asks for: by state as the alarm console groups them (`active` is what
 * needs attention: open and not shelved), by asset subtree or by exact source.
 */
import { type Alarm, type AlarmService, isOpen } from '../../analytics/index.js';

export const ALARM_STATE_FILTERS = ['active', 'unacked', 'acked', 'shelved', 'closed', 'all'] as const;
export type AlarmStateFilter = (typeof ALARM_STATE_FILTERS)[number];

export interface AlarmFilter {
  readonly state: AlarmStateFilter;
  /** This asset and everything under it. */
  readonly asset?: string | undefined;
  /** This exact source (a series id). */
  readonly source?: string | undefined;
}

export const isShelved = (a: Alarm, now: number): boolean => a.shelvedUntil !== null && a.shelvedUntil > now;

function matches(a: Alarm, state: AlarmStateFilter, now: number): boolean {
  switch (state) {
    case 'active':
      return isOpen(a) && !isShelved(a, now);
    case 'unacked':
      return a.state === 'unacknowledged' || a.state === 'returned-unacknowledged';
    case 'acked':
      return a.state === 'acknowledged';
    case 'shelved':
      return isShelved(a, now);
    case 'closed':
      return a.state === 'normal';
    default:
      return true;
  }
}

/** The alarms matching `f` at `now`, most recently changed first. */
export async function findAlarms(alarms: AlarmService, f: AlarmFilter, now: number): Promise<Alarm[]> {
  const under = (src: string) => f.asset === undefined || src === f.asset || src.startsWith(`${f.asset}/`);
  const all = await alarms.list(f.source === undefined ? {} : { source: f.source });
  return all.filter((a) => under(a.source) && matches(a, f.state, now));
}
