/** The period a scheduled report covers: the last complete shift, day, week or month before it fires. */
import type { TimeZone } from '../../../core/index.js';
import { type PeriodKind, reportPeriod } from '../period.js';

export function periodBefore(kind: PeriodKind, fireAt: number, zone: TimeZone): { from: number; to: number } {
  const p = reportPeriod(kind, { at: fireAt }, zone);
  return p.to <= fireAt ? p : reportPeriod(kind, { at: p.from - 1 }, zone);
}
