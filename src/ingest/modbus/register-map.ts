/**
 * The Modbus register map file: what a device model exposes (from its manual), independent of
 * where one such device is. YAML or JSON; every problem is reported with its path
 * (`registers[3].type`). docs/connectors.md documents the format with two worked devices.
 *
 * ```yaml
 * name: Eastron SDM630 (energy meter)
 * groups: { fast: 1000, slow: 60000 }   # polling groups: interval in ms
 * order: ABCD                            # default byte/word order of 32-bit values
 * registers:
 *   - { metric: voltage_l1, table: input, address: 0, type: float32, unit: V, group: fast }
 *   - { metric: energy_import, table: input, address: 72, type: float32, unit: kW.h, group: slow }
 * ```
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { issuesError, zodIssuesError } from '../../core/index.js';

export const REGISTER_TABLES = ['holding', 'input', 'coil', 'discrete'] as const;
export type RegisterTable = (typeof REGISTER_TABLES)[number];
export const REGISTER_TYPES = ['int16', 'uint16', 'int32', 'uint32', 'float32', 'bool'] as const;
export type RegisterType = (typeof REGISTER_TYPES)[number];
/**
 * Order of the four bytes of a 32-bit value as they arrive, `A` being the most significant:
 * `ABCD` big-endian (Modbus's own byte order, high word first), `CDAB` word-swapped (low word
 * first, common on meters and PLCs), `BADC` byte-swapped, `DCBA` little-endian. For 16-bit values
 * only the byte order counts: `BADC`/`DCBA` swap the two bytes.
 */
export const BYTE_ORDERS = ['ABCD', 'CDAB', 'BADC', 'DCBA'] as const;
export type ByteOrder = (typeof BYTE_ORDERS)[number];

const METRIC_RE = /^[\p{L}\p{N}_\-.:~@%,]+$/u;

const registerSchema = z
  .object({
    metric: z.string().min(1).max(128).regex(METRIC_RE, 'letters, digits and _ - . : ~ @ % , only'),
    table: z.enum(REGISTER_TABLES),
    /** Protocol address, 0-based (register 40001 in the old 5-digit notation is holding address 0). */
    address: z.number().int().min(0).max(65_535),
    type: z.enum(REGISTER_TYPES).optional(),
    order: z.enum(BYTE_ORDERS).optional(),
    scale: z.number().finite().default(1),
    offset: z.number().finite().default(0),
    unit: z.string().min(1).max(64).optional(),
    group: z.string().min(1).max(64).optional(),
  })
  .strict();

export const registerMapSchema = z
  .object({
    name: z.string().max(200).optional(),
    /** Polling groups: name → interval in ms (100 ms to 1 day). */
    groups: z
      .record(z.string().min(1).max(64), z.number().int().min(100).max(86_400_000))
      .default({ default: 1000 }),
    order: z.enum(BYTE_ORDERS).default('ABCD'),
    registers: z.array(registerSchema).min(1).max(10_000),
  })
  .strict()
  .superRefine((m, ctx) => {
    const metrics = new Set<string>();
    m.registers.forEach((r, i) => {
      const type = r.type ?? (r.table === 'coil' || r.table === 'discrete' ? 'bool' : 'uint16');
      const bit = r.table === 'coil' || r.table === 'discrete';
      if (bit !== (type === 'bool'))
        ctx.addIssue({
          code: 'custom',
          path: ['registers', i, 'type'],
          message: bit
            ? `${r.table} values are bits: type must be bool`
            : 'bool is for coils and discrete inputs',
        });
      if (wordsOf(type) === 2 && r.address > 65_534)
        ctx.addIssue({
          code: 'custom',
          path: ['registers', i, 'address'],
          message: 'a 32-bit value needs two registers',
        });
      const group = r.group ?? Object.keys(m.groups)[0];
      if (group === undefined || !(group in m.groups))
        ctx.addIssue({
          code: 'custom',
          path: ['registers', i, 'group'],
          message: `unknown polling group '${r.group}' (groups: ${Object.keys(m.groups).join(', ')})`,
        });
      if (metrics.has(r.metric))
        ctx.addIssue({
          code: 'custom',
          path: ['registers', i, 'metric'],
          message: `metric '${r.metric}' appears twice`,
        });
      metrics.add(r.metric);
    });
  });

/** One register of a map with every default filled in. */
export interface RegisterSpec {
  readonly metric: string;
  readonly table: RegisterTable;
  readonly address: number;
  readonly type: RegisterType;
  readonly order: ByteOrder;
  readonly scale: number;
  readonly offset: number;
  readonly unit: string | undefined;
  readonly group: string;
}

export interface RegisterMap {
  readonly name: string | undefined;
  readonly groups: Readonly<Record<string, number>>;
  readonly registers: readonly RegisterSpec[];
}

/** Registers (16-bit words) a value of this type spans; bits count as one. */
export const wordsOf = (t: RegisterType): number =>
  t === 'int32' || t === 'uint32' || t === 'float32' ? 2 : 1;

/** Validates a parsed map, throwing BAD_INPUT with every problem (path and message). */
export function readRegisterMap(input: unknown, source = 'register map'): RegisterMap {
  const r = registerMapSchema.safeParse(input);
  if (!r.success) throw zodIssuesError(r.error, { subject: source });
  const m = r.data;
  const first = Object.keys(m.groups)[0]!;
  return {
    name: m.name,
    groups: m.groups,
    registers: m.registers.map((x) => ({
      metric: x.metric,
      table: x.table,
      address: x.address,
      type: x.type ?? (x.table === 'coil' || x.table === 'discrete' ? 'bool' : 'uint16'),
      order: x.order ?? m.order,
      scale: x.scale,
      offset: x.offset,
      unit: x.unit,
      group: x.group ?? first,
    })),
  };
}

/** Parses map file text (YAML, which includes JSON); syntax errors name the line. */
export function parseRegisterMap(text: string, source = 'register map'): RegisterMap {
  let doc: unknown;
  try {
    doc = parseYaml(text, { maxAliasCount: 100 });
  } catch (e) {
    throw issuesError([{ code: 'BAD_INPUT', message: e instanceof Error ? e.message : String(e) }], {
      fallback: source,
      subject: `${source} is not YAML/JSON`,
    });
  }
  return readRegisterMap(doc, source);
}
