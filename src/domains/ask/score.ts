/**
 * Field-level scoring of `ask` results against labelled ones: exact match per field (deep
 * equality; `missing` compared as a set; the `reason` text of invalid results is free and not
 * scored). When the kind is wrong every expected field counts as wrong.
 */
import { isDeepStrictEqual } from 'node:util';

const FIELDS: Record<string, readonly string[]> = {
  delivery: [
    'action',
    'target',
    'items',
    'address.text',
    'address.parts',
    'window.start',
    'window.end',
    'contact',
  ],
  field_op: [
    'operation',
    'field',
    'crop',
    'amount',
    'product',
    'rate',
    'machine',
    'window.start',
    'window.end',
    'conditions',
  ],
  invalid: ['issue', 'missing'],
};

type Obj = Record<string, unknown>;

function get(o: Obj, path: string): unknown {
  if (path === 'address.parts') {
    const a = o['address'] as Obj | null | undefined;
    if (!a) return a ?? null;
    const { text: _t, ...parts } = a;
    return parts;
  }
  if (path === 'missing') return [...((o['missing'] as string[] | undefined) ?? [])].sort();
  let v: unknown = o;
  for (const k of path.split('.')) v = v === null || v === undefined ? null : ((v as Obj)[k] ?? null);
  return v ?? null;
}

export interface FieldScore {
  readonly field: string;
  readonly right: boolean;
}

/** Per-field outcome of one instruction; `kind` is always the first field. */
export function scoreOne(expected: Obj, actual: Obj): FieldScore[] {
  const kind = expected['kind'] as string;
  const fields = FIELDS[kind] ?? [];
  const kindRight = actual['kind'] === kind;
  return [
    { field: 'kind', right: kindRight },
    ...fields.map((f) => ({
      field: `${kind}.${f}`,
      right: kindRight && isDeepStrictEqual(get(expected, f), get(actual, f)),
    })),
  ];
}
