/**
 * Alarm KPIs of a window read from the Store's event log: the one place that decides which events
 * (and how much history before `from`) the KPIs see, shared by `GET /api/v1/alarms/kpis` and the
 * alarms report so both give the same figures for the same window.
 */
import type { Store } from '../../store/index.js';
import { type AlarmEventLike, type AlarmKpis, alarmKpis, KPI_EVENT_KINDS } from './alarm-kpis.js';

/** History read before `from` so that alarms standing since earlier are seen. */
export const STANDING_LOOKBACK_MS = 7 * 24 * 3_600_000;

export interface StoredKpiOptions {
  readonly from: number;
  readonly to: number;
  readonly consoles?: number;
  /** Keeps an event (e.g. the caller's scope over the alarm's source); default all. */
  readonly keep?: (e: AlarmEventLike) => boolean;
}

/** The events the KPIs read, and the KPIs over them. */
export async function storedAlarmKpis(
  store: Pick<Store, 'listEvents'>,
  o: StoredKpiOptions,
): Promise<{ kpis: AlarmKpis; events: AlarmEventLike[] }> {
  const all = (
    await Promise.all(
      KPI_EVENT_KINDS.map((kind) =>
        store.listEvents({ kind, from: o.from - STANDING_LOOKBACK_MS, to: o.to }),
      ),
    )
  ).flat();
  const events = o.keep ? all.filter(o.keep) : all;
  const kpis = alarmKpis({
    events,
    from: o.from,
    to: o.to,
    ...(o.consoles === undefined ? {} : { consoles: o.consoles }),
  });
  return { kpis, events };
}
