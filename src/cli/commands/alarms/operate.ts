/**
 * An operator's action through the alarm service (as `/api/v1/alarms` does), as the CLI user,
 * recorded in the audit log as the API's audit middleware records it.
 */
import { type Alarm, createAlarmService } from '../../../analytics/index.js';
import { systemClock } from '../../../core/index.js';
import type { Store } from '../../../store/index.js';
import { cliActor } from '../../cli-actor.js';

export async function operateAsCli(
  store: Store,
  key: string,
  kind: 'ack' | 'shelve' | 'unshelve',
  opts: { note?: string | undefined; until?: number },
): Promise<Alarm> {
  const actor = cliActor();
  const ts = systemClock.now();
  const user = actor.actorName;
  const after = await createAlarmService({ store }).operate(
    kind === 'shelve'
      ? { kind, key, user, until: opts.until!, ts }
      : kind === 'ack'
        ? { kind, key, user, ts }
        : { kind, key, ts },
  );
  await store.appendAudit({
    ...actor,
    ts,
    action: `alarm.${kind}`,
    target: key,
    after,
    comment: opts.note?.slice(0, 2000) ?? null,
  });
  return after;
}
