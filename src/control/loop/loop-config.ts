import { z } from 'zod';
import { XinzhiError } from '../../core/index.js';
import { DOC_NAMESPACES, defineCollection, documentOf, type Store } from '../../store/index.js';
import type { AntiWindup, ControllerAction, PidMode } from '../pid/pid-options.js';
import type { LoopConfigInput } from './loop-input-schema.js';
import type { PlantSpec } from './plant-spec.js';

/** Tuning in the ideal (ISA) form engineers read on a faceplate. Ti = Infinity (null in JSON): no I. */
export interface LoopTuning {
  readonly kc: number;
  readonly ti: number;
  readonly td: number;
  /** Setpoint weight on P (default 1). */
  readonly b: number;
  /** Setpoint weight on D (default 0). */
  readonly c: number;
  /** Derivative filter N (default 10). */
  readonly n: number;
}

export interface LoopLimits {
  readonly outMin: number;
  readonly outMax: number;
  /** Output units per second; Infinity (null in JSON) for none. */
  readonly rateLimit: number;
}

export interface LoopConfig {
  /** Stable id, e.g. `plant1/bakery/line1/oven1/TIC-101`. */
  readonly id: string;
  readonly description: string;
  /** Series the PV is read from (`<asset>/<metric>`), when wired to ingest. */
  readonly pvSeries: string | null;
  /** Topic the OP is published to, when wired to MQTT. */
  readonly opTopic: string | null;
  /**
   * OPC UA node the OP is written to, through a declared connector that lists the node as
   * writable; null when none.
   */
  readonly opNode: OpNode | null;
  /** Unit sent with the OP (`{ts, value, unit}`); default `%`. */
  readonly opUnit: string;
  /** Model of the process, for the tuning assistant's twin; null when none is known. */
  readonly plant: PlantSpec | null;
  readonly sampleTimeMs: number;
  readonly setpoint: number;
  readonly mode: PidMode;
  /** Output in manual mode (and the start output). */
  readonly manualOutput: number;
  readonly tuning: LoopTuning;
  readonly limits: LoopLimits;
  readonly antiWindup: AntiWindup;
  readonly action: ControllerAction;
  /** A PV older than this holds the output and flags the loop; default 3 samples. */
  readonly staleAfterMs: number;
  /** In manual, the setpoint follows the PV so the switch to auto is bumpless at any setpoint. */
  readonly setpointTracking: boolean;
}

export interface OpNode {
  /** Id of an `opcua` connector in `ingest.connectors`. */
  readonly connector: string;
  readonly nodeId: string;
}

export const LOOP_DEFAULTS = {
  description: '',
  pvSeries: null,
  opTopic: null,
  opNode: null,
  opUnit: '%',
  plant: null,
  mode: 'manual' as PidMode,
  manualOutput: 0,
  limits: { outMin: 0, outMax: 100, rateLimit: Number.POSITIVE_INFINITY },
  antiWindup: 'back-calculation' as AntiWindup,
  action: 'reverse' as ControllerAction,
  setpointTracking: false,
} as const;

/**
 * Bounds of a loop's wiring. Below 100 ms a loop's timer would compete with ingest on a small box
 * (and a PV arriving over MQTT is rarely that fresh); above one hour it is not a control loop. The
 * OP topic is a concrete topic under `xinzhi/cmd/` (which only the server writes): no `+`/`#`
 * wildcards, no `$SYS`, no empty levels, a conservative character set.
 */
export const LOOP_BOUNDS = {
  minSampleTimeMs: 100,
  maxSampleTimeMs: 3_600_000,
  opTopicPrefix: 'xinzhi/cmd/',
  opTopicMaxLength: 256,
} as const;

/** `xinzhi/cmd/` then one or more levels of letters, digits, `_`, `.`, `-`. */
export const OP_TOPIC_PATTERN = /^xinzhi\/cmd(\/[A-Za-z0-9_.-]+)+$/;

/** Why `topic` is not an acceptable OP topic, or undefined when it is. */
export function opTopicProblem(topic: unknown): string | undefined {
  if (typeof topic !== 'string') return 'opTopic must be a string or null';
  if (topic.length > LOOP_BOUNDS.opTopicMaxLength)
    return `opTopic is longer than ${LOOP_BOUNDS.opTopicMaxLength} characters`;
  if (/[+#]/.test(topic)) return `opTopic '${topic}' has an MQTT wildcard (+ or #); give one concrete topic`;
  if (!topic.startsWith(LOOP_BOUNDS.opTopicPrefix))
    return `opTopic '${topic}' must be under ${LOOP_BOUNDS.opTopicPrefix} (e.g. ${LOOP_BOUNDS.opTopicPrefix}<asset>/heater)`;
  if (!OP_TOPIC_PATTERN.test(topic))
    return `opTopic '${topic}' may only have non-empty levels of letters, digits, '_', '.', '-'`;
  return undefined;
}

const inf = (v: number | null | undefined, dflt: number): number =>
  v === null ? Number.POSITIVE_INFINITY : (v ?? dflt);

/** A connector id as `ingest.connectors` keys them; a nodeId of printable characters. */
export const OP_NODE_CONNECTOR_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;
export const OP_NODE_ID_MAX = 512;

/** Why `node` is not an acceptable OP node, or undefined when it is. */
export function opNodeProblem(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node))
    return 'opNode must be {connector, nodeId} or null';
  const { connector, nodeId, ...rest } = node as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return `opNode has unknown fields: ${Object.keys(rest).join(', ')}`;
  if (typeof connector !== 'string' || !OP_NODE_CONNECTOR_PATTERN.test(connector))
    return 'opNode.connector must be a connector id (a-z, 0-9, _ and -, up to 63 characters)';
  if (typeof nodeId !== 'string' || nodeId.length === 0 || nodeId.length > OP_NODE_ID_MAX)
    return `opNode.nodeId must be a nodeId of 1 to ${OP_NODE_ID_MAX} characters`;
  if (/[\u0000-\u001f\u007f]/.test(nodeId)) return 'opNode.nodeId has control characters';
  return undefined;
}

/** Fills defaults and checks a loop config; accepts JSON `null` for Infinity. */
export function loopConfig(input: LoopConfigInput): LoopConfig {
  if (typeof input.id !== 'string' || input.id.trim() === '')
    throw new XinzhiError('BAD_INPUT', 'loop id must be a non-empty string', { field: 'id' });
  const { minSampleTimeMs: lo, maxSampleTimeMs: hi } = LOOP_BOUNDS;
  if (typeof input.sampleTimeMs !== 'number' || !(input.sampleTimeMs >= lo && input.sampleTimeMs <= hi))
    throw new XinzhiError('BAD_INPUT', `sampleTimeMs must be from ${lo} to ${hi} ms`, {
      field: 'sampleTimeMs',
    });
  if (input.staleAfterMs !== undefined && !(input.staleAfterMs > 0 && Number.isFinite(input.staleAfterMs)))
    throw new XinzhiError('BAD_INPUT', 'staleAfterMs must be a positive number of ms', {
      field: 'staleAfterMs',
    });
  const topicProblem = input.opTopic == null ? undefined : opTopicProblem(input.opTopic);
  if (topicProblem) throw new XinzhiError('BAD_INPUT', topicProblem, { field: 'opTopic' });
  const nodeProblem = input.opNode == null ? undefined : opNodeProblem(input.opNode);
  if (nodeProblem) throw new XinzhiError('BAD_INPUT', nodeProblem, { field: 'opNode' });
  if (!Number.isFinite(input.setpoint))
    throw new XinzhiError('BAD_INPUT', 'setpoint must be finite', { field: 'setpoint' });
  const t = input.tuning;
  const l = input.limits ?? {};
  return {
    id: input.id,
    description: input.description ?? LOOP_DEFAULTS.description,
    pvSeries: input.pvSeries ?? null,
    opTopic: input.opTopic ?? null,
    opNode: input.opNode ? { connector: input.opNode.connector, nodeId: input.opNode.nodeId } : null,
    opUnit: input.opUnit ?? LOOP_DEFAULTS.opUnit,
    plant: input.plant ?? null,
    sampleTimeMs: input.sampleTimeMs,
    setpoint: input.setpoint,
    mode: input.mode ?? LOOP_DEFAULTS.mode,
    manualOutput: input.manualOutput ?? LOOP_DEFAULTS.manualOutput,
    tuning: {
      kc: input.tuning.kc,
      ti: inf(t.ti, Number.POSITIVE_INFINITY),
      td: t.td ?? 0,
      b: t.b ?? 1,
      c: t.c ?? 0,
      n: inf(t.n, 10),
    },
    limits: {
      outMin: l.outMin ?? LOOP_DEFAULTS.limits.outMin,
      outMax: l.outMax ?? LOOP_DEFAULTS.limits.outMax,
      rateLimit: inf(l.rateLimit, Number.POSITIVE_INFINITY),
    },
    antiWindup: input.antiWindup ?? LOOP_DEFAULTS.antiWindup,
    action: input.action ?? LOOP_DEFAULTS.action,
    staleAfterMs: input.staleAfterMs ?? 3 * input.sampleTimeMs,
    setpointTracking: input.setpointTracking ?? LOOP_DEFAULTS.setpointTracking,
  };
}

/**
 * Saved loop configurations by loop id. The collection checks what a reader needs to tell loops
 * apart; `loopConfig` checks the rest (and restores Infinity from JSON null) when a loop starts.
 */
export const loopCollection = defineCollection(
  DOC_NAMESPACES.controlLoops,
  documentOf<LoopConfigInput>(
    z.looseObject({ id: z.string().min(1), sampleTimeMs: z.number(), setpoint: z.number() }),
  ),
);

/** Saves a loop's configuration under its id in `control.loops`. */
export async function saveLoopConfig(store: Pick<Store, 'putDoc'>, config: LoopConfig): Promise<void> {
  await loopCollection.put(store, config.id, config);
}

/** Loads every saved loop configuration (Infinity restored from JSON null). */
export async function loadLoopConfigs(store: Pick<Store, 'listDocs'>): Promise<LoopConfig[]> {
  const docs = await loopCollection.list(store);
  return docs.map((d) => loopConfig(d.doc));
}
