/**
 * An OPC UA connector: one session (`session.ts`), its subscriptions (`subscribe.ts`) feeding the
 * group committer, and what the Connections page shows (status, last value time, errors,
 * messages/s). node-opcua reconnects with backoff and recovers the session; when the server lost
 * it (a restart), the client opens a new session and re-creates the subscriptions on it.
 */
import type { Clock, Logger } from '../../core/index.js';
import type { IngestBatcher } from '../mqtt/batcher.js';
import { connectOpcua, type OpcuaConnection, type OpcuaConnectOptions } from './session.js';
import {
  type MonitoredSeries,
  type SubscribeOptions,
  type SubscriptionSet,
  subscribeSeries,
} from './subscribe.js';
import { createNodeWriter, type NodeWriter } from './write.js';

export interface OpcuaConnectorOptions extends Omit<OpcuaConnectOptions, 'logger'> {
  readonly items: readonly MonitoredSeries[];
  readonly subscription?: Omit<SubscribeOptions, 'now'>;
  readonly batcher: IngestBatcher;
  readonly clock: Clock;
  readonly logger: Logger;
  /** nodeIds the connector may write (control loop outputs); none by default. */
  readonly writable?: readonly string[];
  /** Least time between two writes to one node; default 500 ms. */
  readonly minWriteIntervalMs?: number;
}

export interface OpcuaStatus {
  readonly connected: boolean;
  readonly subscriptions: number;
  readonly items: number;
  readonly refused: ReadonlyArray<{ readonly nodeId: string; readonly status: string }>;
  readonly changes: number;
  readonly readings: number;
  readonly quarantined: number;
  readonly reconnects: number;
  readonly lastValueAt: number | null;
  readonly errors: number;
  readonly lastError: string | null;
  readonly writes: number;
  readonly writeFailures: number;
}

export interface OpcuaConnector {
  status(): OpcuaStatus;
  /** Writes a loop output to an allowed node (see `write.ts`). */
  readonly write: NodeWriter['write'];
  close(): Promise<void>;
}

export async function startOpcuaConnector(options: OpcuaConnectorOptions): Promise<OpcuaConnector> {
  const { batcher, clock, logger } = options;
  const conn: OpcuaConnection = await connectOpcua(options);
  let readings = 0;
  let quarantined = 0;
  let errors = 0;
  let lastError: string | null = null;
  let lastValueAt: number | null = null;
  const sink = (
    r: Parameters<IngestBatcher['submit']>[0],
    q: Parameters<IngestBatcher['submit']>[1],
  ): void => {
    readings += r.length;
    quarantined += q.length;
    if (r.length > 0) lastValueAt = clock.now();
    batcher.submit(r, q).catch((err: unknown) => {
      errors++;
      lastError = `not stored: ${err instanceof Error ? err.message : String(err)}`;
      logger.error({ err: lastError }, 'opc ua readings not stored');
    });
  };
  const subscribe = (): Promise<SubscriptionSet> =>
    subscribeSeries(
      conn.session,
      options.items,
      {
        ...options.subscription,
        now: () => clock.now(),
        onError: (message) => {
          errors++;
          lastError = message;
          logger.warn({ err: message }, 'opc ua subscription error');
        },
      },
      sink,
    );
  let set: SubscriptionSet;
  try {
    set = await subscribe();
  } catch (e) {
    await conn.close();
    throw e;
  }
  const writer = createNodeWriter({
    session: () => conn.session,
    connected: () => conn.connected(),
    writable: options.writable ?? [],
    ...(options.minWriteIntervalMs === undefined ? {} : { minIntervalMs: options.minWriteIntervalMs }),
    now: () => clock.now(),
  });
  let changesBefore = 0;
  // A new session after the server lost ours: node-opcua tries to transfer the subscriptions; when
  // none came back, create them again.
  conn.session.on('session_restored', () => {
    const subs = (
      conn.session as unknown as { getPublishEngine?: () => { subscriptionCount: number } }
    ).getPublishEngine?.().subscriptionCount;
    if (subs !== undefined && subs > 0) return;
    changesBefore += set.changes();
    subscribe().then(
      (s) => {
        set = s;
        logger.info({ subscriptions: s.subscriptions }, 'opc ua subscriptions re-created');
      },
      (err: unknown) => {
        errors++;
        lastError = `subscriptions not re-created: ${err instanceof Error ? err.message : String(err)}`;
        logger.error({ err: lastError }, 'opc ua subscriptions not re-created');
      },
    );
  });
  return {
    status: () => ({
      connected: conn.connected(),
      subscriptions: set.subscriptions,
      items: options.items.length,
      refused: set.refused,
      changes: changesBefore + set.changes(),
      readings,
      quarantined,
      reconnects: conn.reconnects(),
      lastValueAt,
      errors,
      lastError: lastError ?? writer.stats().lastError,
      writes: writer.stats().writes,
      writeFailures: writer.stats().failures,
    }),
    write: (nodeId, value, limits) => writer.write(nodeId, value, limits),
    async close() {
      await set.close();
      await conn.close();
      await batcher.flush();
    },
  };
}
