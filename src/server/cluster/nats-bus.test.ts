/**
 * The cluster live bus against a real nats-server: two nodes see each other's points and events
 * exactly once and never their own twice, a 100k-point commit arrives whole (in several messages),
 * and garbage on the subjects is dropped without disturbing what follows.
 */
import { connect, headers, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, describe, expect, it } from 'vitest';
import type { XEvent } from '../../core/index.js';
import { silentLogger } from '../../core/index.js';
import { useNatsServer, withNatsServer } from '../../ingest/nats/nats-server.fixture.js';
import type { PointWrite } from '../../store/index.js';
import { createNatsBus, type NatsBus, readPoints } from './nats-bus.js';
import { waitFor } from './wait-for.fixture.js';

const event = (id: number): XEvent => ({
  id,
  ts: 1_700_000_000_000 + id,
  kind: 'alarm',
  severity: 'major',
  assetId: 'plant1/boiler',
  seriesId: 'plant1/boiler/temp',
  message: `over limit ${id}`,
  data: { limit: 90, nested: { ok: true } },
});

/** Everything a bus's listeners got. */
const tap = (bus: NatsBus) => {
  const got = { points: [] as PointWrite[], batches: 0, events: [] as XEvent[] };
  bus.onPoints((p) => {
    got.points.push(...p);
    got.batches++;
  });
  bus.onEvent((e) => got.events.push(e));
  return got;
};

describe('readPoints', () => {
  it('refuses every malformed shape and accepts the grouped form', () => {
    for (const bad of [
      null,
      42,
      'x',
      [],
      { v: 2, s: [] },
      { v: 1 },
      { v: 1, s: {} },
      { v: 1, s: [['a', [1], [1]]] },
      { v: 1, s: [['', [1], [1], null]] },
      { v: 1, s: [['x'.repeat(513), [1], [1], null]] },
      { v: 1, s: [['a', [1, 2], [1], null]] },
      { v: 1, s: [['a', [1], ['1'], null]] },
      { v: 1, s: [['a', [1], [null], null]] },
      { v: 1, s: [['a', [1], [1], [1, 2]]] },
      { v: 1, s: [['a', [1], [1], 'q']] },
      { v: 1, s: [[7, [1], [1], null]] },
    ])
      expect(typeof readPoints(bad), JSON.stringify(bad)).toBe('string');
    expect(readPoints({ v: 1, s: [['a', [1, 2], [3, 4], [null, 192]]] })).toEqual([
      { seriesId: 'a', ts: 1, value: 3 },
      { seriesId: 'a', ts: 2, value: 4, quality: 192 },
    ]);
  });
});

withNatsServer('cluster live bus over NATS (real nats-server)', () => {
  const server = useNatsServer();
  let ncA: NatsConnection;
  let ncB: NatsConnection;
  let a: NatsBus;
  let b: NatsBus;
  const open = async (cluster = 'c1') => {
    ncA = await connect({ servers: server.url });
    ncB = await connect({ servers: server.url });
    a = createNatsBus({ nc: ncA, nodeId: 'node-a', cluster, logger: silentLogger });
    b = createNatsBus({ nc: ncB, nodeId: 'node-b', cluster, logger: silentLogger });
    await Promise.all([ncA.flush(), ncB.flush()]); // subscriptions registered on the server
  };
  afterEach(async () => {
    await a?.close();
    await b?.close();
    await ncA?.close();
    await ncB?.close();
  });

  it("each node sees the other's points and events exactly once, and its own once (no echo)", async () => {
    await open();
    const gotA = tap(a);
    const gotB = tap(b);
    const fromA: PointWrite[] = [
      { seriesId: 'plant1/boiler/temp', ts: 1000, value: 61.5 },
      { seriesId: 'plant1/boiler/temp', ts: 2000, value: 62, quality: 64 },
      { seriesId: 'plant1/pump/flow', ts: 1000, value: -3.25e-7 },
    ];
    a.publishPoints(fromA);
    a.publishEvent(event(1));
    b.publishPoints([{ seriesId: 'plant2/fan/rpm', ts: 5, value: 1200 }]);
    b.publishEvent(event(2));
    // A flush is a round trip: any echo of a node's own messages would have arrived before it.
    await Promise.all([ncA.flush(), ncB.flush()]);
    await waitFor('both sides', () => gotA.events.length >= 2 && gotB.events.length >= 2);
    await Promise.all([ncA.flush(), ncB.flush()]);
    expect(gotA.points).toEqual([...fromA, { seriesId: 'plant2/fan/rpm', ts: 5, value: 1200 }]);
    expect(gotB.points).toEqual([{ seriesId: 'plant2/fan/rpm', ts: 5, value: 1200 }, ...fromA]);
    expect(gotA.events).toEqual([event(1), event(2)]);
    expect(gotB.events).toEqual([event(2), event(1)]);
    expect(a.stats).toMatchObject({ receivedPoints: 1, receivedEvents: 1, dropped: 0 });
    expect(b.stats).toMatchObject({ receivedPoints: 3, receivedEvents: 1, dropped: 0 });
  });

  it('another cluster name on the same server is not heard', async () => {
    await open('c1');
    const other = createNatsBus({ nc: ncB, nodeId: 'node-x', cluster: 'c2', logger: silentLogger });
    const gotA = tap(a);
    other.publishEvent(event(9));
    b.publishEvent(event(10));
    await ncB.flush();
    await waitFor('c1 event', () => gotA.events.length >= 1);
    await ncA.flush();
    expect(gotA.events.map((e) => e.id)).toEqual([10]);
    await other.close();
  });

  it('a 100k-point commit arrives complete, split below max_payload', async () => {
    await open();
    const gotB = tap(b);
    const points: PointWrite[] = [];
    for (let i = 0; i < 100_000; i++)
      points.push({
        seriesId: `plant1/line-${i % 40}/sensor-${i % 7}`,
        ts: 1_700_000_000_000 + i * 10,
        value: i / 3,
      });
    const before = a.stats.published;
    a.publishPoints(points);
    await ncA.flush();
    await waitFor('100k points', () => gotB.points.length >= 100_000, 30_000);
    expect(a.stats.published - before).toBeGreaterThan(1);
    expect(gotB.points).toHaveLength(100_000);
    const key = (p: PointWrite) => `${p.seriesId}@${p.ts}=${p.value}`;
    expect(new Set(gotB.points.map(key))).toEqual(new Set(points.map(key)));
    expect(b.stats.dropped).toBe(0);
  });

  it('garbage on the subjects is dropped; valid messages after it still arrive', async () => {
    await open();
    const gotB = tap(b);
    const h = () => {
      const x = headers();
      x.set('Xinzhi-Node', 'evil');
      x.set('Xinzhi-Instance', 'evil-1');
      return x;
    };
    const { points, events } = b.subjects;
    const vandal = await connect({ servers: server.url });
    vandal.publish(points, '{"v":1,"s":[]}'); // no sender headers
    for (const body of [
      new Uint8Array([0xff, 0xfe, 0x00]),
      'not json',
      '{"v":1,"s":[["a",[1],["x"],null]]}',
      '{"v":1,"s":[["a",[1e400],[1],null]]}',
      `{"v":1,"s":${'['.repeat(5000)}`,
      'null',
      '[]',
    ])
      vandal.publish(points, body, { headers: h() });
    for (const body of ['{}', '{"id":"1"}', JSON.stringify({ ...event(3), severity: 'apocalyptic' }), '7'])
      vandal.publish(events, body, { headers: h() });
    vandal.publish(points, JSON.stringify({ v: 1, s: [['ok/series', [1], [2], null]] }), { headers: h() });
    vandal.publish(events, JSON.stringify(event(4)), { headers: h() });
    await vandal.flush();
    await waitFor('the valid messages', () => gotB.events.length >= 1 && gotB.points.length >= 1);
    expect(gotB.points).toEqual([{ seriesId: 'ok/series', ts: 1, value: 2 }]);
    expect(gotB.events).toEqual([event(4)]);
    expect(b.stats.dropped).toBe(12);
    await vandal.close();
  });

  it('a bus whose connection is closed drops what it publishes instead of throwing', async () => {
    await open();
    const gotA = tap(a);
    await ncA.close();
    a.publishPoints([{ seriesId: 's', ts: 1, value: 1 }]);
    a.publishEvent(event(5));
    expect(gotA.points).toHaveLength(1);
    expect(gotA.events).toHaveLength(1);
    expect(a.stats.dropped).toBe(2);
  });
});
