/**
 * A cluster of `xinzhi serve` child processes for the failover test and the cluster benchmark:
 * one nats-server (JetStream + MQTT listener, its own fixture), one PostgreSQL database given by
 * the caller, and N nodes started, SIGKILLed and restarted one by one; plus an MQTT QoS 1
 * publisher that remembers which readings the broker acknowledged, and direct looks at the stream's
 * consumer and at PostgreSQL to check the outcome.
 *
 * The stream and the shared durable consumer are created here before any node starts, with a short
 * `ack_wait`: the nodes find them and use them as they are, so messages a killed node had taken come
 * back within seconds instead of the production default of 30 s.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  AckPolicy,
  DeliverPolicy,
  jetstream,
  jetstreamManager,
  RetentionPolicy,
  StorageType,
} from '@nats-io/jetstream';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import mqtt from 'mqtt';
import pg from 'pg';
import { startNatsServer, type TestNatsServer } from '../../src/ingest/nats/nats-server.fixture.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

export const STREAM = 'xinzhi';
export const SUBJECT = 'xinzhi.v1.>';
export const DURABLE = 'xinzhi-ingest';

export interface ClusterOptions {
  /** PostgreSQL URL of a database the nodes share (created by the caller). */
  readonly dbUrl: string;
  /** Node slots (started with `start(i)`). */
  readonly nodes: number;
  /** Redelivery delay of messages a dead node held; default 3 s. */
  readonly ackWaitMs?: number;
  /** Extra `serve` flags per node (e.g. `--node-id`). */
  readonly extraArgs?: (index: number) => readonly string[];
  /** An already running nats-server to use instead of starting one (not stopped by `stop`). */
  readonly nats?: TestNatsServer;
}

export interface ConsumerState {
  /** Messages not yet delivered to any node. */
  readonly pending: number;
  /** Messages delivered and not yet acknowledged. */
  readonly ackPending: number;
  /** Sequence of the last message the stream stored (work queue: acked ones are deleted). */
  readonly lastSeq: number;
  /** Messages still in the stream. */
  readonly messages: number;
  /** Deliveries beyond the first of each message so far (the consumer counts every delivery). */
  readonly redeliveries: number;
}

export interface NodeInfo {
  readonly httpUrl: string;
  readonly pid: number;
}

export interface Cluster {
  readonly nats: TestNatsServer;
  readonly dbUrl: string;
  /** Starts node `i` (it must not be running) and resolves once it prints its URLs. */
  start(i: number): Promise<NodeInfo>;
  /** SIGKILLs node `i` and resolves once it has exited. */
  kill(i: number): Promise<void>;
  /** SIGSTOPs node `i`: messages handed to it stay unacknowledged until it is killed. */
  freeze(i: number): void;
  /** Running nodes by index. */
  running(): ReadonlyMap<number, NodeInfo>;
  consumerState(): Promise<ConsumerState>;
  /** A NATS connection of the harness (to publish into the stream directly). */
  readonly nc: NatsConnection;
  /** One query against the shared database. */
  sql<T extends pg.QueryResultRow>(text: string, params?: unknown[]): Promise<T[]>;
  /** Kills every node, closes the harness connections and stops nats-server (if started here). */
  stop(): Promise<void>;
}

interface Slot {
  child: ChildProcess;
  info: NodeInfo;
  exited: Promise<void>;
}

/** Starts nats-server (unless given), creates stream and consumer; no node runs yet. */
export async function startCluster(o: ClusterOptions): Promise<Cluster> {
  const nats = o.nats ?? (await startNatsServer());
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  // The same stream and consumer the node would create (src/ingest/nats/consumer.ts), but with a
  // short ack_wait; nodes keep an existing consumer's settings.
  await jsm.streams.add({
    name: STREAM,
    subjects: [SUBJECT],
    retention: RetentionPolicy.Workqueue,
    storage: StorageType.File,
  });
  await jsm.consumers.add(STREAM, {
    durable_name: DURABLE,
    ack_policy: AckPolicy.Explicit,
    deliver_policy: DeliverPolicy.All,
    filter_subject: SUBJECT,
    ack_wait: (o.ackWaitMs ?? 3000) * 1_000_000,
    max_ack_pending: 20_000,
  });
  const pool = new pg.Pool({ connectionString: o.dbUrl, max: 2 });
  const slots = new Map<number, Slot>();
  const secret = randomBytes(32).toString('hex');

  const start = (i: number): Promise<NodeInfo> => {
    if (i < 0 || i >= o.nodes) throw new Error(`no node slot ${i}`);
    if (slots.has(i)) throw new Error(`node ${i} is already running`);
    const args = [
      '--import',
      'tsx',
      join(ROOT, 'src/cli/main.ts'),
      'serve',
      '--db',
      o.dbUrl,
      '--port',
      '0',
      '--no-mqtt',
      '--nats-url',
      nats.url,
      '--nats-stream',
      STREAM,
      '--nats-subject',
      SUBJECT,
      '--nats-durable',
      DURABLE,
      '--json',
      ...(o.extraArgs?.(i) ?? []),
    ];
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, XINZHI_LOG_LEVEL: 'warn', XINZHI_SECRET_KEY: secret },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-4000);
    });
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    return new Promise<NodeInfo>((resolve, reject) => {
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`node ${i} did not start within 60 s: ${err}`));
      }, 60_000);
      const onExit = (code: number | null): void => {
        clearTimeout(timer);
        reject(new Error(`node ${i} exited with ${code} while starting: ${err}`));
      };
      child.once('exit', onExit);
      const onData = (d: Buffer): void => {
        out += d.toString();
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line === undefined || !out.includes('\n', out.indexOf(line))) return;
        const doc = JSON.parse(line) as { http: string; pid: number };
        clearTimeout(timer);
        child.off('exit', onExit);
        child.stdout?.off('data', onData);
        child.stdout?.resume();
        const info = { httpUrl: doc.http, pid: doc.pid };
        slots.set(i, { child, info, exited });
        resolve(info);
      };
      child.stdout?.on('data', onData);
    });
  };

  const kill = async (i: number): Promise<void> => {
    const s = slots.get(i);
    if (s === undefined) throw new Error(`node ${i} is not running`);
    slots.delete(i);
    s.child.kill('SIGKILL');
    await s.exited;
  };

  return {
    nats,
    dbUrl: o.dbUrl,
    nc,
    start,
    kill,
    freeze(i) {
      const s = slots.get(i);
      if (s === undefined) throw new Error(`node ${i} is not running`);
      s.child.kill('SIGSTOP');
    },
    running: () => new Map([...slots].map(([i, s]) => [i, s.info])),
    async consumerState() {
      const c = await jsm.consumers.info(STREAM, DURABLE);
      const s = await jsm.streams.info(STREAM);
      return {
        pending: c.num_pending,
        ackPending: c.num_ack_pending,
        lastSeq: s.state.last_seq,
        messages: s.state.messages,
        redeliveries: c.delivered.consumer_seq - c.delivered.stream_seq,
      };
    },
    async sql<T extends pg.QueryResultRow>(text: string, params: unknown[] = []) {
      return (await pool.query<T>(text, params)).rows;
    },
    async stop() {
      for (const i of [...slots.keys()]) await kill(i);
      await pool.end();
      await nc.close();
      if (o.nats === undefined) await nats.stop();
    },
  };
}

/** Publishes `n` messages straight into the stream (awaiting each stream ack in windows). */
export async function preload(
  nc: NatsConnection,
  n: number,
  message: (i: number) => { subject: string; payload: string },
): Promise<void> {
  const js = jetstream(nc);
  const window = 256;
  for (let i = 0; i < n; i += window) {
    const acks: Promise<unknown>[] = [];
    for (let j = i; j < Math.min(n, i + window); j++) {
      const m = message(j);
      acks.push(js.publish(m.subject, m.payload));
    }
    await Promise.all(acks);
  }
}

export interface PublishOptions {
  readonly mqttUrl: string;
  /** Devices, one MQTT connection and one series (`<asset>/dev<d>/v`) each. */
  readonly devices: number;
  /** Readings per device. */
  readonly perDevice: number;
  /** Spread of the whole run, ms. */
  readonly durationMs: number;
  /** First reading's time (ms); reading k of a device is at `t0 + k * 1000`. */
  readonly t0: number;
  readonly asset: string;
  /** QoS 1 messages in flight per device; default 8. */
  readonly window?: number;
}

export interface PublishResult {
  readonly published: number;
  /** Readings whose PUBACK arrived, by series then time → value. */
  readonly acked: ReadonlyMap<string, ReadonlyMap<number, number>>;
  readonly ackedCount: number;
}

/** A smooth per-device signal, so the cleaning pipeline sees no outliers or stuck runs. */
export const readingValue = (device: number, k: number): number =>
  Math.round((20 + device * 5 + 3 * Math.sin(k / 15)) * 1000) / 1000;

/**
 * Devices publishing QoS 1 readings to NATS's MQTT listener at an even pace. A publish that errors
 * (none expected: the broker is not killed) is simply not counted as acknowledged.
 */
export async function publishReadings(o: PublishOptions): Promise<PublishResult> {
  const window = o.window ?? 8;
  const acked = new Map<string, Map<number, number>>();
  let published = 0;
  const started = Date.now();
  const gap = o.durationMs / o.perDevice;
  const clients = await Promise.all(
    Array.from({ length: o.devices }, (_, d) =>
      mqtt.connectAsync(o.mqttUrl, {
        clientId: `clu-dev${d}-${randomBytes(3).toString('hex')}`,
        clean: true,
        reconnectPeriod: 0,
      }),
    ),
  );
  try {
    await Promise.all(
      clients.map(
        (c, d) =>
          new Promise<void>((resolve) => {
            c.on('error', () => {});
            const series = `${o.asset}/dev${d}/v`;
            const got = new Map<number, number>();
            acked.set(series, got);
            let next = 0;
            let inFlight = 0;
            let waiting = false;
            const pump = (): void => {
              while (inFlight < window && next < o.perDevice) {
                const k = next;
                const due = started + k * gap;
                if (Date.now() < due) {
                  if (!waiting) {
                    waiting = true;
                    setTimeout(() => {
                      waiting = false;
                      pump();
                    }, due - Date.now());
                  }
                  return;
                }
                next++;
                inFlight++;
                published++;
                const ts = o.t0 + k * 1000;
                const value = readingValue(d, k);
                c.publish(`xinzhi/v1/${series}`, JSON.stringify({ ts, value }), { qos: 1 }, (e) => {
                  inFlight--;
                  if (!e) got.set(ts, value);
                  if (next >= o.perDevice && inFlight === 0) resolve();
                  else pump();
                });
              }
            };
            pump();
          }),
      ),
    );
  } finally {
    await Promise.all(clients.map((c) => c.endAsync().catch(() => undefined)));
  }
  let ackedCount = 0;
  for (const m of acked.values()) ackedCount += m.size;
  return { published, acked, ackedCount };
}

/** Polls `fn` until it returns a truthy value; throws `what` with the last value after `ms`. */
export async function waitFor<T>(
  what: string,
  fn: () => Promise<T | undefined | false>,
  ms: number,
): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > end) throw new Error(`${what}: not reached within ${ms} ms (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
