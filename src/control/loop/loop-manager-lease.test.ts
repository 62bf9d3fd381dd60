import { describe, expect, it } from 'vitest';
import { memoryDocStore } from './doc-store.fixture.js';
import { LoopManager, type LoopWork } from './loop-manager.js';
import { Channel } from './ports.js';
import { VirtualScheduler } from './virtual-scheduler.js';

/** Leases by hand: a loop's lease goes to a node only when the test grants it. */
const leases = () => {
  const wanted = new Map<string, Map<string, LoopWork>>(); // loop → node → work
  const holder = new Map<string, string>();
  return {
    holdFor: (node: string) => (id: string, work: LoopWork) => {
      const m = wanted.get(id) ?? new Map<string, LoopWork>();
      m.set(node, work);
      wanted.set(id, m);
      return () => {
        m.delete(node);
        if (holder.get(id) === node) {
          holder.delete(id);
          work.stop();
        }
      };
    },
    grant(id: string, node: string) {
      this.revoke(id);
      const w = wanted.get(id)?.get(node);
      if (!w) throw new Error(`${node} does not want ${id}`);
      holder.set(id, node);
      w.start();
    },
    revoke(id: string) {
      const h = holder.get(id);
      if (h === undefined) return;
      holder.delete(id);
      wanted.get(id)?.get(h)?.stop();
    },
    wants: (id: string) => [...(wanted.get(id)?.keys() ?? [])].sort(),
  };
};

const LOOP = {
  id: 'oven/TIC-1',
  sampleTimeMs: 1000,
  setpoint: 100,
  manualOutput: 40,
  pvSeries: 'oven/temp',
  opTopic: 'xinzhi/cmd/oven/heater',
  tuning: { kc: 2, ti: 50 },
};

function cluster() {
  const sched = new VirtualScheduler(1_000_000);
  const store = memoryDocStore();
  const l = leases();
  const pv = new Channel();
  const writes: Record<string, Array<{ value: number; ts: number }>> = { a: [], b: [] };
  const node = (name: 'a' | 'b') =>
    new LoopManager({
      store,
      clock: sched,
      timer: sched,
      pvSource: () => pv,
      opSink: () => ({ write: (value, ts) => void writes[name]!.push({ value, ts }) }),
      hold: l.holdFor(name),
    });
  return { sched, store, leases: l, pv, writes, a: node('a'), b: node('b') };
}

describe('loop manager under leases', () => {
  it('runs a loop only while its lease is held: lost, writes stop at once; regained, they resume', async () => {
    const { sched, leases: l, writes, a } = cluster();
    const loop = await a.create(LOOP, 'alice');
    sched.advance(5000);
    expect(writes.a).toEqual([]);
    expect(a.running(LOOP.id)).toBe(false);
    expect(loop.snapshot().status).toBe('stopped');

    l.grant(LOOP.id, 'a');
    sched.advance(5000);
    expect(writes.a).toHaveLength(5);
    l.revoke(LOOP.id);
    expect(a.running(LOOP.id)).toBe(false);
    sched.advance(10_000);
    expect(writes.a).toHaveLength(5);

    l.grant(LOOP.id, 'a');
    sched.advance(3000);
    expect(writes.a).toHaveLength(8);
    // A configuration change restarts the loop under the same lease.
    await a.update(LOOP.id, { sampleTimeMs: 500 }, 'bob');
    sched.advance(1000);
    expect(writes.a).toHaveLength(10);
    // Deleting releases the lease: nobody on this node wants it any more.
    await a.remove(LOOP.id, 'bob');
    expect(l.wants(LOOP.id)).toEqual([]);
    sched.advance(5000);
    expect(writes.a).toHaveLength(10);
  });

  it('two nodes over one store: one writer; a loop created, changed or deleted on one reaches the other by sync', async () => {
    const { sched, leases: l, writes, a, b } = cluster();
    expect(await a.load()).toBe(0);
    expect(await b.load()).toBe(0);
    await b.create(LOOP, 'alice');
    expect(await a.sync()).toEqual({ added: 1, removed: 0, changed: 0 });
    expect(l.wants(LOOP.id)).toEqual(['a', 'b']);
    // Nothing changed since: a second sync is a no-op.
    expect(await a.sync()).toEqual({ added: 0, removed: 0, changed: 0 });

    l.grant(LOOP.id, 'a');
    await a.require(LOOP.id).setMode('auto', 'alice');
    sched.advance(4000);
    expect(writes.a).toHaveLength(4);
    expect(writes.b).toEqual([]);

    // The holder dies: its lease lapses and b takes the loop over from the saved mode (auto),
    // re-reading the saved loops on acquiring (the explicit sync waits for that one).
    l.grant(LOOP.id, 'b');
    expect(await b.sync()).toEqual({ added: 0, removed: 0, changed: 0 });
    sched.advance(3000);
    expect(writes.a).toHaveLength(4);
    expect(writes.b).toHaveLength(3);
    expect(b.require(LOOP.id).config.mode).toBe('auto');

    // A setpoint changed through a's API (a standby there) reaches the running loop on b.
    await a.require(LOOP.id).setSetpoint(130, 'carol');
    expect((await b.sync()).changed).toBe(1);
    expect(b.require(LOOP.id).config.setpoint).toBe(130);
    expect(b.running(LOOP.id)).toBe(true);

    // Deleted on a: b stops writing after its next sync.
    await a.remove(LOOP.id, 'carol');
    expect(await b.sync()).toEqual({ added: 0, removed: 1, changed: 0 });
    const n = writes.b!.length;
    sched.advance(5000);
    expect(writes.b).toHaveLength(n);
    expect(b.list()).toEqual([]);
  });

  it('without a hold every loop runs at once, as in a single process', async () => {
    const sched = new VirtualScheduler(0);
    const writes: number[] = [];
    const m = new LoopManager({
      store: memoryDocStore(),
      clock: sched,
      timer: sched,
      pvSource: () => new Channel(),
      opSink: () => ({ write: (v) => void writes.push(v) }),
    });
    await m.create(LOOP, 'alice');
    expect(m.running(LOOP.id)).toBe(true);
    sched.advance(3000);
    expect(writes).toHaveLength(3);
    m.stopAll();
    sched.advance(3000);
    expect(writes).toHaveLength(3);
    // A sync after shutdown (a timer that fired late) starts nothing again.
    expect(await m.sync()).toEqual({ added: 0, removed: 0, changed: 0 });
    sched.advance(3000);
    expect(writes).toHaveLength(3);
  });
});
