/**
 * `startServer({ natsUrl })` as a cluster: two nodes share the live bus (a point stored on one
 * reaches the other's bus listeners once) and the leases (one holder, seen alike from both through
 * `GET /api/v1/cluster`; a node shutting down releases its leases so the other takes over at once).
 */
import { expect, it } from 'vitest';
import { startNatsServer, useNatsServer, withNatsServer } from '../ingest/nats/nats-server.fixture.js';
import { openSqliteStore, type PointWrite, type Store } from '../store/index.js';
import { waitFor } from './cluster/wait-for.fixture.js';
import { startTestServer } from './start.fixture.js';
import type { ServerHandle } from './start.js';

const T0 = Date.parse('2026-02-01T00:00:00Z');

withNatsServer('serve as a cluster: live bus and leases on NATS (real nats-server)', () => {
  const server = useNatsServer();

  it('points stored on one node reach the other; leases have one holder and move on shutdown', async () => {
    const nodes: Array<{ store: Store; handle: ServerHandle }> = [];
    for (const nodeId of ['node-a', 'node-b']) {
      const store = await openSqliteStore(':memory:');
      const handle = await startTestServer({
        store,
        mqttPort: false,
        alarms: false,
        retentionIntervalMs: 0,
        natsUrl: server.url,
        natsStream: 'cl1',
        nodeId,
      });
      nodes.push({ store, handle });
    }
    const [a, b] = nodes as [(typeof nodes)[0], (typeof nodes)[0]];
    const seenByB: PointWrite[] = [];
    b.handle.bus.onPoints((p) => seenByB.push(...p));
    const seenByA: PointWrite[] = [];
    a.handle.bus.onPoints((p) => seenByA.push(...p));

    const res = await fetch(`${a.handle.url}/api/v1/points`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([
        { series: 'plant1/boiler/temp', ts: T0, value: 61, unit: 'Cel' },
        { series: 'plant1/boiler/temp', ts: T0 + 1000, value: 62, unit: 'Cel' },
      ]),
    });
    expect(res.status).toBe(200);
    await waitFor('node b to see the points', () => seenByB.length >= 2);
    expect(seenByB.map((p) => [p.seriesId, p.ts, p.value])).toEqual([
      ['plant1/boiler/temp', T0, 61],
      ['plant1/boiler/temp', T0 + 1000, 62],
    ]);
    expect(seenByA).toHaveLength(2); // its own commit, once
    // Node b stored nothing: it only saw the points live.
    expect(await b.store.listSeries()).toHaveLength(0);

    const log: string[] = [];
    for (const { handle } of nodes)
      handle.leases.hold('test.handover', {
        start: () => void log.push(`${handle.nodeId} start`),
        stop: () => void log.push(`${handle.nodeId} stop`),
      });
    await waitFor('a holder', () => nodes.some((n) => n.handle.leases.holds('test.handover')));
    const holder = nodes.find((n) => n.handle.leases.holds('test.handover')) as (typeof nodes)[0];
    const other = holder === a ? b : a;
    for (const { handle } of nodes) {
      const view = (await (await fetch(`${handle.url}/api/v1/cluster`)).json()) as {
        nodeId: string;
        nats: boolean;
        leases: Record<string, string>;
      };
      expect(view).toMatchObject({ nodeId: handle.nodeId, nats: true });
      expect(view.leases['test.handover']).toBe(holder.handle.nodeId);
      // Retention and the RUL events have one holder, whichever node it is.
      expect(nodes.map((n) => n.handle.nodeId)).toContain(view.leases.retention);
      expect(nodes.map((n) => n.handle.nodeId)).toContain(view.leases.rul);
    }
    await holder.handle.close();
    await waitFor('the other node to take over', () => other.handle.leases.holds('test.handover'), 5000);
    expect(log).toEqual([
      `${holder.handle.nodeId} start`,
      `${holder.handle.nodeId} stop`,
      `${other.handle.nodeId} start`,
    ]);
    await other.handle.close();
    for (const { store } of nodes) await store.close();
  });
  it('shuts down when NATS is already gone (nothing waits for it forever)', async () => {
    const own = await startNatsServer();
    const store = await openSqliteStore(':memory:');
    const handle = await startTestServer({
      store,
      mqttPort: false,
      alarms: false,
      retentionIntervalMs: 0,
      natsUrl: own.url,
      nodeId: 'lonely',
    });
    handle.leases.hold('test.cutoff', { start() {}, stop() {} });
    await waitFor('the lease', () => handle.leases.holds('test.cutoff'));
    await own.stop();
    await waitFor('the lease to be given up', () => !handle.leases.holds('test.cutoff'));
    handle.bus.publishPoints([{ seriesId: 'a/b', ts: 1, value: 1 }]); // no throw while cut off
    await handle.close();
    await store.close();
  }, 30_000);
});
