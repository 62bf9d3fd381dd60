/**
 * Leases of several in-process "nodes" for tests, moved by hand: a free lease goes to the node that
 * has wanted it longest; `revoke` takes one from its holder and keeps it from everybody until
 * `grant` or `unblock`; `kill` is a node dying (its work stops, its leases pass on).
 */
import type { LeasedWork, Leases } from './leases.js';

export interface FakeLeaseCluster {
  node(id: string): Leases;
  revoke(name: string): Promise<void>;
  grant(name: string, nodeId: string): Promise<void>;
  unblock(name: string): Promise<void>;
  kill(nodeId: string): Promise<void>;
  holder(name: string): string | undefined;
}

interface Lease {
  readonly wanters: Map<string, LeasedWork>;
  holder: string | undefined;
  blocked: boolean;
}

export function fakeLeaseCluster(): FakeLeaseCluster {
  const leases = new Map<string, Lease>();
  const lease = (name: string): Lease => {
    let l = leases.get(name);
    if (!l) {
      l = { wanters: new Map(), holder: undefined, blocked: false };
      leases.set(name, l);
    }
    return l;
  };
  const assign = async (l: Lease): Promise<void> => {
    if (l.holder !== undefined || l.blocked) return;
    const next = l.wanters.entries().next();
    if (next.done) return;
    const [id, work] = next.value;
    l.holder = id;
    await work.start();
  };
  const unhold = async (l: Lease): Promise<void> => {
    const h = l.holder;
    if (h === undefined) return;
    l.holder = undefined;
    await l.wanters.get(h)?.stop();
  };
  const release = async (name: string, id: string): Promise<void> => {
    const l = lease(name);
    if (!l.wanters.has(id)) return;
    if (l.holder === id) await unhold(l);
    l.wanters.delete(id);
    await assign(l);
  };
  return {
    node(id) {
      return {
        nodeId: id,
        hold(name, work) {
          const l = lease(name);
          if (l.wanters.has(id)) throw new Error(`lease ${name} is already held by this node`);
          l.wanters.set(id, work);
          void assign(l);
          return () => release(name, id);
        },
        holds: (name) => leases.get(name)?.holder === id,
        holders: async () =>
          Object.fromEntries(
            [...leases].filter(([, l]) => l.holder !== undefined).map(([n, l]) => [n, l.holder as string]),
          ),
        async close() {
          for (const [name, l] of leases) if (l.wanters.has(id)) await release(name, id);
        },
      };
    },
    async revoke(name) {
      const l = lease(name);
      l.blocked = true;
      await unhold(l);
    },
    async grant(name, nodeId) {
      const l = lease(name);
      const work = l.wanters.get(nodeId);
      if (!work) throw new Error(`${nodeId} does not want ${name}`);
      l.blocked = false;
      if (l.holder === nodeId) return;
      await unhold(l);
      l.holder = nodeId;
      await work.start();
    },
    async unblock(name) {
      const l = lease(name);
      l.blocked = false;
      await assign(l);
    },
    async kill(nodeId) {
      for (const [name] of leases) await release(name, nodeId);
    },
    holder: (name) => leases.get(name)?.holder,
  };
}
