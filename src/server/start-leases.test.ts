/**
 * `startServer` puts the work that must run once under leases: retention, each control loop, the
 * alarm shards and the RUL events run only while this node holds their lease (a fake cluster
 * here, moved by hand), and one process with the default leases holds them all.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore, type Store } from '../store/index.js';
import { fakeLeaseCluster } from './cluster/fake-leases.fixture.js';
import type { Leases } from './cluster/leases.js';
import { startTestServer } from './start.fixture.js';
import type { ServerHandle } from './start.js';

const LOOP = { id: 'oven/TIC-1', sampleTimeMs: 1000, setpoint: 100, manualOutput: 40, tuning: { kc: 2 } };

let handles: ServerHandle[] = [];
let stores: Store[] = [];
afterEach(async () => {
  for (const h of handles) await h.close();
  for (const s of stores) s.close();
  handles = [];
  stores = [];
});

async function start(o: { leases?: Leases; store?: Store } = {}) {
  const base = o.store ?? (await openSqliteStore(':memory:'));
  if (!o.store) stores.push(base);
  let pruned = 0;
  // Counts retention runs; everything else goes to the real store.
  const store = new Proxy(base, {
    get(target, prop) {
      if (prop === 'applyRetention')
        return async (now: number) => {
          pruned++;
          return target.applyRetention(now);
        };
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
  const handle = await startTestServer({
    store,
    mqttPort: false,
    retentionIntervalMs: 0,
    loopSyncMs: 0,
    nodeId: 'local',
    ...(o.leases ? { leases: o.leases } : {}),
  });
  handles.push(handle);
  return { handle, pruned: () => pruned, store: base };
}

describe('startServer under leases', () => {
  it('one process holds every lease: all shards, retention, the RUL events and each loop', async () => {
    const { handle, pruned } = await start();
    const holders = await handle.leases.holders();
    for (let k = 0; k < 16; k++) expect(holders[`monitor.${k}`]).toBe('local');
    expect(holders).toMatchObject({ retention: 'local', rul: 'local', 'node.local': 'local' });
    expect(pruned()).toBe(1);
    await handle.loops.create(LOOP, 'alice');
    expect(handle.loops.running(LOOP.id)).toBe(true);
    expect((await handle.leases.holders())[`loop.${LOOP.id}`]).toBe('local');
  });

  it('retention runs only while its lease is held: at each acquisition, never while another node has it', async () => {
    const cluster = fakeLeaseCluster();
    await cluster.revoke('retention');
    const { pruned } = await start({ leases: cluster.node('a') });
    expect(pruned()).toBe(0);
    await cluster.grant('retention', 'a');
    expect(pruned()).toBe(1);
    await cluster.revoke('retention');
    expect(pruned()).toBe(1);
    await cluster.grant('retention', 'a');
    expect(pruned()).toBe(2);
  });

  it('a loop runs on the node holding its lease; the other keeps it in standby and takes over', async () => {
    const cluster = fakeLeaseCluster();
    const shared = await openSqliteStore(':memory:');
    stores.push(shared);
    const a = await start({ leases: cluster.node('a'), store: shared });
    const b = await start({ leases: cluster.node('b'), store: shared });
    await a.handle.loops.create(LOOP, 'alice');
    await b.handle.loops.sync();
    expect(a.handle.loops.running(LOOP.id)).toBe(true);
    expect(b.handle.loops.running(LOOP.id)).toBe(false);
    expect(b.handle.loops.require(LOOP.id).snapshot().status).toBe('stopped');
    // Exactly one writer: b has the loop but not its lease. a dies: b takes it over.
    await cluster.kill('a');
    expect(b.handle.loops.running(LOOP.id)).toBe(true);
    expect(a.handle.loops.running(LOOP.id)).toBe(false);
    // Shards and retention moved too; nothing is left with a.
    const holders = await b.handle.leases.holders();
    expect(Object.values(holders).every((n) => n === 'b')).toBe(true);
    expect(holders.retention).toBe('b');
    expect(b.pruned()).toBe(1);
  });
});
