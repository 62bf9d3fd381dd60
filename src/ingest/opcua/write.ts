/**
 * Writes a control loop's output to an OPC UA node through a connector's session. Only nodes on
 * the connector's allow-list (`writable` in its declaration) are written: nothing is writable by
 * default. The value is clamped to the loop's output limits, converted to the node's own data
 * type (read once per node: an Int16 setpoint gets a rounded Int16, a Boolean gets value ≥ 0.5),
 * and writes to one node closer together than `minIntervalMs` are dropped (a loop writes every
 * sample, so the next sample carries the output; a slow PLC is never flooded). A Bad status or a
 * lost link is an error to the caller (the loop reports it on its status and audit trail); the next
 * write after the session is back goes through. node-opcua has no such policy layer, so it is here.
 */
import { AttributeIds, type ClientSession, DataType, type StatusCode, Variant } from 'node-opcua';
import { XinzhiError } from '../../core/index.js';

export interface NodeWriterOptions {
  /** The session now (node-opcua keeps one object across reconnections). */
  readonly session: () => ClientSession;
  readonly connected: () => boolean;
  /** nodeIds this connector may write (as written in its declaration). */
  readonly writable: readonly string[];
  /** Least time between two writes to one node; default 500 ms. */
  readonly minIntervalMs?: number;
  readonly now: () => number;
}

export interface WriteLimits {
  readonly min: number;
  readonly max: number;
}

/** `written`: the value the node got; `skipped`: dropped by the rate limit. */
export type WriteOutcome =
  | { readonly kind: 'written'; readonly value: number | boolean }
  | { readonly kind: 'skipped' };

export interface NodeWriter {
  /** Writes `value` (clamped to `limits`) to `nodeId`; FORBIDDEN, BAD_INPUT or UNAVAILABLE on failure. */
  write(nodeId: string, value: number, limits: WriteLimits): Promise<WriteOutcome>;
  /** Writes that reached a node, and writes refused or failed. */
  stats(): { readonly writes: number; readonly failures: number; readonly lastError: string | null };
}

const INT_RANGE: Partial<Record<DataType, readonly [number, number]>> = {
  [DataType.SByte]: [-128, 127],
  [DataType.Byte]: [0, 255],
  [DataType.Int16]: [-32_768, 32_767],
  [DataType.UInt16]: [0, 65_535],
  [DataType.Int32]: [-2_147_483_648, 2_147_483_647],
  [DataType.UInt32]: [0, 4_294_967_295],
};

/** The value as the node's data type, or a reason it cannot be written as a number. */
export function asNodeValue(dataType: DataType, value: number): Variant | string {
  if (dataType === DataType.Double || dataType === DataType.Float) return new Variant({ dataType, value });
  if (dataType === DataType.Boolean) return new Variant({ dataType, value: value >= 0.5 });
  const range = INT_RANGE[dataType];
  if (range)
    return new Variant({ dataType, value: Math.min(range[1], Math.max(range[0], Math.round(value))) });
  return `data type ${DataType[dataType] ?? dataType} cannot take a loop output (numbers and Boolean only)`;
}

export function createNodeWriter(options: NodeWriterOptions): NodeWriter {
  const allowed = new Set(options.writable);
  const minGap = options.minIntervalMs ?? 500;
  const types = new Map<string, DataType>();
  const lastAt = new Map<string, number>();
  let writes = 0;
  let failures = 0;
  let lastError: string | null = null;
  const fail = (code: 'FORBIDDEN' | 'BAD_INPUT' | 'UNAVAILABLE', message: string): never => {
    failures++;
    lastError = message;
    throw new XinzhiError(code, message, { field: 'opNode' });
  };

  async function dataTypeOf(session: ClientSession, nodeId: string): Promise<DataType> {
    const known = types.get(nodeId);
    if (known !== undefined) return known;
    const dv = await session.read({ nodeId, attributeId: AttributeIds.DataType });
    if (dv.statusCode.isNotGood())
      return fail('BAD_INPUT', `node ${nodeId}: data type not readable (${dv.statusCode.name})`);
    const ref = dv.value.value as { namespace?: number; value?: unknown } | null;
    // Built-in types live in namespace 0 with their DataType number as the id; a custom type is refused.
    if (ref?.namespace !== 0 || typeof ref.value !== 'number' || !(ref.value in DataType))
      return fail('BAD_INPUT', `node ${nodeId}: data type ${String(ref?.value)} is not a built-in type`);
    types.set(nodeId, ref.value as DataType);
    return ref.value as DataType;
  }

  return {
    async write(nodeId, value, limits) {
      if (!allowed.has(nodeId))
        return fail('FORBIDDEN', `node ${nodeId} is not on this connector's writable list`);
      if (!Number.isFinite(value)) return fail('BAD_INPUT', `output ${value} is not a finite number`);
      const now = options.now();
      const prev = lastAt.get(nodeId);
      if (prev !== undefined && now - prev < minGap && now >= prev) return { kind: 'skipped' };
      if (!options.connected()) return fail('UNAVAILABLE', `OPC UA link is down; ${nodeId} not written`);
      const clamped = Math.min(limits.max, Math.max(limits.min, value));
      const session = options.session();
      let status: StatusCode;
      let variant: Variant | string;
      try {
        variant = asNodeValue(await dataTypeOf(session, nodeId), clamped);
        if (typeof variant === 'string') return fail('BAD_INPUT', `node ${nodeId}: ${variant}`);
        status = await session.write({ nodeId, attributeId: AttributeIds.Value, value: { value: variant } });
      } catch (e) {
        if (e instanceof XinzhiError) throw e;
        return fail(
          'UNAVAILABLE',
          `node ${nodeId} not written: ${(e instanceof Error ? e.message : String(e)).split('\n')[0]}`,
        );
      }
      if (status.isNotGood()) return fail('UNAVAILABLE', `node ${nodeId} refused the write: ${status.name}`);
      lastAt.set(nodeId, now);
      writes++;
      lastError = null;
      return { kind: 'written', value: variant.value as number | boolean };
    },
    stats: () => ({ writes, failures, lastError }),
  };
}
