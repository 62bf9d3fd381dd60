/**
 * Sparkplug B topic names (Sparkplug 3.0 §4.1): `spBv1.0/<group>/<type>/<edge node>[/<device>]`,
 * and the host application's `spBv1.0/STATE/<host id>`.
 */
export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const SPARKPLUG_TYPES = [
  'NBIRTH',
  'NDEATH',
  'DBIRTH',
  'DDEATH',
  'NDATA',
  'DDATA',
  'NCMD',
  'DCMD',
] as const;
export type SparkplugType = (typeof SPARKPLUG_TYPES)[number];

export interface SparkplugTopic {
  readonly group: string;
  readonly type: SparkplugType;
  readonly edge: string;
  /** Present on D* messages. */
  readonly device?: string;
}

const DEVICE_TYPES = new Set<string>(['DBIRTH', 'DDEATH', 'DDATA', 'DCMD']);

/** The parts of a Sparkplug topic, or a sentence saying why it is not one. */
export function parseSparkplugTopic(topic: string): SparkplugTopic | { readonly problem: string } {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return { problem: `'${topic}' is not under ${SPARKPLUG_NAMESPACE}/` };
  const [, group, type, edge, device, ...rest] = parts;
  if (!(SPARKPLUG_TYPES as readonly string[]).includes(type ?? ''))
    return { problem: `'${topic}': unknown Sparkplug message type '${type ?? ''}'` };
  if (!group || !edge) return { problem: `'${topic}': group and edge node ids must not be empty` };
  const wantsDevice = DEVICE_TYPES.has(type!);
  if (rest.length > 0 || (wantsDevice && !device) || (!wantsDevice && device !== undefined))
    return {
      problem: `'${topic}': ${type} topics are spBv1.0/<group>/${type}/<edge node>${wantsDevice ? '/<device>' : ''}`,
    };
  return { group, type: type as SparkplugType, edge, ...(device ? { device } : {}) };
}

/** `group/edge` — the key of an edge node's session state. */
export const nodeKey = (group: string, edge: string): string => `${group}/${edge}`;
