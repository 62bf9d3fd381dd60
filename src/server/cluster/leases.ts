/**
 * Leases: work that must run on exactly one node at a time (alarm evaluation of a shard of series,
 * each control loop, retention, scheduled jobs) is held under a named lease. A single process holds
 * every lease at once (`createLocalLeases`); a cluster takes them from NATS JetStream KV
 * (`nats-leases.ts`), where an unrenewed lease expires and another node takes the work over.
 *
 * The holder must stop the work as soon as `stop` is called: a lease is lost when it cannot be
 * renewed in time, and another node may start the same work once it has expired.
 */

/** What runs while a lease is held. `start` runs on acquiring, `stop` on losing or releasing it. */
export interface LeasedWork {
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}

export interface Leases {
  /** This node's id, as recorded in the leases it holds. */
  readonly nodeId: string;
  /**
   * Competes for `name` for as long as the returned function has not been called: `work.start()`
   * runs each time this node acquires it, `work.stop()` each time it loses it. Calling the returned
   * function stops the work (if running) and releases the lease so another node takes it at once.
   */
  hold(name: string, work: LeasedWork): () => Promise<void>;
  /** Whether this node holds `name` now. */
  holds(name: string): boolean;
  /** Every current lease and its holder (name → node id), as the cluster sees it. */
  holders(): Promise<Record<string, string>>;
  /** Stops all held work and releases every lease. */
  close(): Promise<void>;
}

/** One process, no cluster: every lease is held at once, for as long as it is wanted. */
export function createLocalLeases(nodeId = 'local'): Leases {
  const held = new Map<string, LeasedWork>();
  const release = async (name: string): Promise<void> => {
    const work = held.get(name);
    if (!work) return;
    held.delete(name);
    await work.stop();
  };
  return {
    nodeId,
    hold(name, work) {
      if (held.has(name)) throw new Error(`lease ${name} is already held by this node`);
      held.set(name, work);
      void Promise.resolve(work.start());
      return () => release(name);
    },
    holds: (name) => held.has(name),
    holders: async () => Object.fromEntries([...held.keys()].map((n) => [n, nodeId])),
    async close() {
      for (const name of [...held.keys()]) await release(name);
    },
  };
}
