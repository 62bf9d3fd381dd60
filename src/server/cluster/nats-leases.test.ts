/**
 * NATS KV leases against a real nats-server: one holder among competitors, hand-over on release,
 * takeover after a holder dies or is cut off (its work always stops first), garbage in the bucket.
 * The TTL is 2 s here (10 s in production) so the failover cases run quickly.
 */
import { connect as connectTcp, createServer, type Server, type Socket } from 'node:net';
import { jetstreamManager } from '@nats-io/jetstream';
import { Kvm } from '@nats-io/kv';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { afterEach, expect, it } from 'vitest';
import { silentLogger } from '../../core/index.js';
import { useNatsServer, withNatsServer } from '../../ingest/nats/nats-server.fixture.js';
import type { LeasedWork } from './leases.js';
import { createNatsLeases, leaseKey, type NatsLeases } from './nats-leases.js';
import { waitFor } from './wait-for.fixture.js';

const TTL = 2000;

/** Work that records its starts and stops in a shared log. */
const recorder = (log: string[], node: string): LeasedWork & { running: boolean } => {
  const w = {
    running: false,
    start() {
      w.running = true;
      log.push(`${node} start`);
    },
    stop() {
      w.running = false;
      log.push(`${node} stop`);
    },
  };
  return w;
};

/** A TCP relay to the server that can start silently swallowing all traffic. */
async function relay(target: string) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  let mode: 'pass' | 'blackhole' = 'pass';
  const server: Server = createServer((client) => {
    const upstream = connectTcp(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => undefined);
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (b) => mode === 'pass' && upstream.write(b));
    upstream.on('data', (b) => mode === 'pass' && client.write(b));
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `nats://127.0.0.1:${(server.address() as { port: number }).port}`,
    /** Keeps the connections open but delivers nothing: the client notices only by timeouts. */
    blackhole() {
      mode = 'blackhole';
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}
withNatsServer('NATS KV leases (real nats-server)', () => {
  const server = useNatsServer();
  const cleanup: Array<() => Promise<unknown>> = [];
  let bucketNo = 0;
  afterEach(async () => {
    for (const c of cleanup.splice(0).reverse()) await c().catch(() => undefined);
  });

  const conn = async (url = server.url): Promise<NatsConnection> => {
    const nc = await connect({ servers: url, maxReconnectAttempts: -1, reconnectTimeWait: 100 });
    cleanup.push(() => nc.close());
    return nc;
  };
  const node = async (
    nodeId: string,
    bucket: string,
    opts: { nc?: NatsConnection; retryMs?: number } = {},
  ): Promise<NatsLeases> => {
    const l = await createNatsLeases({
      nc: opts.nc ?? (await conn()),
      nodeId,
      bucket,
      ttlMs: TTL,
      retryMs: opts.retryMs ?? 100,
      logger: silentLogger,
    });
    cleanup.push(() => l.close());
    return l;
  };
  const freshBucket = () => `leases-${++bucketNo}`;

  it('three competitors: exactly one holds, every node sees the same holder', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const nodes = [await node('a', bucket), await node('b', bucket), await node('c', bucket)];
    const works = nodes.map((n) => recorder(log, n.nodeId));
    for (const [i, n] of nodes.entries()) n.hold('retention', works[i] as LeasedWork);
    await waitFor('a holder', () => nodes.some((n) => n.holds('retention')));
    // Several renewal periods: the holder keeps it, nobody else starts.
    await new Promise((r) => setTimeout(r, TTL * 1.5));
    const holding = nodes.filter((n) => n.holds('retention'));
    expect(holding).toHaveLength(1);
    expect(log).toEqual([`${holding[0]?.nodeId} start`]);
    for (const n of nodes) expect(await n.holders()).toEqual({ retention: holding[0]?.nodeId });
  });

  it('a release hands the lease over at once (the bucket watch, not the retry)', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    // Retries once a minute: only the watch on the deleted key can explain a quick takeover.
    const a = await node('a', bucket, { retryMs: 60_000 });
    const releaseA = a.hold('loop/pump-1', recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds('loop/pump-1'));
    const b = await node('b', bucket, { retryMs: 60_000 });
    b.hold('loop/pump-1', recorder(log, 'b'));
    await releaseA();
    expect(a.holds('loop/pump-1')).toBe(false);
    await waitFor('b to take over', () => b.holds('loop/pump-1'), 10_000);
    expect(log).toEqual(['a start', 'a stop', 'b start']);
    expect(await b.holders()).toEqual({ 'loop/pump-1': 'b' });
  });

  it('a holder whose connection dies without releasing loses the lease; another takes it after the TTL', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const ncA = await conn();
    const a = await node('a', bucket, { nc: ncA });
    a.hold('alarms/0', recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds('alarms/0'));
    const b = await node('b', bucket);
    b.hold('alarms/0', recorder(log, 'b'));
    await ncA.close(); // death: no release, the key stays until it expires
    await waitFor('b to take over', () => b.holds('alarms/0'), TTL + 5000);
    expect(log).toEqual(['a start', 'a stop', 'b start']);
  });

  it('a bucket that disappears (a nats-server restarted without it) is created again and the lease retaken', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const a = await node('a', bucket);
    a.hold('retention', recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds('retention'));
    const nc = await conn();
    await jetstreamManager(nc).then((jsm) => jsm.streams.delete(`KV_${bucket}`));
    await waitFor('the lease to be lost', () => !a.holds('retention'), TTL + 5000);
    await waitFor('the lease to be taken again', () => a.holds('retention'), TTL + 5000);
    expect(log).toEqual(['a start', 'a stop', 'a start']);
    expect(await a.holders()).toEqual({ retention: 'a' });
  });

  it('a holder cut off from NATS stops its work before the lease can expire and move', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const r = await relay(server.url);
    cleanup.push(() => r.close());
    const a = await node('a', bucket, { nc: await conn(r.url) });
    a.hold('retention', recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds('retention'));
    const b = await node('b', bucket);
    b.hold('retention', recorder(log, 'b'));
    r.blackhole(); // a's socket stays open, its renewals go nowhere
    await waitFor('b to take over', () => b.holds('retention'), TTL + 5000);
    expect(a.holds('retention')).toBe(false);
    expect(log).toEqual(['a start', 'a stop', 'b start']);
  });

  it('a disconnect stops the work at once; back online the node takes its own lease again', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const nc = await conn();
    const a = await node('a', bucket, { nc });
    a.hold('retention', recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds('retention'));
    await nc.reconnect(); // the socket closes; the client reports a disconnect, then reconnects
    await waitFor('a to stop', () => log.includes('a stop'));
    // The key (still a's, not expired) is reclaimed by the same node once reconnected.
    await waitFor('a to hold again', () => a.holds('retention'));
    expect(log).toEqual(['a start', 'a stop', 'a start']);
  });

  it('garbage in the bucket: holders() skips it, a garbage-overwritten lease is lost then retaken', async () => {
    const bucket = freshBucket();
    const log: string[] = [];
    const a = await node('a', bucket);
    const vandal = await conn();
    const kv = await new Kvm(vandal).open(bucket);
    await kv.put('junk', new Uint8Array([0xff, 0xfe, 0, 1, 2]));
    await kv.put('json-but-wrong', '{"node": 42}');
    await kv.put(leaseKey('not yet'), '[]');
    const name = 'loop:pump 1/α';
    a.hold(name, recorder(log, 'a'));
    await waitFor('a to hold', () => a.holds(name));
    expect(await a.holders()).toEqual({ [name]: 'a' });
    // Someone overwrites the held lease: the renewal's compare-and-set fails, the work stops.
    await kv.put(leaseKey(name), new Uint8Array([0xde, 0xad]));
    await waitFor('a to lose it', () => log.includes('a stop'));
    expect(await a.holders()).toEqual({});
    // The garbage expires with the bucket's max age; then a takes the lease again.
    await waitFor('a to retake it', () => a.holds(name), TTL + 5000);
    expect(log).toEqual(['a start', 'a stop', 'a start']);
    // A name whose key holds garbage is taken once that garbage has expired.
    a.hold('not yet', recorder(log, 'a2'));
    await waitFor('a to hold the other', () => a.holds('not yet'), TTL + 5000);
  });

  it('rejects bad names and buckets, and two holds of one name on one node', async () => {
    const a = await node('a', freshBucket());
    expect(() => a.hold('', recorder([], 'a'))).toThrow(/1–256/);
    a.hold('x', recorder([], 'a'));
    expect(() => a.hold('x', recorder([], 'a'))).toThrow(/already held/);
    await expect(
      createNatsLeases({ nc: await conn(), nodeId: 'a', bucket: 'a.b', logger: silentLogger }),
    ).rejects.toThrow(/letters, digits/);
  });
});
