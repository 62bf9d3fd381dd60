/**
 * Alarm records and their lifecycle after ISA-18.2 (Management of Alarm Systems for the Process
 * Industries): an alarm is active or not (the process condition) and acknowledged or not (the
 * operator), which gives the states
 *
 *   normal ──raise──► unacknowledged ──ack──► acknowledged ──clear──► normal
 *                          │ clear                                    ▲
 *                          ▼                                          │
 *                 returned-unacknowledged ────────ack─────────────────┘
 *
 * plus two overlays that silence notifications without losing the record: shelving (by an
 * operator, with an expiry) and suppression (by design, e.g. the machine is stopped).
 * One record per (source, condition): a repeat of an active condition is counted, not duplicated.
 */
import type { Severity } from '../../core/index.js';

export type AlarmState = 'normal' | 'unacknowledged' | 'acknowledged' | 'returned-unacknowledged';

export interface Alarm {
  /** `${source}|${condition}`: the deduplication key. */
  readonly key: string;
  /** What raised it: a series id, an asset, a detector. */
  readonly source: string;
  /** Which condition: `high`, `low`, `rate`, `stuck`, `missing`, `anomaly`, or a rule name. */
  readonly condition: string;
  readonly severity: Severity;
  readonly state: AlarmState;
  readonly message: string;
  /** The value that (last) raised it, when there is one. */
  readonly value: number | null;
  readonly raisedAt: number;
  readonly lastChangeAt: number;
  /** How many times the condition was raised while the alarm was already open. */
  readonly repeats: number;
  readonly ackedAt: number | null;
  readonly ackedBy: string | null;
  readonly clearedAt: number | null;
  /** Shelved until this time (ms), or null. */
  readonly shelvedUntil: number | null;
  readonly shelvedBy: string | null;
  readonly suppressed: boolean;
}

export type AlarmCommand =
  | {
      readonly type: 'raise';
      readonly source: string;
      readonly condition: string;
      readonly severity: Severity;
      readonly message: string;
      readonly value?: number;
      readonly ts: number;
    }
  | { readonly type: 'clear'; readonly source: string; readonly condition: string; readonly ts: number }
  | { readonly type: 'ack'; readonly key: string; readonly user: string; readonly ts: number }
  | {
      readonly type: 'shelve';
      readonly key: string;
      readonly user: string;
      readonly until: number;
      readonly ts: number;
    }
  | { readonly type: 'unshelve'; readonly key: string; readonly ts: number }
  | { readonly type: 'suppress'; readonly key: string; readonly on: boolean; readonly ts: number }
  /** Advances time: expires shelving. */
  | { readonly type: 'tick'; readonly ts: number };

export type TransitionKind =
  | 'raised'
  | 'repeated'
  | 'acknowledged'
  | 'returned'
  | 'closed'
  | 'shelved'
  | 'unshelved'
  | 'suppressed'
  | 'unsuppressed';

export interface Transition {
  readonly kind: TransitionKind;
  readonly alarm: Alarm;
  /** False while shelved or suppressed: the change is recorded but nobody is paged. */
  readonly notify: boolean;
}

/** The longest an alarm may be shelved: a week, so a forgotten shelf cannot hide it for good. */
export const MAX_SHELVE_MS = 7 * 24 * 3_600_000;

export const alarmKey = (source: string, condition: string): string => `${source}|${condition}`;

export const isOpen = (a: Alarm): boolean => a.state !== 'normal';
