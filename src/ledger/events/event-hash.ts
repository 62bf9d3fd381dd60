/**
 * The EPCIS Event Hash ID of CBV 2.0 (§8.9; algorithm and reference implementation at
 * github.com/RalphTro/epcis-event-hash-generator): a "pre-hash string" of key=value pairs in a
 * canonical property order, hashed with SHA-256 into `ni:///sha-256;<hex>?ver=CBV2.0`.
 * It identifies an event independently of its JSON key order, list order, time zone notation and
 * CBV short names. eventID, recordTime and errorDeclaration do not enter the hash, so a correction
 * (the same event re-sent with an errorDeclaration) keeps the ID of the event it corrects.
 * Simplifications (see docs/ledger.md): EPC → Digital Link for the common schemes only; Digital
 * Links are not reduced to their finest key qualifiers; extension names are expanded only through
 * prefixes the document's own @context declares (plus gs1, cbv, epcis).
 */
import { createHash } from 'node:crypto';
import { constrainDigitalLink, epcToDigitalLink } from './epc-to-dl.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

export const STANDARD_PREFIXES: Readonly<Record<string, string>> = {
  gs1: 'https://gs1.org/voc/',
  cbv: 'https://ref.gs1.org/cbv/',
  epcis: 'https://ref.gs1.org/epcis/',
};

const CBV_BARE: Readonly<Record<string, string>> = {
  bizStep: 'BizStep-',
  disposition: 'Disp-',
  set: 'Disp-',
  unset: 'Disp-',
  bizTransactionType: 'BTT-',
  sourceType: 'SDT-',
  reason: 'ER-',
};
const CBV_URN: readonly [string, string][] = [
  ['urn:epcglobal:cbv:bizstep:', 'BizStep-'],
  ['urn:epcglobal:cbv:disp:', 'Disp-'],
  ['urn:epcglobal:cbv:btt:', 'BTT-'],
  ['urn:epcglobal:cbv:sdt:', 'SDT-'],
  ['urn:epcglobal:cbv:er:', 'ER-'],
];

/** Key order of quantity elements, sensor metadata and sensor reports (CBV 2.0 canonical order). */
const QUANTITY = ['epcClass', 'quantity', 'uom'];
const SENSOR_METADATA = [
  'time',
  'startTime',
  'endTime',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'bizRules',
];
const SENSOR_REPORT = [
  'type',
  'exception',
  'deviceID',
  'deviceMetadata',
  'rawData',
  'dataProcessingMethod',
  'time',
  'microorganism',
  'chemicalSubstance',
  'value',
  'component',
  'stringValue',
  'booleanValue',
  'hexBinaryValue',
  'uriValue',
  'minValue',
  'maxValue',
  'meanValue',
  'sDev',
  'percRank',
  'percValue',
  'uom',
  'coordinateReferenceSystem',
];

/** Top-level keys the canonical order covers, or that never enter the hash. */
const ORDERED = new Set([
  'type',
  'eventTime',
  'eventTimeZoneOffset',
  'epcList',
  'parentID',
  'inputEPCList',
  'childEPCs',
  'quantityList',
  'childQuantityList',
  'inputQuantityList',
  'outputEPCList',
  'outputQuantityList',
  'action',
  'transformationID',
  'bizStep',
  'disposition',
  'persistentDisposition',
  'readPoint',
  'bizLocation',
  'bizTransactionList',
  'sourceList',
  'destinationList',
  'sensorElementList',
  'ilmd',
]);
const IGNORED = new Set(['eventID', 'recordTime', 'errorDeclaration', '@context']);

export interface EventHashResult {
  /** `ni:///sha-256;<64 hex>?ver=CBV2.0` */
  readonly id: string;
  readonly preHash: string;
}

/** Prefix → namespace IRI from a JSON-LD @context (strings are remote contexts and are skipped). */
export function contextPrefixes(context: unknown): Record<string, string> {
  const out: Record<string, string> = { ...STANDARD_PREFIXES };
  const parts = Array.isArray(context) ? context : [context];
  for (const c of parts) {
    if (c && typeof c === 'object' && !Array.isArray(c)) {
      for (const [k, v] of Object.entries(c)) if (typeof v === 'string' && !k.startsWith('@')) out[k] = v;
    }
  }
  return out;
}

function normTime(s: string): string {
  const t = Date.parse(s);
  return Number.isNaN(t) ? s : new Date(t).toISOString();
}

// Values repeat across events (locations, steps, dispositions): remember their normal form.
const memo = new Map<string, string>();
const MEMO_MAX = 50_000;

function normValue(v: string, prefixes: Record<string, string>, cbv?: string): string {
  const key = `${cbv ?? ''}\u0000${v}`;
  const hit = prefixes === STANDARD_PREFIXES || isStandard(prefixes) ? memo.get(key) : undefined;
  if (hit !== undefined) return hit;
  const out = normValueUncached(v, prefixes, cbv);
  if (isStandard(prefixes)) {
    if (memo.size >= MEMO_MAX) memo.clear();
    memo.set(key, out);
  }
  return out;
}

const STANDARD_COUNT = Object.keys(STANDARD_PREFIXES).length;
const isStandard = (p: Record<string, string>): boolean => Object.keys(p).length === STANDARD_COUNT;

function normValueUncached(v: string, prefixes: Record<string, string>, cbv?: string): string {
  const s = v.trim();
  if (cbv && /^[A-Za-z0-9_]+$/.test(s)) return `https://ref.gs1.org/cbv/${cbv}${s}`;
  for (const [urn, term] of CBV_URN)
    if (s.startsWith(urn)) return `https://ref.gs1.org/cbv/${term}${s.slice(urn.length)}`;
  const dl = epcToDigitalLink(s);
  if (dl) return dl;
  const curie = /^([A-Za-z][\w.-]*):([^/].*)$/.exec(s);
  const ns = curie ? prefixes[curie[1]!] : undefined;
  if (curie && ns && !s.startsWith('urn:')) return ns + curie[2];
  return constrainDigitalLink(s);
}

function scalar(key: string, v: Json, prefixes: Record<string, string>, cbv?: string): string {
  if (v === null) return key;
  if (typeof v === 'number') return `${key}=${String(v)}`;
  if (typeof v === 'boolean') return `${key}=${v}`;
  if (typeof v !== 'string') return key;
  const isTime = /time/i.test(key) && !/offset/i.test(key);
  return `${key}=${isTime ? normTime(v.trim()) : normValue(v, prefixes, cbv)}`;
}

/** Extension key: `prefix:local` becomes `{namespace}local`, as the XML form names it. */
function extKey(key: string, prefixes: Record<string, string>): string {
  const m = /^([^:]+):(.+)$/.exec(key);
  return m && prefixes[m[1]!] ? `{${prefixes[m[1]!]}}${m[2]}` : key;
}

/** Generic (extension / ILMD) content: sorted key=value strings, nested objects inlined. */
function generic(key: string, v: Json, prefixes: Record<string, string>): string[] {
  const k = extKey(key, prefixes);
  if (Array.isArray(v)) return v.flatMap((x) => generic(key, x, prefixes)).sort();
  if (v !== null && typeof v === 'object') {
    const inner = Object.entries(v)
      .flatMap(([ck, cv]) => generic(ck, cv, prefixes))
      .sort();
    return [k + inner.join('')];
  }
  return [scalar(k, v, prefixes)];
}

function ordered(obj: Obj, keys: readonly string[], prefixes: Record<string, string>): string {
  const known = keys.filter((k) => obj[k] !== undefined).map((k) => scalar(k, obj[k]!, prefixes));
  const ext = Object.entries(obj)
    .filter(([k]) => !keys.includes(k))
    .flatMap(([k, v]) => generic(k, v, prefixes))
    .sort();
  return known.join('') + ext.join('');
}

function list(name: string, items: Json | undefined, render: (x: Json) => string): string {
  if (!Array.isArray(items) || items.length === 0) return '';
  return name + items.map(render).sort().join('');
}

/** The CBV 2.0 pre-hash string of one event (a plain JSON object as in EPCIS 2.0 JSON-LD). */
export function eventPreHash(event: Record<string, unknown>, context?: unknown): string {
  const e = event as Obj;
  const px = contextPrefixes(context ?? event['@context']);
  const obj = (v: Json | undefined): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? v : {});
  const epcs = (name: string) => list(name, e[name], (x) => scalar('epc', x, px));
  const quantities = (name: string) =>
    list(name, e[name], (x) => `quantityElement${ordered(obj(x), QUANTITY, px)}`);
  const typed = (name: string, child: string, cbvType: string) =>
    list(name, e[name], (x) => {
      const o = obj(x);
      const rest = Object.entries(o).filter(([k]) => k !== child && k !== 'type');
      const type = o['type'] === undefined ? '' : scalar('type', o['type'], px, cbvType);
      return (
        scalar(child, o[child] ?? null, px) +
        type +
        rest
          .flatMap(([k, v]) => generic(k, v, px))
          .sort()
          .join('')
      );
    });
  const location = (name: string) => {
    if (e[name] === undefined) return '';
    const o = obj(e[name]);
    return name + ordered(o, ['id'], px);
  };
  const persistent = (): string => {
    if (e['persistentDisposition'] === undefined) return '';
    const o = obj(e['persistentDisposition']);
    const part = (k: 'set' | 'unset') =>
      Array.isArray(o[k])
        ? (o[k] as Json[])
            .map((x) => scalar(k, x, px, CBV_BARE[k]))
            .sort()
            .join('')
        : '';
    return `persistentDisposition${part('set')}${part('unset')}`;
  };
  const sensors = () =>
    list('sensorElementList', e['sensorElementList'], (x) => {
      const el = obj(x);
      const meta =
        el['sensorMetadata'] === undefined
          ? ''
          : `sensorMetadata${ordered(obj(el['sensorMetadata']), SENSOR_METADATA, px)}`;
      const reports = Array.isArray(el['sensorReport'])
        ? el['sensorReport']
            .map((r) => `sensorReport${ordered(obj(r), SENSOR_REPORT, px)}`)
            .sort()
            .join('')
        : '';
      const ext = Object.entries(el)
        .filter(([k]) => k !== 'sensorMetadata' && k !== 'sensorReport')
        .flatMap(([k, v]) => generic(k, v, px))
        .sort()
        .join('');
      return `sensorElement${meta}${reports}${ext}`;
    });
  const one = (k: string, cbv?: string) => (e[k] === undefined ? '' : scalar(k, e[k]!, px, cbv));
  const ilmd =
    e['ilmd'] === undefined
      ? ''
      : `ilmd${Object.entries(obj(e['ilmd']))
          .flatMap(([k, v]) => generic(k, v, px))
          .sort()
          .join('')}`;
  const extensions = Object.entries(e)
    .filter(([k]) => !ORDERED.has(k) && !IGNORED.has(k))
    .flatMap(([k, v]) => generic(k, v, px))
    .sort()
    .join('');
  return [
    `eventType=${String(e['type'])}`,
    one('eventTime'),
    one('eventTimeZoneOffset'),
    epcs('epcList'),
    one('parentID'),
    epcs('inputEPCList'),
    epcs('childEPCs'),
    quantities('quantityList'),
    quantities('childQuantityList'),
    quantities('inputQuantityList'),
    epcs('outputEPCList'),
    quantities('outputQuantityList'),
    one('action'),
    one('transformationID'),
    one('bizStep', CBV_BARE['bizStep']),
    one('disposition', CBV_BARE['disposition']),
    persistent(),
    location('readPoint'),
    location('bizLocation'),
    typed('bizTransactionList', 'bizTransaction', CBV_BARE['bizTransactionType']!),
    typed('sourceList', 'source', CBV_BARE['sourceType']!),
    typed('destinationList', 'destination', CBV_BARE['sourceType']!),
    sensors(),
    ilmd,
    extensions,
  ].join('');
}

/**
 * The CBV 2.0 Event Hash ID.
 * @example eventHashId({ type: 'ObjectEvent', eventTime: '2024-01-01T00:00:00Z', … }).id
 *   // 'ni:///sha-256;…?ver=CBV2.0'
 */
export function eventHashId(event: Record<string, unknown>, context?: unknown): EventHashResult {
  const preHash = eventPreHash(event, context);
  const hex = createHash('sha256').update(preHash, 'utf8').digest('hex');
  return { id: `ni:///sha-256;${hex}?ver=CBV2.0`, preHash };
}
