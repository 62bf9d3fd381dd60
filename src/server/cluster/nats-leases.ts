/**
 * Leases on NATS JetStream KV: the cluster's way of running a piece of work on exactly one node.
 *
 * One bucket holds one key per lease; its value names the holder. The bucket's `max_age` is the
 * lease's time to live (nats-server 2.9 has no per-key TTL): every write restarts the key's age, so
 * a key that nobody renews disappears `ttl` after its last write, and a key's revision changes on
 * every write. From that:
 * - acquire: `create` (fails while the key exists), or `update` guarded by the revision read when
 *   the key is a delete marker or still carries this instance's own token (after a disconnect);
 * - renew: `update(key, value, revision)` every ttl/3, a compare-and-set, so a renewal fails as
 *   soon as anyone else has written the key;
 * - lose: the work stops at the first failed renewal, on a NATS disconnect, and when no renewal has
 *   succeeded for ttl/2 (measured from when the last successful write was sent, which is before the
 *   server stamped it). The key cannot expire before ttl after that stamp, so the work has stopped
 *   at least ttl/2 before another node can create the key: never two holders;
 * - release: stop the work, then delete the key guarded by the revision; every node watches the
 *   bucket and competes at once for a deleted key, so a release hands over without waiting.
 * Nodes that do not hold a lease they want retry every 1–2 s, so a dead holder's lease moves
 * within ttl + 2 s.
 *
 * Hand-written rather than a library because the JavaScript NATS clients ship KV but no leader
 * election or lease primitive; this is the few rules above on top of KV's compare-and-set.
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { jetstream, jetstreamManager, StorageType } from '@nats-io/jetstream';
import { type KV, type KvEntry, Kvm } from '@nats-io/kv';
import type { NatsConnection } from '@nats-io/transport-node';
import { type Logger, XinzhiError } from '../../core/index.js';
import { connectNats } from '../../ingest/nats/index.js';
import type { LeasedWork, Leases } from './leases.js';

export interface NatsLeasesOptions {
  /** An open connection (not closed by `close()`), or `url` to open one of its own. */
  readonly nc?: NatsConnection;
  readonly url?: string;
  /** This node's id, written into the leases it holds. */
  readonly nodeId: string;
  /** KV bucket, created if missing; default `xinzhi-leases`. */
  readonly bucket?: string;
  /**
   * Lease time to live, ms (the bucket's max_age); default 10 s. An existing bucket keeps its own
   * max_age, and that is the one used.
   */
  readonly ttlMs?: number;
  /** Non-holders retry every `retryMs`–2×`retryMs` (random, so nodes do not retry in step); default 1 s. */
  readonly retryMs?: number;
  readonly logger: Logger;
}

export interface NatsLeases extends Leases {
  readonly bucket: string;
  /** The time to live in force (the bucket's max_age). */
  readonly ttlMs: number;
}

/** What a lease key holds. `instance` tells this process's own keys apart from another's with the same node id. */
interface LeaseValue {
  readonly node: string;
  readonly name: string;
  readonly instance: string;
  readonly at: number;
}

const MAX_NAME = 256;
const MAX_VALUE_BYTES = 4096;

/** KV keys are subject tokens; names outside that alphabet are base64url-encoded behind a `=`. */
const SAFE_KEY = /^[A-Za-z0-9_\-/]+(\.[A-Za-z0-9_\-/]+)*$/;
export const leaseKey = (name: string): string =>
  SAFE_KEY.test(name) ? name : `=${Buffer.from(name, 'utf8').toString('base64url')}`;
const nameOfKey = (key: string): string =>
  key.startsWith('=') ? Buffer.from(key.slice(1), 'base64url').toString('utf8') : key;

/** The value of a key, or undefined when it is not one of ours (garbage, another writer). */
function readValue(bytes: Uint8Array): LeaseValue | undefined {
  if (bytes.length === 0 || bytes.length > MAX_VALUE_BYTES) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    return undefined;
  }
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  const { node, name, instance, at } = o;
  if (typeof node !== 'string' || node === '' || node.length > MAX_NAME) return undefined;
  if (typeof name !== 'string' || name.length > MAX_NAME) return undefined;
  if (typeof instance !== 'string' || instance.length > 64) return undefined;
  return { node, name, instance, at: typeof at === 'number' ? at : 0 };
}

const VALID_BUCKET = /^[-\w]+$/;

interface LeaseState {
  readonly name: string;
  readonly key: string;
  readonly work: LeasedWork;
  /** False once the caller released it. */
  wanted: boolean;
  /** Holding now (the work was started and not stopped since). */
  running: boolean;
  /** The key's revision as last written by this node, while holding. */
  rev: number;
  /** Bumped on every loss: answers to requests sent before it are ignored. */
  gen: number;
  /** The acquire or renewal request in flight, if any. */
  inflight: Promise<void> | undefined;
  /** The key was freed while a request was in flight: try again as soon as it ends. */
  again: boolean;
  renewTimer: NodeJS.Timeout | undefined;
  deadlineTimer: NodeJS.Timeout | undefined;
  retryTimer: NodeJS.Timeout | undefined;
  /** start/stop calls, in order: stop never overtakes the start before it. */
  chain: Promise<void>;
}

/** Creates (or opens) the bucket and returns leases competing in it. */
export async function createNatsLeases(options: NatsLeasesOptions): Promise<NatsLeases> {
  const { logger, nodeId } = options;
  const bucket = options.bucket ?? 'xinzhi-leases';
  if (!VALID_BUCKET.test(bucket))
    throw new XinzhiError('BAD_INPUT', `lease bucket '${bucket}' may only use letters, digits, '-' and '_'`, {
      field: 'bucket',
    });
  if (nodeId === '' || nodeId.length > MAX_NAME)
    throw new XinzhiError('BAD_INPUT', `node id must be 1–${MAX_NAME} characters`, { field: '--node-id' });
  const wantTtl = options.ttlMs ?? 10_000;
  if (!(wantTtl >= 1000))
    throw new XinzhiError('BAD_INPUT', 'lease ttl must be at least 1 s', { field: 'ttlMs' });
  const retryMs = options.retryMs ?? 1000;

  let own: NatsConnection | undefined;
  let nc: NatsConnection;
  if (options.nc) nc = options.nc;
  else if (options.url) nc = own = await connectNats(options.url, { name: `xinzhi leases ${nodeId}` });
  else throw new XinzhiError('BAD_INPUT', 'createNatsLeases needs a connection or a URL', { field: 'url' });

  // Requests must fail well inside a renewal period, so a lost server is noticed before ttl/2.
  const requestTimeout = Math.min(5000, Math.floor(wantTtl / 4));
  let kv: KV;
  let ttlMs: number;
  // File storage: the bucket outlives a nats-server restart (a memory one would be gone, and with it
  // every lease); it is created again anyway if it disappears (see `tryAcquire`).
  const openBucket = (): Promise<KV> =>
    new Kvm(jetstream(nc, { timeout: requestTimeout })).create(bucket, {
      ttl: wantTtl,
      history: 1,
      storage: StorageType.File,
      maxValueSize: MAX_VALUE_BYTES,
    });
  try {
    kv = await openBucket();
    ttlMs = (await kv.status()).ttl;
  } catch (e) {
    if (own) await own.close().catch(() => undefined);
    throw new XinzhiError(
      'NATS_JETSTREAM',
      `cannot open the lease bucket '${bucket}': ${(e as Error).message}`,
      {
        cause: e,
      },
    );
  }
  if (!(ttlMs > 0)) {
    if (own) await own.close().catch(() => undefined);
    throw new XinzhiError(
      'NATS_JETSTREAM',
      `the lease bucket '${bucket}' exists without a max age, so a dead node's leases would never expire; delete it (nats kv del ${bucket}) and restart`,
    );
  }
  if (ttlMs !== wantTtl)
    logger.warn(
      { bucket, ttlMs, wanted: wantTtl },
      'leases: the bucket exists with another max age; using it',
    );

  const instance = randomUUID();
  const leases = new Map<string, LeaseState>();
  let closed = false;
  const now = (): number => performance.now();
  const encode = (name: string): Uint8Array =>
    new TextEncoder().encode(JSON.stringify({ node: nodeId, name, instance, at: Date.now() }));

  const runWork = (s: LeaseState, what: 'start' | 'stop'): Promise<void> => {
    s.chain = s.chain.then(async () => {
      try {
        await s.work[what]();
      } catch (err) {
        logger.error({ err, lease: s.name }, `leases: work ${what} failed`);
      }
    });
    return s.chain;
  };

  const clearTimers = (s: LeaseState): void => {
    clearTimeout(s.renewTimer);
    clearTimeout(s.deadlineTimer);
    s.renewTimer = s.deadlineTimer = undefined;
  };

  const scheduleRetry = (s: LeaseState, delay = retryMs + Math.random() * retryMs): void => {
    if (closed || !s.wanted || s.running || s.retryTimer || nc.isClosed()) return;
    s.retryTimer = setTimeout(() => {
      s.retryTimer = undefined;
      attempt(s);
    }, delay);
    s.retryTimer.unref();
  };

  const lose = (s: LeaseState, reason: string): void => {
    if (!s.running) return;
    s.running = false;
    s.gen++;
    clearTimers(s);
    logger.warn({ lease: s.name, reason }, 'leases: lease lost, work stopped');
    void runWork(s, 'stop');
    scheduleRetry(s);
  };

  /** A write sent at `sentAt` succeeded: the key cannot expire before sentAt + ttl. */
  const confirmed = (s: LeaseState, sentAt: number): void => {
    clearTimers(s);
    const deadline = sentAt + ttlMs / 2;
    s.deadlineTimer = setTimeout(() => lose(s, 'no renewal within ttl/2'), Math.max(0, deadline - now()));
    s.deadlineTimer.unref();
    s.renewTimer = setTimeout(() => renew(s), Math.max(0, sentAt + ttlMs / 3 - now()));
    s.renewTimer.unref();
  };

  const renew = (s: LeaseState): void => {
    s.renewTimer = undefined;
    if (!s.running || s.inflight) return;
    const gen = s.gen;
    const sentAt = now();
    // Through a promise: `update` throws synchronously on some bad arguments, never in a timer.
    s.inflight = Promise.resolve()
      .then(() => kv.update(s.key, encode(s.name), s.rev, requestTimeout))
      .then(
        (rev) => {
          if (s.gen !== gen || !s.running) return;
          s.rev = rev;
          confirmed(s, sentAt);
        },
        (err: unknown) => {
          if (s.gen === gen) lose(s, `renewal failed: ${(err as Error).message}`);
        },
      )
      .finally(() => {
        s.inflight = undefined;
      });
  };

  const bucketGone = async (): Promise<boolean> => {
    try {
      const jsm = await jetstreamManager(nc, { timeout: requestTimeout });
      await jsm.streams.info(`KV_${bucket}`);
      return false;
    } catch (err) {
      return bucketMissing(err);
    }
  };
  // One re-creation at a time, however many leases notice the bucket is gone.
  let reopening: Promise<void> | undefined;
  const reopen = (): Promise<void> => {
    reopening ??= openBucket()
      .then((fresh) => {
        kv = fresh;
        logger.warn(
          { bucket },
          'leases: the bucket was gone (nats-server restarted without it?); created it again',
        );
      })
      .finally(() => {
        reopening = undefined;
      });
    return reopening;
  };

  /** Takes the key if it is free (absent, deleted) or still this instance's; resolves to the revision. */
  const tryAcquire = async (s: LeaseState): Promise<number | undefined> => {
    let e: KvEntry | null;
    try {
      e = await kv.get(s.key);
    } catch (err) {
      // A missing bucket shows only as a timeout here: ask for its stream to tell.
      if (!(await bucketGone())) throw err;
      await reopen();
      e = await kv.get(s.key);
    }
    const value = encode(s.name);
    if (e === null) return kv.create(s.key, value);
    if (e.operation !== 'PUT') return kv.update(s.key, value, e.revision, requestTimeout);
    if (readValue(e.value)?.instance === instance) return kv.update(s.key, value, e.revision, requestTimeout);
    return undefined;
  };

  const attempt = (s: LeaseState): void => {
    if (closed || !s.wanted || s.running) return;
    if (s.inflight) {
      s.again = true;
      return;
    }
    s.again = false;
    clearTimeout(s.retryTimer);
    s.retryTimer = undefined;
    const gen = s.gen;
    const sentAt = now();
    s.inflight = tryAcquire(s)
      .then(
        (rev) => {
          if (rev === undefined || s.gen !== gen) return;
          if (!s.wanted || closed) {
            // Released while the request was in flight: give the key back at once.
            kv.delete(s.key, { previousSeq: rev }).catch(() => undefined);
            return;
          }
          s.running = true;
          s.rev = rev;
          confirmed(s, sentAt);
          logger.info({ lease: s.name, node: nodeId }, 'leases: lease acquired, work started');
          void runWork(s, 'start');
        },
        (err: unknown) => {
          logger.debug({ lease: s.name, err: (err as Error).message }, 'leases: acquire attempt failed');
        },
      )
      .finally(() => {
        s.inflight = undefined;
        if (s.again) attempt(s);
        else scheduleRetry(s);
      });
  };

  const release = async (s: LeaseState): Promise<void> => {
    if (!s.wanted) return s.chain;
    s.wanted = false;
    clearTimeout(s.retryTimer);
    s.retryTimer = undefined;
    await s.inflight;
    const wasRunning = s.running;
    const rev = s.rev;
    if (s.running) {
      s.running = false;
      s.gen++;
      clearTimers(s);
    }
    if (wasRunning) await runWork(s, 'stop');
    else await s.chain;
    if (leases.get(s.name) === s) leases.delete(s.name);
    // Only after the work stopped, and only if nobody has written the key since.
    if (wasRunning)
      await kv.delete(s.key, { previousSeq: rev }).catch((err: unknown) => {
        logger.warn(
          { lease: s.name, err: (err as Error).message },
          'leases: release not written; the lease expires',
        );
      });
  };

  // A disconnected node cannot renew: stop its work now, and compete again once it is back.
  const statuses = nc.status();
  const statusLoop = (async () => {
    for await (const st of statuses) {
      if (closed) break;
      if (st.type === 'disconnect') for (const s of leases.values()) lose(s, 'nats disconnected');
      else if (st.type === 'reconnect') for (const s of leases.values()) attempt(s);
    }
  })().catch((err: unknown) => logger.warn({ err }, 'leases: status watch ended'));

  // Deleted (released) keys are taken at once by whoever wants them. The first watch is in place
  // before any hold, so no release after it is missed; a failed watch is set up again.
  type Watch = Awaited<ReturnType<KV['watch']>>;
  let watcher: Watch | undefined;
  const openWatch = (): Promise<Watch | undefined> =>
    kv.watch({ include: 'updates' as const }).catch((err: unknown) => {
      logger.debug({ err: (err as Error).message }, 'leases: bucket watch failed; retrying');
      return undefined;
    });
  const watch = async (first: Watch | undefined): Promise<void> => {
    let w = first;
    while (!closed && !nc.isClosed()) {
      watcher = w;
      if (w) {
        if (closed) w.stop();
        try {
          for await (const e of w) {
            if (e.operation === 'PUT') continue;
            const s = leases.get(nameOfKey(e.key));
            if (s) attempt(s);
          }
        } catch (err) {
          logger.debug({ err: (err as Error).message }, 'leases: bucket watch ended; retrying');
        }
      }
      if (closed) break;
      await new Promise((r) => setTimeout(r, retryMs).unref());
      w = await openWatch();
    }
  };
  const watchLoop = watch(await openWatch()).catch(() => undefined);

  return {
    nodeId,
    bucket,
    ttlMs,
    hold(name, work) {
      if (closed) throw new XinzhiError('BAD_INPUT', 'leases are closed');
      if (name === '' || name.length > MAX_NAME)
        throw new XinzhiError('BAD_INPUT', `lease name must be 1–${MAX_NAME} characters`, { field: 'name' });
      if (leases.has(name)) throw new Error(`lease ${name} is already held by this node`);
      const s: LeaseState = {
        name,
        key: leaseKey(name),
        work,
        wanted: true,
        running: false,
        rev: 0,
        gen: 0,
        inflight: undefined,
        again: false,
        renewTimer: undefined,
        deadlineTimer: undefined,
        retryTimer: undefined,
        chain: Promise.resolve(),
      };
      leases.set(name, s);
      attempt(s);
      return () => release(s);
    },
    holds: (name) => leases.get(name)?.running === true,
    async holders() {
      const out: Record<string, string> = {};
      const keys: string[] = [];
      for await (const k of await kv.keys()) keys.push(k);
      await Promise.all(
        keys.map(async (k) => {
          const e = await kv.get(k).catch(() => null);
          if (e === null || e.operation !== 'PUT') return;
          const v = readValue(e.value);
          // Not written by xinzhi (garbage, another tool): no holder to show.
          if (v === undefined) return;
          out[nameOfKey(k)] = v.node;
        }),
      );
      return out;
    },
    async close() {
      if (closed) return;
      await Promise.all([...leases.values()].map((s) => release(s)));
      closed = true;
      watcher?.stop();
      (statuses as { stop?: () => void }).stop?.();
      if (own) await own.drain().catch(() => own?.close());
      await Promise.all([watchLoop, statusLoop]);
    },
  };
}

/** Whether a KV request failed because the bucket's stream does not exist (JetStream error 10059). */
function bucketMissing(err: unknown): boolean {
  const e = err as { code?: unknown; api_error?: { err_code?: unknown }; message?: unknown };
  if (e?.api_error?.err_code === 10059) return true;
  return typeof e?.message === 'string' && /stream not found/i.test(e.message);
}
