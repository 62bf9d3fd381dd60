/**
 * The live bus of a cluster: what this node commits goes to its own listeners (as with the
 * in-process bus) and, over NATS core pub/sub, to every other node's listeners, so SSE, alarms,
 * the RUL feed and control loops see every point whichever node stored it.
 *
 * Subjects are `_xinzhi.live.<cluster>.points` and `_xinzhi.live.<cluster>.events`, outside the
 * ingest stream's `xinzhi.v1.>` so JetStream never stores them. Delivery is NATS core's: at most
 * once, in order per publisher, lost while a node is cut off (the store remains the record; the bus
 * is only the live view). Each message carries the sender's node id and a per-process instance id
 * in its headers; a node skips its own messages (NATS echoes them) without parsing them.
 *
 * Anything on these subjects may come from anyone with access to the server, so a message is read
 * as hostile: bounded in size, parsed in a try, checked field by field; a bad one is counted,
 * logged (at most every 10 s) and dropped.
 *
 * Points travel as JSON, grouped by series (`[series, ts[], value[], quality[] | null]`: about half
 * the bytes of one object per point), split into messages below the server's max_payload.
 */
import { randomUUID } from 'node:crypto';
import {
  type Msg,
  type NatsConnection,
  headers as natsHeaders,
  type Subscription,
} from '@nats-io/transport-node';
import { z } from 'zod';
import type { Logger, XEvent } from '../../core/index.js';
import type { PointWrite } from '../../store/index.js';
import type { LiveBus } from '../live/bus.js';

export interface NatsBusOptions {
  /** The cluster's connection; the bus does not close it. */
  readonly nc: NatsConnection;
  readonly nodeId: string;
  /** Subject part shared by the nodes of one installation; default `xinzhi`. */
  readonly cluster?: string;
  readonly logger: Logger;
  /** Largest message published, bytes; default the server's max_payload (at most 1 MiB). */
  readonly maxMessageBytes?: number;
  /** Largest message accepted, bytes; default 8 MiB. */
  readonly maxReceiveBytes?: number;
}

export interface NatsBusStats {
  /** Messages published by this node. */
  published: number;
  /** Points and events received from other nodes and handed to listeners. */
  receivedPoints: number;
  receivedEvents: number;
  /** Messages dropped: malformed, too big, or (outgoing) not publishable. */
  dropped: number;
}

export interface NatsBus extends LiveBus {
  readonly subjects: { readonly points: string; readonly events: string };
  readonly stats: NatsBusStats;
  /** Stops receiving (the connection stays open: its owner drains it). */
  close(): Promise<void>;
}

const NODE_HEADER = 'Xinzhi-Node';
const INSTANCE_HEADER = 'Xinzhi-Instance';
const MAX_SERIES_ID = 512;
const MAX_ID = 256;
/** Room left for headers and subject inside max_payload. */
const HEADROOM = 1024;
/** Points encoded per first attempt at a message; halved while too big. */
const FIRST_CHUNK = 20_000;

type Group = [string, number[], number[], Array<number | null> | null];

const EventSchema = z.object({
  id: z.number().int(),
  ts: z.number().finite(),
  kind: z.string().min(1).max(MAX_ID),
  severity: z.enum(['info', 'warning', 'minor', 'major', 'critical']),
  assetId: z.string().max(MAX_SERIES_ID).nullable(),
  seriesId: z.string().max(MAX_SERIES_ID).nullable(),
  message: z.string().max(100_000),
  data: z.record(z.string(), z.unknown()),
});

/** Groups points by series, keeping each series' order. */
function group(points: readonly PointWrite[]): Group[] {
  const bySeries = new Map<string, Group>();
  for (const p of points) {
    let g = bySeries.get(p.seriesId);
    if (!g) {
      g = [p.seriesId, [], [], null];
      bySeries.set(p.seriesId, g);
    }
    const n = g[1].length;
    g[1].push(p.ts);
    g[2].push(p.value);
    if (p.quality !== undefined) {
      g[3] ??= new Array<number | null>(n).fill(null);
      g[3].push(p.quality);
    } else g[3]?.push(null);
  }
  return [...bySeries.values()];
}

const isNum = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

/** The points of a received message, or why it is refused. */
export function readPoints(body: unknown): PointWrite[] | string {
  if (typeof body !== 'object' || body === null) return 'not an object';
  const { v, s } = body as Record<string, unknown>;
  if (v !== 1) return 'unknown version';
  if (!Array.isArray(s)) return 's is not an array';
  const out: PointWrite[] = [];
  for (const g of s as unknown[]) {
    if (!Array.isArray(g) || g.length !== 4) return 'a group is not [series, ts[], value[], quality[]|null]';
    const [sid, ts, values, quality] = g as unknown[];
    if (typeof sid !== 'string' || sid === '' || sid.length > MAX_SERIES_ID) return 'bad series id';
    if (!Array.isArray(ts) || !Array.isArray(values) || ts.length !== values.length)
      return 'ts and values differ';
    if (quality !== null && (!Array.isArray(quality) || quality.length !== ts.length)) return 'bad quality';
    for (let i = 0; i < ts.length; i++) {
      const t: unknown = ts[i];
      const x: unknown = values[i];
      const q: unknown = quality === null ? null : (quality as unknown[])[i];
      if (!isNum(t) || !isNum(x) || (q !== null && !isNum(q))) return 'a point is not finite numbers';
      out.push(
        q === null ? { seriesId: sid, ts: t, value: x } : { seriesId: sid, ts: t, value: x, quality: q },
      );
    }
  }
  return out;
}

export function createNatsBus(options: NatsBusOptions): NatsBus {
  const { nc, nodeId, logger } = options;
  const cluster = options.cluster ?? 'xinzhi';
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(cluster))
    throw new Error(`cluster name '${cluster}' is not a subject token`);
  const subjects = { points: `_xinzhi.live.${cluster}.points`, events: `_xinzhi.live.${cluster}.events` };
  const maxOut = Math.max(
    4096,
    Math.min(options.maxMessageBytes ?? 1024 * 1024, nc.info?.max_payload ?? 1024 * 1024) - HEADROOM,
  );
  const maxIn = options.maxReceiveBytes ?? 8 * 1024 * 1024;
  const instance = randomUUID();
  const stats: NatsBusStats = { published: 0, receivedPoints: 0, receivedEvents: 0, dropped: 0 };
  const pointListeners = new Set<(points: readonly PointWrite[]) => void>();
  const eventListeners = new Set<(event: XEvent) => void>();

  // A flood of bad messages must not become a flood of log lines.
  let lastWarn = 0;
  let unreported = 0;
  const drop = (why: string, detail: Record<string, unknown> = {}): void => {
    stats.dropped++;
    unreported++;
    const now = Date.now();
    if (now - lastWarn < 10_000) return;
    logger.warn({ ...detail, why, dropped: unreported }, 'live bus: messages dropped');
    lastWarn = now;
    unreported = 0;
  };

  const hdrs = () => {
    const h = natsHeaders();
    h.set(NODE_HEADER, nodeId);
    h.set(INSTANCE_HEADER, instance);
    return h;
  };
  const send = (subject: string, body: string): void => {
    try {
      nc.publish(subject, body, { headers: hdrs() });
      stats.published++;
    } catch (err) {
      // Closed or draining connection: the other nodes miss this commit live; the store has it.
      drop('publish failed', { err: (err as Error).message });
    }
  };

  const encodeChunk = (points: readonly PointWrite[]): string => JSON.stringify({ v: 1, s: group(points) });
  const publishChunks = (points: readonly PointWrite[]): void => {
    const pending: Array<readonly PointWrite[]> = [];
    for (let i = 0; i < points.length; i += FIRST_CHUNK) pending.push(points.slice(i, i + FIRST_CHUNK));
    pending.reverse();
    while (pending.length > 0) {
      const chunk = pending.pop() as readonly PointWrite[];
      const body = encodeChunk(chunk);
      if (Buffer.byteLength(body) <= maxOut) send(subjects.points, body);
      else if (chunk.length === 1)
        drop('a single point is larger than a message', { series: chunk[0]?.seriesId });
      else {
        const mid = Math.ceil(chunk.length / 2);
        pending.push(chunk.slice(mid), chunk.slice(0, mid));
      }
    }
  };

  const deliver = <T>(listeners: Set<(x: T) => void>, x: T): void => {
    for (const l of listeners) {
      try {
        l(x);
      } catch (err) {
        logger.error({ err }, 'live bus listener failed on a remote message');
      }
    }
  };

  const senderOf = (msg: Msg): string => {
    try {
      return (msg.headers?.get(NODE_HEADER) ?? '').slice(0, MAX_ID);
    } catch {
      return '';
    }
  };

  /** Hands a remote message to the listeners; returns why it was refused, if it was. */
  const receive = (msg: Msg): string | undefined => {
    const from = msg.headers?.get(INSTANCE_HEADER) ?? '';
    if (from === instance) return undefined;
    if (from === '' || (msg.headers?.get(NODE_HEADER) ?? '') === '') return 'no sender headers';
    if (msg.data.length > maxIn) return `too big (${msg.data.length} bytes)`;
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(msg.data));
    } catch {
      return 'not JSON';
    }
    if (msg.subject === subjects.points) {
      const points = readPoints(body);
      if (typeof points === 'string') return points;
      if (points.length === 0) return undefined;
      stats.receivedPoints += points.length;
      deliver(pointListeners, points);
      return undefined;
    }
    const parsed = EventSchema.safeParse(body);
    if (!parsed.success) return 'not an event';
    stats.receivedEvents++;
    deliver(eventListeners, parsed.data as XEvent);
    return undefined;
  };

  const subs: Subscription[] = [subjects.points, subjects.events].map((subject) =>
    nc.subscribe(subject, {
      callback: (err, msg) => {
        if (err) return logger.warn({ err: err.message, subject }, 'live bus subscription error');
        let why: string | undefined;
        try {
          why = receive(msg);
        } catch (e) {
          why = `unreadable: ${(e as Error).message}`;
        }
        if (why !== undefined) drop(why, { subject, sender: senderOf(msg) });
      },
    }),
  );

  return {
    subjects,
    stats,
    publishPoints(points) {
      try {
        for (const l of pointListeners) l(points);
      } finally {
        if (points.length > 0) publishChunks(points);
      }
    },
    publishEvent(event) {
      try {
        for (const l of eventListeners) l(event);
      } finally {
        const body = JSON.stringify(event);
        if (Buffer.byteLength(body) <= maxOut) send(subjects.events, body);
        else drop('an event is larger than a message', { kind: event.kind });
      }
    },
    onPoints(l) {
      pointListeners.add(l);
      return () => pointListeners.delete(l);
    },
    onEvent(l) {
      eventListeners.add(l);
      return () => eventListeners.delete(l);
    },
    async close() {
      // What was published is flushed by the connection's owner when it drains or closes it.
      for (const s of subs) s.unsubscribe();
    },
  };
}
