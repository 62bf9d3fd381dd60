/**
 * Alarm evaluation shared out by shard: series fall into `shards` shards (domains/monitoring
 * `shardOf`), and this node competes for the lease `monitor.<k>` of each; while it holds one, its
 * live monitor evaluates the series of that shard (`acquire`), and stops the moment it loses it.
 *
 * Fairness: every node also holds `node.<its id>`, so the leases' holders say how many nodes are
 * alive. Every `rebalanceMs` a node holding more than ceil(shards / nodes) gives the excess up and
 * competes for it again only from its next round, so a node that joins (or restarts) gets its
 * share within a round or two, instead of the first node keeping every shard for ever. A shard
 * handed over is unevaluated only until the other node takes it (its next lease attempt).
 */
import type { Leases } from './leases.js';

export interface ShardWork {
  acquire(k: number): void;
  release(k: number): void | Promise<void>;
}

export interface MonitorShards {
  /** The shards this node evaluates now, in order. */
  held(): number[];
  /** One fairness round (also run every `rebalanceMs`). */
  rebalance(): Promise<void>;
  /** Stops evaluating and releases every lease taken here. */
  close(): Promise<void>;
}

export const MEMBER_PREFIX = 'node.';
export const shardLease = (k: number): string => `monitor.${k}`;

export function holdMonitorShards(
  leases: Leases,
  shards: number,
  work: ShardWork,
  o: { readonly rebalanceMs?: number; readonly onError?: (e: unknown) => void } = {},
): MonitorShards {
  const releases = new Map<number, () => Promise<void>>();
  const hold = (k: number): void => {
    releases.set(
      k,
      leases.hold(shardLease(k), { start: () => work.acquire(k), stop: () => work.release(k) }),
    );
  };
  const leaveMember = leases.hold(`${MEMBER_PREFIX}${leases.nodeId}`, { start() {}, stop() {} });
  for (let k = 0; k < shards; k++) hold(k);
  const held = (): number[] =>
    Array.from({ length: shards }, (_, k) => k).filter((k) => leases.holds(shardLease(k)));

  let rounds = Promise.resolve();
  const round = async (): Promise<void> => {
    // Shards given up in the last round are wanted again: if nobody took them, they come back.
    for (let k = 0; k < shards; k++) if (!releases.has(k)) hold(k);
    const holders = await leases.holders();
    const nodes = Math.max(1, Object.keys(holders).filter((n) => n.startsWith(MEMBER_PREFIX)).length);
    const fair = Math.ceil(shards / nodes);
    const mine = held();
    for (const k of mine.slice(fair)) {
      const release = releases.get(k);
      releases.delete(k);
      await release?.();
    }
  };
  let closed = false;
  const rebalance = (): Promise<void> => {
    rounds = rounds.then(() => (closed ? undefined : round())).catch((e: unknown) => o.onError?.(e));
    return rounds;
  };
  const timer = setInterval(() => void rebalance(), o.rebalanceMs ?? 5000);
  timer.unref();
  return {
    held,
    rebalance,
    async close() {
      closed = true;
      clearInterval(timer);
      await rounds;
      for (const release of releases.values()) await release();
      releases.clear();
      await leaveMember();
    },
  };
}
