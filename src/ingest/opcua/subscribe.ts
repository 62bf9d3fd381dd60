/**
 * Subscriptions over many variables: items are split into subscriptions of at most
 * `maxItemsPerSubscription` (PLCs cap monitored items, e.g. 1,000 on an S7-1200; the server's own
 * MaxMonitoredItemsPerCall caps it further), each with the requested sampling and publishing
 * intervals and an optional deadband. Every change becomes a reading (time from the source,
 * quality from the status, see `status-quality.ts`) or, for a Bad status, a quarantine row; they
 * are handed to `sink` together once per turn of the event loop.
 */
import {
  AttributeIds,
  type ClientSession,
  ClientSubscription,
  DataChangeFilter,
  DataChangeTrigger,
  type DataValue,
  DeadbandType,
  TimestampsToReturn,
} from 'node-opcua';
import type { QuarantineInput } from '../../store/index.js';
import type { RawReading } from '../types.js';
import { statusVerdict } from './status-quality.js';

export interface MonitoredSeries {
  readonly nodeId: string;
  readonly seriesId: string;
  /** UCUM unit of the values (from EngineeringUnits or configured). */
  readonly unit?: string | undefined;
}

export interface SubscribeOptions {
  /** Default 1,000 ms. */
  readonly samplingIntervalMs?: number;
  /** Default 1,000 ms. */
  readonly publishingIntervalMs?: number;
  /** Absolute (engineering units) or percent (of EURange) deadband; default none. */
  readonly deadband?: { readonly type: 'absolute' | 'percent'; readonly value: number };
  /** Default 1,000. */
  readonly maxItemsPerSubscription?: number;
  /** Server queue per item between publishes; default 10. */
  readonly queueSize?: number;
  readonly now: () => number;
  /**
   * Errors node-opcua raises on a subscription after it was created (a request that timed out, a
   * subscription the server dropped). Without a listener they would be unhandled 'error' events,
   * which end the process.
   */
  readonly onError?: (message: string) => void;
}

export type ReadingSink = (readings: RawReading[], quarantine: QuarantineInput[]) => void;

export interface SubscriptionSet {
  readonly subscriptions: number;
  /** Items the server refused, with its status. */
  readonly refused: ReadonlyArray<{ readonly nodeId: string; readonly status: string }>;
  /** Changes received so far. */
  changes(): number;
  close(): Promise<void>;
}

const MAX_MONITORED_ITEMS_PER_CALL = 'ns=0;i=11714';

/** The server's MaxMonitoredItemsPerCall, or 0 when it states none. */
async function serverItemLimit(session: ClientSession): Promise<number> {
  try {
    const dv = await session.read({ nodeId: MAX_MONITORED_ITEMS_PER_CALL, attributeId: AttributeIds.Value });
    const n = Number(dv.value.value);
    return dv.statusCode.isGood() && Number.isInteger(n) && n > 0 ? n : 0;
  } catch {
    return 0;
  }
}

function plainValue(dv: DataValue): unknown {
  const v = dv.value.value as unknown;
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'number' && typeof v[1] === 'number')
    return v[0] * 2 ** 32 + v[1]; // node-opcua's [high, low] 64-bit integers
  return v;
}

export async function subscribeSeries(
  session: ClientSession,
  items: readonly MonitoredSeries[],
  options: SubscribeOptions,
  sink: ReadingSink,
): Promise<SubscriptionSet> {
  const serverLimit = await serverItemLimit(session);
  const want = options.maxItemsPerSubscription ?? 1000;
  const size = Math.max(1, serverLimit > 0 ? Math.min(want, serverLimit) : want);
  const filter = options.deadband
    ? new DataChangeFilter({
        trigger: DataChangeTrigger.StatusValue,
        deadbandType: options.deadband.type === 'absolute' ? DeadbandType.Absolute : DeadbandType.Percent,
        deadbandValue: options.deadband.value,
      })
    : null;
  let readings: RawReading[] = [];
  let quarantine: QuarantineInput[] = [];
  let scheduled = false;
  let changes = 0;
  const flush = (): void => {
    scheduled = false;
    const r = readings;
    const q = quarantine;
    readings = [];
    quarantine = [];
    if (r.length > 0 || q.length > 0) sink(r, q);
  };
  const onChange = (item: MonitoredSeries, dv: DataValue): void => {
    changes++;
    const now = options.now();
    const ts = dv.sourceTimestamp?.getTime() ?? dv.serverTimestamp?.getTime() ?? now;
    const value = plainValue(dv);
    const location = `opcua:${item.nodeId}`;
    const verdict = statusVerdict(dv.statusCode.value, dv.statusCode.name);
    const raw = () =>
      JSON.stringify({
        nodeId: item.nodeId,
        value: typeof value === 'object' ? String(value) : value,
        status: dv.statusCode.name,
        ts,
      });
    if (verdict.kind === 'quarantine')
      quarantine.push({
        importId: null,
        source: 'opcua',
        location,
        raw: raw(),
        seriesId: item.seriesId,
        reasons: [{ code: 'INGEST_BAD_VALUE', message: verdict.reason, where: `${location} status` }],
        ts: now,
      });
    else
      readings.push({
        seriesId: item.seriesId,
        ts,
        value,
        ...(item.unit === undefined ? {} : { unit: item.unit }),
        location,
        raw: raw(),
        quality: verdict.quality,
      });
    if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };

  const subs: ClientSubscription[] = [];
  const refused: Array<{ nodeId: string; status: string }> = [];
  try {
    for (let i = 0; i < items.length; i += size) {
      const chunk = items.slice(i, i + size);
      const sub = ClientSubscription.create(session, {
        requestedPublishingInterval: options.publishingIntervalMs ?? 1000,
        requestedLifetimeCount: 120,
        requestedMaxKeepAliveCount: 10,
        maxNotificationsPerPublish: 0,
        publishingEnabled: true,
        priority: 10,
      });
      subs.push(sub);
      sub.on('error', (err: Error) => options.onError?.(`subscription: ${err.message}`));
      const group = await sub.monitorItems(
        chunk.map((c) => ({ nodeId: c.nodeId, attributeId: AttributeIds.Value })),
        {
          samplingInterval: options.samplingIntervalMs ?? 1000,
          discardOldest: true,
          queueSize: options.queueSize ?? 10,
          ...(filter ? { filter } : {}),
        },
        TimestampsToReturn.Both,
      );
      group.on('err', (message: string) => options.onError?.(`monitored items: ${message}`));
      group.on('changed', (_m, dv, index) => {
        const item = chunk[index];
        if (item) onChange(item, dv);
      });
      group.monitoredItems.forEach((m, k) => {
        const status = m.result?.statusCode ?? m.statusCode;
        if (status && !status.isGood()) refused.push({ nodeId: chunk[k]!.nodeId, status: status.name });
      });
    }
  } catch (e) {
    await Promise.allSettled(subs.map((s) => s.terminate()));
    throw e;
  }
  return {
    subscriptions: subs.length,
    refused,
    changes: () => changes,
    async close() {
      await Promise.allSettled(subs.map((s) => s.terminate()));
      flush();
    },
  };
}
