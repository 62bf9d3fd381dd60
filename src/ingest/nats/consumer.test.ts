/**
 * The NATS JetStream connector against a real nats-server (started here on free ports, with
 * JetStream and its MQTT listener): acknowledged only after commit, shared by consumers with one
 * durable name, redelivered when a holder dies, poison messages quarantined and acknowledged.
 */
import { AckPolicy, DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt from 'mqtt';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { createIngestBatcher, type IngestBatcher } from '../mqtt/batcher.js';
import { createIngestPipeline } from '../pipeline/create-ingest-pipeline.js';
import { type NatsConsumer, startNatsConsumer } from './consumer.js';
import { useNatsServer, withNatsServer } from './nats-server.fixture.js';

const clock = { now: () => Date.now() };
const T0 = Date.parse('2026-01-05T00:00:00Z');

async function until<T>(fn: () => Promise<T | undefined | false> | T | undefined | false, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

withNatsServer('NATS JetStream ingest (real nats-server)', () => {
  const server = useNatsServer();
  let nc: NatsConnection;
  const stores: Store[] = [];
  const consumers: NatsConsumer[] = [];

  beforeAll(async () => {
    nc = await connect({ servers: server.url });
  });
  afterAll(async () => {
    for (const c of consumers) await c.close().catch(() => undefined);
    await nc?.close();
    for (const s of stores) await s.close();
  });

  const openStore = async (): Promise<Store> => {
    const s = await openSqliteStore(':memory:');
    stores.push(s);
    return s;
  };

  /** A connector of its own (own batcher) on `store`, for stream and durable named after `name`. */
  const node = async (
    store: Store,
    name: string,
    extra: { maxMessages?: number; ackWaitMs?: number; batcher?: IngestBatcher; nakDelayMs?: number } = {},
  ) => {
    const pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
    const batcher = extra.batcher ?? createIngestBatcher({ pipeline, logger: silentLogger, source: 'nats' });
    const consumer = await startNatsConsumer({
      url: server.url,
      batcher,
      clock,
      logger: silentLogger,
      stream: name,
      subject: `xinzhi.v1.${name}.>`,
      durable: `${name}-ingest`,
      ...extra,
    });
    consumers.push(consumer);
    return { batcher, consumer };
  };

  const publish = async (subject: string, payload: string): Promise<void> => {
    // Awaiting the stream's ack: the message is in JetStream before the test looks for it.
    await jetstream(nc).publish(subject, payload);
  };

  const pointCount = async (store: Store, series: readonly string[]): Promise<number> => {
    let n = 0;
    for (const s of series) n += (await store.queryPoints(s, { from: 0, to: T0 * 2 })).length;
    return n;
  };

  const consumerState = async (stream: string) => {
    const jsm = await jetstreamManager(nc);
    const c = await jsm.consumers.info(stream, `${stream}-ingest`);
    const s = await jsm.streams.info(stream);
    return { ackPending: c.num_ack_pending, pending: c.num_pending, inStream: s.state.messages };
  };

  const metrics = Array.from({ length: 10 }, (_, i) => `m${i}`);

  it('stores 1,000 readings published over NATS once each and acknowledges every message', async () => {
    const store = await openStore();
    const { batcher, consumer } = await node(store, 'one');
    for (let i = 0; i < 1000; i++)
      await publish(
        `xinzhi.v1.one.line1.${metrics[i % 10]}`,
        JSON.stringify({ ts: T0 + i * 1000, value: i }),
      );
    await until(() => consumer.stats.acked === 1000);
    expect(batcher.stats).toMatchObject({ accepted: 1000, duplicates: 0, quarantined: 0 });
    expect(
      await pointCount(
        store,
        metrics.map((m) => `one/line1/${m}`),
      ),
    ).toBe(1000);
    const p = await store.queryPoints('one/line1/m3', { from: T0, to: T0 + 30_000 });
    expect(p.map((x) => x.value)).toEqual([3, 13, 23]);
    // Work queue: acknowledged messages leave the stream.
    await until(async () => {
      const s = await consumerState('one');
      return s.ackPending === 0 && s.pending === 0 && s.inStream === 0;
    });
  });

  it('stores QoS 1 readings that devices publish to NATS over MQTT (topic levels become subject tokens)', async () => {
    const store = await openStore();
    const { consumer } = await node(store, 'mq');
    const device = await mqtt.connectAsync(server.mqttUrl, { clientId: 'press-1', reconnectPeriod: 0 });
    try {
      await device.publishAsync('xinzhi/v1/mq/press/line1/temp', JSON.stringify({ ts: T0, value: 71.5 }), {
        qos: 1,
      });
    } finally {
      await device.endAsync();
    }
    // nats-server ≥ 2.10 maps a dot inside a topic level to `//` (2.9 refuses such topics): the
    // subject it would produce comes back to the same series name.
    await publish('xinzhi.v1.mq.press.m3//5.temp', JSON.stringify([{ ts: T0, value: 2 }]));
    await until(() => consumer.stats.acked === 2);
    expect((await store.queryPoints('mq/press/line1/temp', { from: T0, to: T0 + 1 }))[0]?.value).toBe(71.5);
    expect((await store.queryPoints('mq/press/m3.5/temp', { from: T0, to: T0 + 1 }))[0]?.value).toBe(2);
  });

  it('two consumers with one durable name share the stream: each reading stored exactly once', async () => {
    const store = await openStore();
    const a = await node(store, 'two', { maxMessages: 20 });
    const b = await node(store, 'two', { maxMessages: 20 });
    for (let i = 0; i < 1000; i++)
      await publish(
        `xinzhi.v1.two.line1.${metrics[i % 10]}`,
        JSON.stringify({ ts: T0 + i * 1000, value: i }),
      );
    await until(() => a.consumer.stats.acked + b.consumer.stats.acked === 1000);
    expect(a.consumer.stats.acked).toBeGreaterThan(0);
    expect(b.consumer.stats.acked).toBeGreaterThan(0);
    expect(a.batcher.stats.accepted + b.batcher.stats.accepted).toBe(1000);
    expect(a.batcher.stats.duplicates + b.batcher.stats.duplicates).toBe(0);
    expect(
      await pointCount(
        store,
        metrics.map((m) => `two/line1/${m}`),
      ),
    ).toBe(1000);
  });

  it('redelivers to a live consumer the messages a consumer took and died holding', async () => {
    const store = await openStore();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'dead', subjects: ['xinzhi.v1.dead.>'] });
    await jsm.consumers.add('dead', {
      durable_name: 'dead-ingest',
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      filter_subject: 'xinzhi.v1.dead.>',
      ack_wait: 1_000_000_000,
    });
    for (let i = 0; i < 50; i++)
      await publish('xinzhi.v1.dead.pump.flow', JSON.stringify({ ts: T0 + i * 1000, value: i }));
    // The dying node: pulls all 50, never acknowledges, loses its connection.
    const doomed = await connect({ servers: server.url });
    const batch = await jetstream(doomed).consumers.get('dead', 'dead-ingest');
    let taken = 0;
    for await (const _m of await batch.fetch({ max_messages: 50, expires: 2000 })) if (++taken === 50) break;
    expect(taken).toBe(50);
    await doomed.close();
    const { batcher, consumer } = await node(store, 'dead');
    await until(() => consumer.stats.acked === 50);
    expect(consumer.stats.redelivered).toBe(50);
    expect(batcher.stats.accepted).toBe(50);
    expect(await pointCount(store, ['dead/pump/flow'])).toBe(50);
    await until(async () => (await consumerState('dead')).ackPending === 0);
  });

  it('adds its subjects to an existing stream that lacks them and consumes from it', async () => {
    const store = await openStore();
    const jsm = await jetstreamManager(nc);
    await jsm.streams.add({ name: 'grow', subjects: ['elsewhere.>'] });
    const { consumer } = await node(store, 'grow');
    expect((await jsm.streams.info('grow')).config.subjects).toEqual(['elsewhere.>', 'xinzhi.v1.grow.>']);
    await publish('xinzhi.v1.grow.mill.rpm', '1450');
    await until(() => consumer.stats.acked === 1);
    expect(await pointCount(store, ['grow/mill/rpm'])).toBe(1);
  });

  it('refuses a second durable name on the work-queue stream, naming stream and consumer', async () => {
    const store = await openStore();
    await node(store, 'solo');
    const pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
    await expect(
      startNatsConsumer({
        url: server.url,
        batcher: createIngestBatcher({ pipeline, logger: silentLogger }),
        clock,
        logger: silentLogger,
        stream: 'solo',
        subject: 'xinzhi.v1.solo.>',
        durable: 'another-name',
      }),
    ).rejects.toMatchObject({
      code: 'NATS_JETSTREAM',
      message: expect.stringContaining("consumer 'another-name'"),
    });
  });

  it('naks a message whose commit failed and stores it when it comes back', async () => {
    const store = await openStore();
    const pipeline = createIngestPipeline({ store, clock, logger: silentLogger });
    const real = createIngestBatcher({ pipeline, logger: silentLogger, source: 'nats' });
    let failures = 0;
    const flaky: IngestBatcher = {
      stats: real.stats,
      flush: () => real.flush(),
      submit: (r, q) => (failures++ === 0 ? Promise.reject(new Error('disk full')) : real.submit(r, q)),
    };
    const { consumer } = await node(store, 'flaky', { batcher: flaky, nakDelayMs: 200 });
    await publish('xinzhi.v1.flaky.oven.temp', JSON.stringify({ ts: T0, value: 180 }));
    await until(() => consumer.stats.acked === 1);
    expect(consumer.stats).toMatchObject({ naked: 1, redelivered: 1, received: 2 });
    expect(await pointCount(store, ['flaky/oven/temp'])).toBe(1);
  });

  it('quarantines malformed payloads and subjects under their subject, acknowledges them, keeps ingesting', async () => {
    const store = await openStore();
    const { batcher, consumer } = await node(store, 'bad');
    const bad: Array<[string, string]> = [
      ['xinzhi.v1.bad.line.temp', '{broken'],
      ['xinzhi.v1.bad.line.temp', '{"value": {"nested": true}}'],
      ['xinzhi.v1.bad.line.temp', '[{"ts": "not a time", "value": 1}]'],
      ['xinzhi.v1.bad.line.temp', '\u00ff\u0000'],
      ['xinzhi.v1.bad.line.temp', ''],
      ['xinzhi.v1.bad.a/b.temp', '1'],
      ['xinzhi.v1.bad.b$d.temp', '1'],
      ['xinzhi.v1.bad.line.temp', `[${'['.repeat(5000)}${']'.repeat(5000)}]`],
    ];
    for (const [s, p] of bad) await publish(s, p);
    await publish('xinzhi.v1.bad.line.temp', JSON.stringify({ ts: T0, value: 21 }));
    await until(() => consumer.stats.acked === bad.length + 1);
    const rows = await store.listQuarantine({ status: 'open' });
    expect(rows).toHaveLength(bad.length);
    expect(rows.every((r) => r.source === 'nats')).toBe(true);
    const locations = rows.map((r) => r.location);
    for (const s of ['xinzhi.v1.bad.a/b.temp', 'xinzhi.v1.bad.b$d.temp']) expect(locations).toContain(s);
    expect(locations).toContain('xinzhi.v1.bad.line.temp[0]');
    expect(locations.every((l) => l.startsWith('xinzhi.v1.bad'))).toBe(true);
    expect(batcher.stats.accepted).toBe(1);
    expect((await store.queryPoints('bad/line/temp', { from: T0, to: T0 + 1 }))[0]?.value).toBe(21);
    await until(async () => {
      const s = await consumerState('bad');
      return s.ackPending === 0 && s.inStream === 0;
    });
  });
});
