/**
 * The ledger service of a running server: one `Ledger` opened on first use over the store's ledger
 * tables, writes queued one after another (the engine keeps the tree head in memory, and the queue
 * makes the order of concurrent requests the order of the log), and appends followed by a signed
 * checkpoint so new entries can be proved at once. The supply-chain flows (a batch produced, a
 * shipment handed over) record through it. Reads go to the ledger directly.
 *
 * @example
 * const ledger = createLedgerService({ store: store.ledger, clock });
 * const { results, checkpoint } = await ledger.recordBatchProduced('acme', input);
 */
import type { Clock } from '../../core/index.js';
import { type AppendResult, type CheckpointInfo, type EpcisEvent, Ledger } from '../../ledger/index.js';
import type { LedgerStore } from '../../store/index.js';
import { batchProducedEvent } from './batch-produced.js';
import { shipmentHandoverEvents } from './shipment-handover.js';

export interface Appended {
  readonly results: AppendResult[];
  readonly checkpoint: CheckpointInfo;
}

export interface LedgerService {
  /** The opened ledger, for reads. */
  ledger(): Promise<Ledger>;
  /** Runs `fn` after every write queued before it (for writes, and reads that may sign). */
  serial<T>(fn: (l: Ledger) => Promise<T>): Promise<T>;
  /** Signs and appends events of `org`, then signs a checkpoint. */
  append(org: string, events: readonly EpcisEvent[], context?: unknown): Promise<Appended>;
  recordBatchProduced(org: string, input: unknown): Promise<Appended>;
  recordShipmentHandover(org: string, input: unknown): Promise<Appended>;
}

export function createLedgerService(deps: {
  readonly store: LedgerStore;
  readonly clock: Clock;
}): LedgerService {
  let opened: Promise<Ledger> | undefined;
  const ledger = (): Promise<Ledger> => {
    // A failed open is retried by the next caller rather than remembered.
    opened ??= Ledger.open({ store: deps.store, clock: deps.clock }).catch((e: unknown) => {
      opened = undefined;
      throw e;
    });
    return opened;
  };
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: (l: Ledger) => Promise<T>): Promise<T> => {
    const run = queue.then(async () => fn(await ledger()));
    queue = run.catch(() => undefined);
    return run;
  };
  const append = (org: string, events: readonly EpcisEvent[], context?: unknown): Promise<Appended> =>
    serial(async (l) => {
      const results = await l.append(org, events, context);
      return { results, checkpoint: await l.checkpoint() };
    });
  return {
    ledger,
    serial,
    append,
    recordBatchProduced: async (org, input) => append(org, [batchProducedEvent(input)]),
    recordShipmentHandover: async (org, input) => append(org, shipmentHandoverEvents(input)),
  };
}
