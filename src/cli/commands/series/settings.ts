/** What the `series` subcommands share: reading "none"-able flags, and the settings line. */
import {
  parseDuration,
  type Series,
  SIGNAL_TYPES,
  type SignalType,
  XinzhiError,
} from '../../../core/index.js';

/** A number, or `none` to clear the setting. */
export function numOrNone(v: string | undefined, field: string): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new XinzhiError('BAD_INPUT', `${field} must be a number or "none", not "${v}"`, { field });
  return n;
}

export function intervalOrNone(v: string | undefined): number | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  const ms = parseDuration(v);
  if (ms === undefined || ms <= 0)
    throw new XinzhiError('BAD_INPUT', `--interval must be a duration like 10s or 1m, not "${v}"`, {
      field: '--interval',
    });
  return ms;
}

export function signalOrNone(v: string | undefined): SignalType | null | undefined {
  if (v === undefined) return undefined;
  if (v === 'none') return null;
  if (!(SIGNAL_TYPES as readonly string[]).includes(v))
    throw new XinzhiError(
      'BAD_INPUT',
      `--signal must be one of ${SIGNAL_TYPES.join(', ')} (or none), not "${v}"`,
      {
        field: '--signal',
      },
    );
  return v as SignalType;
}

export const settingsLine = (s: Series): string =>
  `${s.id}: range ${s.minValue ?? '-∞'}..${s.maxValue ?? '∞'} ${s.unit}, ` +
  `interval ${s.expectedIntervalMs ?? 'learned'}, retention ${s.retentionDays ?? '∞'} d, signal ${s.signal ?? 'unset'}`;

/**
 * The settings flags `series create` and `series set` share, read and checked (min ≤ max), as the
 * fields of a series input; a flag not given leaves its field out (`none` gives null: cleared).
 */
export function settingFlags(opts: {
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  readonly retentionDays?: string | undefined;
  readonly interval?: string | undefined;
  readonly description?: string | undefined;
  readonly signal?: string | undefined;
}) {
  const min = numOrNone(opts.min, '--min');
  const max = numOrNone(opts.max, '--max');
  const retention = numOrNone(opts.retentionDays, '--retention-days');
  const interval = intervalOrNone(opts.interval);
  const signal = signalOrNone(opts.signal);
  if (min != null && max != null && min > max)
    throw new XinzhiError('BAD_INPUT', '--min must not exceed --max', { field: '--min' });
  return {
    ...(min === undefined ? {} : { minValue: min }),
    ...(max === undefined ? {} : { maxValue: max }),
    ...(retention === undefined ? {} : { retentionDays: retention }),
    ...(interval === undefined ? {} : { expectedIntervalMs: interval }),
    ...(opts.description === undefined ? {} : { description: opts.description }),
    ...(signal === undefined ? {} : { signal }),
  };
}
