/**
 * The alarm lifecycle as a pure function: (current record or undefined, command) → new record and
 * the transitions it caused. No I/O, no clock: persistence and notification sit in `alarm-service.ts`.
 */
import type { Alarm, AlarmCommand, Transition, TransitionKind } from './alarm.js';
import { alarmKey } from './alarm.js';

export interface Reduced {
  readonly alarm: Alarm | undefined;
  readonly transitions: readonly Transition[];
}

const silenced = (a: Alarm, ts: number): boolean =>
  a.suppressed || (a.shelvedUntil !== null && a.shelvedUntil > ts);

function t(kind: TransitionKind, alarm: Alarm, ts: number, always = false): Transition {
  return { kind, alarm, notify: always || !silenced(alarm, ts) };
}

export function reduceAlarm(current: Alarm | undefined, cmd: AlarmCommand): Reduced {
  switch (cmd.type) {
    case 'raise': {
      const key = alarmKey(cmd.source, cmd.condition);
      if (current && (current.state === 'unacknowledged' || current.state === 'acknowledged')) {
        // Already active: deduplicate, but a higher severity escalates and is announced.
        const escalates = rank(cmd.severity) > rank(current.severity);
        const a: Alarm = {
          ...current,
          repeats: current.repeats + 1,
          value: cmd.value ?? current.value,
          severity: escalates ? cmd.severity : current.severity,
          message: escalates ? cmd.message : current.message,
          lastChangeAt: cmd.ts,
          ...(escalates ? { state: 'unacknowledged' as const, ackedAt: null, ackedBy: null } : {}),
        };
        return { alarm: a, transitions: escalates ? [t('raised', a, cmd.ts)] : [t('repeated', a, cmd.ts)] };
      }
      const a: Alarm = {
        key,
        source: cmd.source,
        condition: cmd.condition,
        severity: cmd.severity,
        state: 'unacknowledged',
        message: cmd.message,
        value: cmd.value ?? null,
        raisedAt: cmd.ts,
        lastChangeAt: cmd.ts,
        repeats: 0,
        ackedAt: null,
        ackedBy: null,
        clearedAt: null,
        shelvedUntil: current?.shelvedUntil ?? null,
        shelvedBy: current?.shelvedBy ?? null,
        suppressed: current?.suppressed ?? false,
      };
      return { alarm: a, transitions: [t('raised', a, cmd.ts)] };
    }
    case 'clear': {
      if (!current || current.state === 'normal' || current.state === 'returned-unacknowledged')
        return { alarm: current, transitions: [] };
      if (current.state === 'acknowledged') {
        const a: Alarm = { ...current, state: 'normal', clearedAt: cmd.ts, lastChangeAt: cmd.ts };
        return { alarm: a, transitions: [t('closed', a, cmd.ts)] };
      }
      const a: Alarm = {
        ...current,
        state: 'returned-unacknowledged',
        clearedAt: cmd.ts,
        lastChangeAt: cmd.ts,
      };
      return { alarm: a, transitions: [t('returned', a, cmd.ts)] };
    }
    case 'ack': {
      if (!current) return { alarm: current, transitions: [] };
      const acked = { ackedAt: cmd.ts, ackedBy: cmd.user, lastChangeAt: cmd.ts };
      if (current.state === 'unacknowledged') {
        const a: Alarm = { ...current, ...acked, state: 'acknowledged' };
        return { alarm: a, transitions: [t('acknowledged', a, cmd.ts, true)] };
      }
      if (current.state === 'returned-unacknowledged') {
        const a: Alarm = { ...current, ...acked, state: 'normal' };
        return { alarm: a, transitions: [t('closed', a, cmd.ts, true)] };
      }
      return { alarm: current, transitions: [] };
    }
    case 'shelve': {
      if (!current) return { alarm: current, transitions: [] };
      const a: Alarm = { ...current, shelvedUntil: cmd.until, shelvedBy: cmd.user, lastChangeAt: cmd.ts };
      return { alarm: a, transitions: [t('shelved', a, cmd.ts, true)] };
    }
    case 'unshelve': {
      if (!current || current.shelvedUntil === null) return { alarm: current, transitions: [] };
      const a: Alarm = { ...current, shelvedUntil: null, shelvedBy: null, lastChangeAt: cmd.ts };
      return { alarm: a, transitions: [t('unshelved', a, cmd.ts, true)] };
    }
    case 'suppress': {
      if (!current || current.suppressed === cmd.on) return { alarm: current, transitions: [] };
      const a: Alarm = { ...current, suppressed: cmd.on, lastChangeAt: cmd.ts };
      return { alarm: a, transitions: [t(cmd.on ? 'suppressed' : 'unsuppressed', a, cmd.ts, true)] };
    }
    case 'tick': {
      if (!current || current.shelvedUntil === null || current.shelvedUntil > cmd.ts)
        return { alarm: current, transitions: [] };
      // Shelving expired: the alarm is back in view; if it is still open, page again.
      const a: Alarm = { ...current, shelvedUntil: null, shelvedBy: null, lastChangeAt: cmd.ts };
      return { alarm: a, transitions: [t('unshelved', a, cmd.ts, current.state !== 'normal')] };
    }
  }
}

const RANKS = { info: 0, warning: 1, minor: 2, major: 3, critical: 4 } as const;
const rank = (s: keyof typeof RANKS): number => RANKS[s];
