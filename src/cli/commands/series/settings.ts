/** What the `series` subcommands share: their options, reading "none"-able flags, and the settings line. */
import {
  parseDuration,
  type Series,
  SIGNAL_TYPES,
  type SignalType,
  XinzhiError,
} from '../../../core/index.js';
import type { SeriesSettings } from '../../../domains/series/index.js';
import { sharedOptions } from '../../options.js';

/** The settings flags of `series create` and `series set`, as commander gives them. */
export interface SettingsFlags {
  min?: string;
  max?: string;
  retentionDays?: string;
  interval?: string;
  description?: string;
  signal?: string;
}

/** Adds the settings flags of `series create` and `series set`, typed for their handlers. */
export const settingsOptions = sharedOptions((c) =>
  c
    .option('--min <value>', 'physical minimum (in the series unit); values below are quarantined')
    .option('--max <value>', 'physical maximum; values above are quarantined')
    .option('--retention-days <days>', 'delete raw points older than this (rollups stay)')
    .option('--interval <duration>', 'expected sampling interval (10s, 1m…) for gaps and completeness')
    .option('--description <text>', 'free text')
    .option('--signal <type>', 'gauge, counter or state: stuck and outlier checks apply to gauges only'),
);

/** The settings the flags give; a flag left out is undefined (the setting keeps its value). */
export function settingsOf(opts: SettingsFlags): SeriesSettings {
  return {
    minValue: numOrNone(opts.min, '--min'),
    maxValue: numOrNone(opts.max, '--max'),
    retentionDays: numOrNone(opts.retentionDays, '--retention-days'),
    expectedIntervalMs: intervalOrNone(opts.interval),
    description: opts.description,
    signal: signalOrNone(opts.signal),
  };
}

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
