/**
 * Alarm persistence and notification around the pure reducer: records live in the collection
 * `monitoring.alarms` (one document per (source, condition)), every transition is appended to
 * the Store's event log (`alarm.raised`, `alarm.acknowledged`, …) and handed to the notifier unless
 * the alarm is shelved or suppressed. Commands are applied one at a time, in arrival order.
 */
import type { Logger } from '../../core/index.js';
import { XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, type Store } from '../../store/index.js';
import { type Alarm, type AlarmCommand, alarmKey, isOpen, type Transition } from './alarm.js';
import { alarmCollection } from './alarm-collection.js';
import { reduceAlarm } from './reduce-alarm.js';

export const ALARM_NS = DOC_NAMESPACES.monitoringAlarms;

export interface AlarmServiceDeps {
  readonly store: Store;
  readonly notify?: (t: Transition) => Promise<unknown>;
  readonly logger?: Logger;
}

/** What an operator does to an alarm; `user` is who did it (not recorded for unshelve). */
export type OperatorAction =
  | { readonly kind: 'ack'; readonly key: string; readonly user: string; readonly ts: number }
  | {
      readonly kind: 'shelve';
      readonly key: string;
      readonly user: string;
      readonly until: number;
      readonly ts: number;
    }
  | { readonly kind: 'unshelve'; readonly key: string; readonly ts: number };

export interface AlarmService {
  apply(cmd: AlarmCommand): Promise<Transition[]>;
  /**
   * Expires shelving at `now` for every shelved alarm, or only those whose source `owns` accepts
   * (in a cluster each node expires the alarms of the series it evaluates, so none twice).
   */
  tick(now: number, owns?: (source: string) => boolean): Promise<Transition[]>;
  get(key: string): Promise<Alarm | undefined>;
  /**
   * An operator's action on one alarm (acknowledge, shelve until a time, unshelve) and the alarm
   * after it; NOT_FOUND naming the key when there is no such alarm.
   */
  operate(action: OperatorAction): Promise<Alarm>;
  list(filter?: { open?: boolean; source?: string }): Promise<Alarm[]>;
}

export function createAlarmService(deps: AlarmServiceDeps): AlarmService {
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const next = queue.then(fn, fn);
    queue = next.catch(() => undefined);
    return next;
  };

  const keyOf = (cmd: AlarmCommand): string | undefined =>
    cmd.type === 'raise' || cmd.type === 'clear'
      ? alarmKey(cmd.source, cmd.condition)
      : 'key' in cmd
        ? cmd.key
        : undefined;

  async function applyOne(cmd: AlarmCommand, key: string): Promise<Transition[]> {
    const current = await alarmCollection.get(deps.store, key);
    if (
      !current &&
      (cmd.type === 'ack' || cmd.type === 'shelve' || cmd.type === 'unshelve' || cmd.type === 'suppress')
    )
      throw new XinzhiError('NOT_FOUND', `no alarm '${key}'`, { field: 'key' });
    const r = reduceAlarm(current, cmd);
    if (r.alarm && r.transitions.length > 0) {
      await alarmCollection.put(deps.store, key, r.alarm);
      for (const t of r.transitions) {
        await deps.store.appendEvent({
          ts: cmd.ts,
          kind: `alarm.${t.kind}`,
          // Designed suppression follows the equipment's state all day: a record, not an alert.
          severity: t.kind === 'suppressed' || t.kind === 'unsuppressed' ? 'info' : t.alarm.severity,
          seriesId: null,
          message: t.alarm.message,
          data: {
            key: t.alarm.key,
            source: t.alarm.source,
            condition: t.alarm.condition,
            state: t.alarm.state,
            // What the KPIs need to tell an annunciated alarm from a silenced one (alarm-kpis.ts).
            notify: t.notify,
            ...(t.kind === 'shelved'
              ? { shelvedUntil: t.alarm.shelvedUntil, shelvedBy: t.alarm.shelvedBy }
              : {}),
          },
        });
        if (t.notify && deps.notify)
          await deps
            .notify(t)
            .catch((e: unknown) => deps.logger?.warn({ err: e, key }, 'alarm notification failed'));
      }
    }
    return [...r.transitions];
  }

  const apply = (cmd: AlarmCommand): Promise<Transition[]> =>
    serial(async () => {
      const key = keyOf(cmd);
      if (key === undefined) return [];
      return applyOne(cmd, key);
    });
  return {
    apply,
    async operate(a) {
      if (a.kind === 'ack') await apply({ type: 'ack', key: a.key, user: a.user, ts: a.ts });
      else if (a.kind === 'shelve')
        await apply({ type: 'shelve', key: a.key, user: a.user, until: a.until, ts: a.ts });
      else await apply({ type: 'unshelve', key: a.key, ts: a.ts });
      const after = await alarmCollection.get(deps.store, a.key);
      if (!after) throw new XinzhiError('NOT_FOUND', `no alarm '${a.key}'`, { field: 'key' });
      return after;
    },
    tick: (now, owns) =>
      serial(async () => {
        // A bad record must not stop every other alarm's shelving from expiring.
        const all = await alarmCollection.listValid(deps.store, (err) =>
          deps.logger?.error({ err: err.message }, 'alarm record unreadable: skipped'),
        );
        const out: Transition[] = [];
        for (const { key, doc } of all)
          if (doc.shelvedUntil !== null && doc.shelvedUntil <= now && (!owns || owns(doc.source)))
            out.push(...(await applyOne({ type: 'tick', ts: now }, key)));
        return out;
      }),
    get: (key) => alarmCollection.get(deps.store, key),
    list: async (filter = {}) =>
      (await alarmCollection.list(deps.store))
        .map((d) => d.doc)
        .filter(
          (a) =>
            (filter.open === undefined || isOpen(a) === filter.open) &&
            (!filter.source || a.source === filter.source),
        )
        .sort((a, b) => b.lastChangeAt - a.lastChangeAt),
  };
}
