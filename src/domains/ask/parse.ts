/**
 * `xinzhi ask`: one work instruction (Simplified Chinese or English) → a delivery order, a field
 * operation or `invalid`, as fixed by shared/contracts/ask-output.md.
 *
 * Pipeline: bounds and script checks → NFKC with an offset map → language → kind (delivery or
 * field work, by the verbs and nouns present) → per kind, the parts that are cut out of the text
 * first (contact, address, field) are blanked so that their digits are not read as quantities or
 * days, then items / operation fields, then the time window on what is left. Whatever a required
 * part lacks is reported in `missing`, never guessed. The address parts come from the CRF address
 * model (address.ts); everything else is small closed tables, one per field.
 */
import { XinzhiError } from '../../core/index.js';
import type { AddressTagger } from './address.js';
import {
  addressOf,
  enAction,
  enAddressSpan,
  enContact,
  enItems,
  enTarget,
  type Lang,
  Masked,
  zhAction,
  zhAddressSpan,
  zhContact,
  zhItems,
  zhTarget,
} from './delivery.js';
import {
  amountOf,
  conditionsOf,
  cropOf,
  fieldSpan,
  machineOf,
  operationOf,
  productOf,
  rateOf,
} from './field-op.js';
import { normalise, originalSpan } from './text.js';
import { parseNow, timeWindow } from './time-window.js';
import type { AskResult, Delivery, FieldOp, Highlight, Invalid, MissingField } from './types.js';

/** Longest instruction accepted, in characters: chat messages are short; this bounds the work. */
export const MAX_INSTRUCTION_CHARS = 2000;

export interface AskOptions {
  /** When the instruction was written: ISO 8601 with an offset. */
  readonly now: string;
  /** Labeller of Chinese address parts; without it only `address.text` is filled. */
  readonly addressTagger?: AddressTagger;
}

export interface AskParse {
  readonly result: AskResult;
  /** Spans of the input that gave each field (UTF-16 offsets into the original text). */
  readonly highlights: Highlight[];
}

/** Throws BAD_INPUT for text no parser should see (empty, too long, binary). */
export function checkInstruction(text: unknown, field = 'text'): string {
  if (typeof text !== 'string')
    throw new XinzhiError('BAD_INPUT', 'the instruction must be a string', { field });
  if (!text.trim()) throw new XinzhiError('BAD_INPUT', 'the instruction is empty', { field });
  if (text.length > MAX_INSTRUCTION_CHARS)
    throw new XinzhiError(
      'BAD_INPUT',
      `the instruction has ${text.length} characters, over the limit of ${MAX_INSTRUCTION_CHARS}`,
      { field },
    );
  if (
    /[\u0000-\u0008\u000e-\u001f\u007f\ufffd\ufffe\uffff]/.test(text) ||
    /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)
  )
    throw new XinzhiError('BAD_INPUT', 'the instruction contains binary or control characters', { field });
  return text;
}

const invalid = (issue: Invalid['issue'], missing: MissingField[], reason: string): Invalid => ({
  kind: 'invalid',
  missing,
  issue,
  reason,
});

function language(t: string): Lang | undefined {
  const han = (t.match(/\p{Script=Han}/gu) ?? []).length;
  const latin = (t.match(/\p{Script=Latin}/gu) ?? []).length;
  const other = (t.match(/\p{L}/gu) ?? []).length - han - latin;
  if (other > han + latin) return undefined;
  if (han > 0) return 'zh';
  if (latin > 0) return 'en';
  return undefined;
}

const ZH_DELIVERY = /送|配送|运到|运至|拉到|拉去|发货|发到|发往|寄|订单|那单|取消|补货|要货|下单|卸货|收货/;
const EN_DELIVERY =
  /\b(deliver|drop(?:\s+off)?|ship|send|dispatch|bring|cancel|courier|get|need)\b|\border\s*#/i;

export function parseInstruction(text: string, opts: AskOptions): AskParse {
  checkInstruction(text);
  const now = parseNow(opts.now);
  if (!now)
    throw new XinzhiError(
      'BAD_INPUT',
      `now must be ISO 8601 with an offset (2026-12-05T09:30:00+08:00), got ${JSON.stringify(opts.now)}`,
      { field: 'now' },
    );
  const n = normalise(text);
  const lang = language(n.text);
  if (!lang)
    return {
      result: invalid('not_instruction', [], 'the text is neither Chinese nor English'),
      highlights: [],
    };
  const t = n.text;
  const hl: Highlight[] = [];
  const mark = (field: string, span: [number, number] | undefined) => {
    if (span) hl.push({ field, from: n.origin[span[0]] ?? 0, to: n.origin[span[1]] ?? text.length });
  };
  const op = operationOf(t, lang);
  const field = fieldSpan(t, lang);
  const deliveryWord = (lang === 'zh' ? ZH_DELIVERY : EN_DELIVERY).test(t);
  const isField =
    op !== undefined && (field !== undefined || cropOf(t, lang) !== null) && !(deliveryWord && !field);
  if (isField) return fieldOp(n, t, lang, now, op, field, mark, hl);
  if (deliveryWord || (lang === 'zh' ? zhItems(t).items.length : enItems(t).items.length) > 0)
    return delivery(n, t, lang, now, opts, mark, hl);
  if (op !== undefined) {
    const missing: MissingField[] = ['field'];
    if (op === 'spray' && !productOf(t, lang, op).product) missing.push('product');
    return {
      result: invalid('missing_field', missing, `a field operation without the ${missing.join(' or ')}`),
      highlights: hl,
    };
  }
  return { result: invalid('not_instruction', [], 'no delivery or field work is asked for'), highlights: hl };
}

type Mark = (field: string, span: [number, number] | undefined) => void;

function fieldOp(
  n: ReturnType<typeof normalise>,
  t: string,
  lang: Lang,
  now: NonNullable<ReturnType<typeof parseNow>>,
  operation: NonNullable<ReturnType<typeof operationOf>>,
  field: [number, number] | undefined,
  mark: Mark,
  hl: Highlight[],
): AskParse {
  const m = new Masked(t);
  mark('operation', undefined);
  if (field) {
    mark('field', field);
    m.blank(field[0], field[1]);
  }
  const { rate, span: rateSpan } = rateOf(m.text, lang);
  mark('rate', rateSpan);
  const amount = amountOf(m.text, lang, rateSpan);
  const found = productOf(m.text, lang, operation);
  const { machine, span: mSpan } = machineOf(m.text, lang);
  // "with the air seeder": a word of the machine is no product
  const product = found.product && machine?.includes(found.product) ? null : found.product;
  mark('product', product ? found.span : undefined);
  mark('machine', mSpan);
  if (rateSpan) m.blank(rateSpan[0], rateSpan[1]);
  const tw = timeWindow(m.text, now, lang);
  for (const s of tw.spans) mark('window', s);
  if (tw.contradiction)
    return { result: invalid('contradictory_time', ['time'], tw.contradiction), highlights: hl };
  const missing: MissingField[] = [];
  if (!field) missing.push('field');
  if (operation === 'spray' && !product) missing.push('product');
  if (missing.length)
    return {
      result: invalid('missing_field', missing, `the instruction does not say the ${missing.join(' or ')}`),
      highlights: hl,
    };
  const result: FieldOp = {
    kind: 'field_op',
    operation,
    field: originalSpan(n, (field as [number, number])[0], (field as [number, number])[1]).normalize('NFKC'),
    crop: cropOf(t, lang),
    amount,
    product,
    rate,
    machine,
    window: tw.window,
    conditions: conditionsOf(t, lang),
  };
  return { result, highlights: hl };
}

function delivery(
  n: ReturnType<typeof normalise>,
  t: string,
  lang: Lang,
  now: NonNullable<ReturnType<typeof parseNow>>,
  opts: AskOptions,
  mark: Mark,
  hl: Highlight[],
): AskParse {
  const m = new Masked(t);
  const action = lang === 'zh' ? zhAction(t) : enAction(t);
  const targetSpan = action === 'create' ? undefined : lang === 'zh' ? zhTarget(t) : enTarget(t);
  if (targetSpan) {
    mark('target', targetSpan);
    m.blank(targetSpan[0], targetSpan[1]);
  }
  const target = targetSpan ? originalSpan(n, targetSpan[0], targetSpan[1]).trim() : undefined;
  if (action === 'cancel') {
    if (!target)
      return {
        result: invalid('missing_field', ['target'], 'a cancellation must say which order'),
        highlights: hl,
      };
    const result: Delivery = {
      kind: 'delivery',
      items: null,
      address: null,
      window: null,
      contact: null,
      action,
      target,
    };
    return { result, highlights: hl };
  }
  const c = lang === 'zh' ? zhContact(m.text) : enContact(m.text);
  for (const s of c.spans) {
    mark('contact', s);
    m.blank(s[0], s[1]);
  }
  // items first in English (the address follows "to" after them), address first in Chinese
  let addrSpan: [number, number] | undefined;
  let itemsOut: ReturnType<typeof zhItems>;
  let tw: ReturnType<typeof timeWindow> | undefined;
  if (lang === 'zh') {
    addrSpan = zhAddressSpan(m.text);
    if (addrSpan) m.blank(addrSpan[0], addrSpan[1]);
    // times before items, so that 周五, 9点 and 24号 are not read as quantities
    tw = timeWindow(m.text, now, lang);
    const timeMasked = new Masked(m.text);
    for (const s of tw.spans) timeMasked.blank(s[0], s[1]);
    itemsOut = zhItems(timeMasked.text);
  } else {
    itemsOut = enItems(m.text);
    const firstItem = itemsOut.spans.length ? (itemsOut.spans[0] as [number, number])[1] : 0;
    addrSpan = enAddressSpan(
      m.text,
      firstItem,
      itemsOut.spans.filter((_, i) => itemsOut.items[i]?.unit !== null).map((s) => s[0]),
    );
    if (addrSpan) {
      // an item that the address swallowed is not an item
      const keep = itemsOut.spans.map((s) => !(addrSpan && s[0] >= addrSpan[0] && s[0] < addrSpan[1]));
      itemsOut = {
        ...itemsOut,
        items: itemsOut.items.filter((_, i) => keep[i]),
        spans: itemsOut.spans.filter((_, i) => keep[i]),
      };
      m.blank(addrSpan[0], addrSpan[1]);
    }
  }
  mark('address', addrSpan);
  for (const s of itemsOut.spans) {
    mark('items', s);
    m.blank(s[0], s[1]);
  }
  tw ??= timeWindow(m.text, now, lang);
  for (const s of tw.spans) mark('window', s);
  if (tw.contradiction)
    return { result: invalid('contradictory_time', ['time'], tw.contradiction), highlights: hl };
  const address = addrSpan ? addressOf(n, addrSpan, lang, opts.addressTagger) : null;
  const items = itemsOut.items;
  const missing: MissingField[] = [];
  const anyTime = tw.window.start !== null || tw.window.end !== null;
  if (
    action === 'create' &&
    !items.length &&
    !address &&
    !anyTime &&
    !itemsOut.goodsWithoutQty &&
    lang === 'en'
  )
    return {
      result: invalid('not_instruction', [], 'no goods, address or time: not an order'),
      highlights: hl,
    };
  if (action === 'create') {
    if (!items.length) missing.push('quantity');
    if (!address) missing.push('address');
    if (missing.length)
      return {
        result: invalid('missing_field', missing, `the order does not say the ${missing.join(' or ')}`),
        highlights: hl,
      };
  } else if (!target) {
    return {
      result: invalid('missing_field', ['target'], 'a change must say which order it changes'),
      highlights: hl,
    };
  }
  const hasWindow = tw.window.start !== null || tw.window.end !== null;
  const result: Delivery = {
    kind: 'delivery',
    items: items.length ? items : action === 'create' ? items : null,
    address,
    window: action === 'modify' && !hasWindow ? null : tw.window,
    contact: c.contact,
    action,
    ...(target ? { target } : {}),
  };
  return { result, highlights: hl };
}
