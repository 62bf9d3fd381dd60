/**
 * The Sparkplug B host application's state, as a pure reducer over messages (Sparkplug 3.0 §5):
 * per edge node its birth/death sequence (bdSeq), message sequence (seq, 0–255), metric aliases of
 * the node and of each device, and which of them are dead (their series stale). Each message
 * becomes readings for the cleaning pipeline, quarantine rows for what cannot be read, events, and
 * at most one rebirth request (NCMD `Node Control/Rebirth`) when xinzhi lost track of the node:
 * data before any birth, an alias no birth declared, or a gap in `seq`.
 *
 * Hand-written because no maintained package keeps host-side session state: Tahu's
 * `sparkplug-client` is the edge-node side. The codec is Tahu's (`decode.ts`).
 */
import type { EventInput, QuarantineInput } from '../../store/index.js';
import type { RawReading } from '../types.js';
import { decodeSparkplugPayload, type SparkplugMetric } from './decode.js';
import { nodeKey, parseSparkplugTopic, SPARKPLUG_NAMESPACE, type SparkplugTopic } from './topic.js';

export interface SparkplugHostOptions {
  /** Asset path the series go under: `<assetRoot>/<group>/<edge>[/<device>]/<metric>`; default none. */
  readonly assetRoot?: string;
  /** Most metrics one payload may carry; more is quarantined whole. Default 10,000. */
  readonly maxMetrics?: number;
  /** One rebirth request per edge node at most this often, ms. Default 5,000. */
  readonly rebirthIntervalMs?: number;
  /** Edge nodes tracked at most (each holds its alias tables). Default 10,000. */
  readonly maxNodes?: number;
}

/** What one message makes the host do. */
export interface SparkplugOutcome {
  readonly readings: RawReading[];
  readonly quarantine: QuarantineInput[];
  readonly events: EventInput[];
  /** NCMD topic to publish a rebirth request on, when one is due. */
  readonly rebirth?: string;
  /** Non-numeric metrics (strings, data sets, templates…) not stored. */
  readonly skipped: number;
}

export interface SparkplugCounters {
  messages: number;
  births: number;
  deaths: number;
  seqGaps: number;
  rebirths: number;
  unknownAliases: number;
  malformed: number;
  historical: number;
}

interface Scope {
  /** alias → metric name, from the birth. */
  readonly aliases: Map<number, string>;
  /** metric name → unit from the birth's properties. */
  readonly units: Map<string, string>;
  stale: boolean;
}

interface NodeState {
  bdSeq: number | undefined;
  /** seq of the last message, or undefined before a birth. */
  seq: number | undefined;
  node: Scope;
  devices: Map<string, Scope>;
  lastRebirth: number;
}

const newScope = (): Scope => ({ aliases: new Map(), units: new Map(), stale: false });

/** Metric names use `/` for folders; a series id keeps `/` for the asset path, so folders become `.`. */
export const metricSegment = (name: string): string => name.split('/').join('.');

export class SparkplugHost {
  readonly counters: SparkplugCounters = {
    messages: 0,
    births: 0,
    deaths: 0,
    seqGaps: 0,
    rebirths: 0,
    unknownAliases: 0,
    malformed: 0,
    historical: 0,
  };
  private readonly nodes = new Map<string, NodeState>();
  private readonly root: string;
  private readonly maxMetrics: number;
  private readonly rebirthIntervalMs: number;
  private readonly maxNodes: number;

  constructor(options: SparkplugHostOptions = {}) {
    this.root = options.assetRoot ? `${options.assetRoot.replace(/\/+$/, '')}/` : '';
    this.maxMetrics = options.maxMetrics ?? 10_000;
    this.rebirthIntervalMs = options.rebirthIntervalMs ?? 5_000;
    this.maxNodes = options.maxNodes ?? 10_000;
  }

  /** Edge nodes and devices that are dead (their series stale), as `group/edge[/device]`. */
  staleScopes(): string[] {
    const out: string[] = [];
    for (const [key, n] of this.nodes) {
      if (n.node.stale) out.push(key);
      for (const [d, s] of n.devices) if (s.stale && !n.node.stale) out.push(`${key}/${d}`);
    }
    return out.sort();
  }

  /** Reads one message received at `now`. Never throws on any input. */
  handle(topic: string, payload: Uint8Array, now: number): SparkplugOutcome {
    this.counters.messages++;
    const out: Mutable = { readings: [], quarantine: [], events: [], skipped: 0 };
    // Host applications' STATE messages (ours and other hosts') share the namespace; not data.
    if (topic.startsWith(`${SPARKPLUG_NAMESPACE}/STATE/`)) return out;
    const t = parseSparkplugTopic(topic);
    if ('problem' in t) return this.reject(out, topic, payload, now, 'INGEST_BAD_ROW', t.problem);
    if (t.type === 'NCMD' || t.type === 'DCMD') return out;
    const decoded = decodeSparkplugPayload(payload, this.maxMetrics);
    if (!decoded.ok) {
      this.counters.malformed++;
      return this.reject(out, topic, payload, now, 'INGEST_BAD_PAYLOAD', decoded.problem);
    }
    const p = decoded.payload;
    const key = nodeKey(t.group, t.edge);
    const base = `${this.root}${t.group}/${t.edge}`;

    if (t.type === 'NBIRTH') {
      if (!this.nodes.has(key) && this.nodes.size >= this.maxNodes)
        return this.reject(
          out,
          topic,
          payload,
          now,
          'INGEST_LIMIT_EXCEEDED',
          `more than ${this.maxNodes} edge nodes`,
        );
      const bd = p.metrics.find((m) => m.name === 'bdSeq');
      const node: NodeState = {
        bdSeq: typeof bd?.value === 'number' ? bd.value : undefined,
        seq: p.seq ?? 0,
        node: newScope(),
        devices: new Map(),
        lastRebirth: this.nodes.get(key)?.lastRebirth ?? Number.NEGATIVE_INFINITY,
      };
      this.nodes.set(key, node);
      this.learn(node.node, p.metrics);
      this.counters.births++;
      out.events.push(
        event(now, 'sparkplug.birth', base, `edge node ${key} born (bdSeq ${node.bdSeq ?? '?'})`),
      );
      this.readMetrics(out, topic, base, node.node, p.metrics, p.timestamp, now, node);
      return out;
    }

    const node = this.nodes.get(key);
    if (t.type === 'NDEATH') {
      const bd = p.metrics.find((m) => m.name === 'bdSeq');
      const bdSeq = typeof bd?.value === 'number' ? bd.value : undefined;
      // A will left by an earlier session of the node (its bdSeq differs) says nothing about this one.
      if (!node || (bdSeq !== undefined && node.bdSeq !== undefined && bdSeq !== node.bdSeq)) return out;
      node.node.stale = true;
      for (const d of node.devices.values()) d.stale = true;
      node.seq = undefined;
      this.counters.deaths++;
      out.events.push(
        event(now, 'sparkplug.stale', base, `edge node ${key} died: its series and its devices' are stale`),
      );
      return out;
    }

    if (!node || node.seq === undefined) {
      // Data from a node whose birth xinzhi never saw (it started before us, or died): ask again.
      this.requestRebirth(out, t, node, now);
      return this.reject(
        out,
        topic,
        payload,
        now,
        'INGEST_BAD_ROW',
        `${t.type} from edge node ${key} before its NBIRTH; rebirth requested`,
      );
    }

    this.checkSeq(out, t, node, p.seq, now, base);
    if (t.type === 'DBIRTH') {
      const scope = newScope();
      node.devices.set(t.device!, scope);
      this.learn(scope, p.metrics);
      this.counters.births++;
      out.events.push(event(now, 'sparkplug.birth', `${base}/${t.device}`, `device ${key}/${t.device} born`));
      this.readMetrics(out, topic, `${base}/${t.device}`, scope, p.metrics, p.timestamp, now, node);
      return out;
    }
    if (t.type === 'DDEATH') {
      const scope = node.devices.get(t.device!);
      if (scope) scope.stale = true;
      this.counters.deaths++;
      out.events.push(
        event(
          now,
          'sparkplug.stale',
          `${base}/${t.device}`,
          `device ${key}/${t.device} died: its series are stale`,
        ),
      );
      return out;
    }
    if (t.type === 'NDATA') {
      this.readMetrics(out, topic, base, node.node, p.metrics, p.timestamp, now, node);
      return out;
    }
    // DDATA
    const scope = node.devices.get(t.device!);
    if (!scope) {
      this.requestRebirth(out, t, node, now);
      return this.reject(
        out,
        topic,
        payload,
        now,
        'INGEST_BAD_ROW',
        `DDATA from device ${key}/${t.device} before its DBIRTH; rebirth requested`,
      );
    }
    this.readMetrics(out, topic, `${base}/${t.device}`, scope, p.metrics, p.timestamp, now, node);
    return out;
  }

  private learn(scope: Scope, metrics: readonly SparkplugMetric[]): void {
    for (const m of metrics) {
      if (m.name === undefined) continue;
      if (m.alias !== undefined) scope.aliases.set(m.alias, m.name);
      if (m.unit !== undefined) scope.units.set(m.name, m.unit);
    }
  }

  /** seq must follow the previous message's by one (mod 256); a gap is logged and asks for a rebirth. */
  private checkSeq(
    out: Mutable,
    t: SparkplugTopic,
    node: NodeState,
    seq: number | undefined,
    now: number,
    base: string,
  ): void {
    if (seq === undefined) return;
    const want = ((node.seq ?? 0) + 1) % 256;
    node.seq = seq;
    if (seq === want) return;
    this.counters.seqGaps++;
    out.events.push(
      event(
        now,
        'sparkplug.seq_gap',
        base,
        `edge node ${t.group}/${t.edge}: seq ${seq} where ${want} was due (${t.type}); messages were lost or reordered`,
        'warning',
        { expected: want, got: seq },
      ),
    );
    this.requestRebirth(out, t, node, now);
  }

  private requestRebirth(out: Mutable, t: SparkplugTopic, node: NodeState | undefined, now: number): void {
    if (node && now - node.lastRebirth < this.rebirthIntervalMs) return;
    if (node) node.lastRebirth = now;
    else {
      // Remember the request for an unborn node too, so a chatty one is not asked on every message.
      if (this.nodes.size >= this.maxNodes) return;
      this.nodes.set(nodeKey(t.group, t.edge), {
        bdSeq: undefined,
        seq: undefined,
        node: newScope(),
        devices: new Map(),
        lastRebirth: now,
      });
    }
    this.counters.rebirths++;
    out.rebirth = `${SPARKPLUG_NAMESPACE}/${t.group}/NCMD/${t.edge}`;
  }

  private readMetrics(
    out: Mutable,
    topic: string,
    base: string,
    scope: Scope,
    metrics: readonly SparkplugMetric[],
    payloadTs: number | undefined,
    now: number,
    node: NodeState,
  ): void {
    scope.stale = false;
    if (scope === node.node) node.node.stale = false;
    let unknown = false;
    for (const m of metrics) {
      const name = m.name ?? (m.alias === undefined ? undefined : scope.aliases.get(m.alias));
      if (name === undefined) {
        unknown = true;
        this.counters.unknownAliases++;
        out.quarantine.push({
          importId: null,
          source: 'sparkplug',
          location: `${topic}#alias=${m.alias ?? '?'}`,
          raw: m.raw,
          reasons: [
            {
              code: 'INGEST_BAD_ROW',
              message: `metric alias ${m.alias ?? '(none)'} was declared by no birth of ${base}; rebirth requested`,
              where: `${topic} alias`,
            },
          ],
          ts: now,
        });
        continue;
      }
      if (name === 'bdSeq' || name.startsWith('Node Control/') || name.startsWith('Device Control/'))
        continue;
      if (m.isTransient || m.isNull) continue;
      if (m.value === undefined) {
        out.skipped++;
        continue;
      }
      if (m.isHistorical) this.counters.historical++;
      const unit = m.unit ?? scope.units.get(name);
      const seriesId = `${base}/${metricSegment(name)}`;
      out.readings.push({
        seriesId,
        ts: m.timestamp ?? payloadTs ?? now,
        value: m.value,
        ...(unit === undefined ? {} : { unit }),
        location: `${topic}#${name}`,
        raw: m.raw,
      });
    }
    if (unknown) {
      const parts = parseSparkplugTopic(topic);
      if (!('problem' in parts)) this.requestRebirth(out, parts, node, now);
    }
  }

  private reject(
    out: Mutable,
    topic: string,
    payload: Uint8Array,
    now: number,
    code: string,
    message: string,
  ): SparkplugOutcome {
    out.quarantine.push({
      importId: null,
      source: 'sparkplug',
      location: topic.slice(0, 1024),
      raw: `base64:${Buffer.from(payload.subarray(0, 48 * 1024)).toString('base64')}`,
      reasons: [{ code, message, where: topic.slice(0, 1024) }],
      ts: now,
    });
    return out;
  }
}

type Mutable = {
  readings: RawReading[];
  quarantine: QuarantineInput[];
  events: EventInput[];
  rebirth?: string;
  skipped: number;
};

function event(
  ts: number,
  kind: string,
  assetId: string,
  message: string,
  severity: 'info' | 'warning' = 'info',
  data?: Record<string, unknown>,
): EventInput {
  return { ts, kind, severity, message, data: { ...data, asset: assetId } };
}
