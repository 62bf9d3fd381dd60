/**
 * Delivery instructions → orders: action (create / modify / cancel), items, address span,
 * contact. Items and contacts are short closed patterns (a numeral, a unit word from the
 * contract's table, a noun; a phone number and the name or role next to it), the address parts
 * come from the sequence-labelling model (address.ts), times from time-window.ts.
 */
import { type Address, type AddressTagger, enAddressParts, zhAddressParts } from './address.js';
import { type NormText, NUM_RE_SRC, originalSpan, parseNumber } from './text.js';
import type { Contact, Highlight, Item } from './types.js';

export type Lang = 'zh' | 'en';

/** Text with consumed spans blanked (same length, so offsets stay valid). */
export class Masked {
  chars: string[];
  constructor(text: string) {
    this.chars = [...text].length === text.length ? text.split('') : Array.from(text, (c) => c);
    if (this.chars.length !== text.length) this.chars = text.split('');
  }
  get text(): string {
    return this.chars.join('');
  }
  blank(from: number, to: number): void {
    for (let i = from; i < to && i < this.chars.length; i++) this.chars[i] = ' ';
  }
}

// ---------- action ----------

export function zhAction(t: string): 'create' | 'modify' | 'cancel' {
  if (/取消|不要了|别送了|不用送了|不送了|撤单|撤销|作废/.test(t)) return 'cancel';
  if (
    /改成|改为|改到|改送|换成|改一下|推迟|延后|延期|提前到|加到|减到|减为|追加|变更|修改|再加|多加|少送|挪到/.test(
      t,
    )
  )
    return 'modify';
  return 'create';
}
export function enAction(t: string): 'create' | 'modify' | 'cancel' {
  const l = t.toLowerCase();
  if (
    /\b(cancel|call off|scrap (the|that|my|our)|don'?t (send|deliver|bother)|no longer need|kill (the|that))\b/.test(
      l,
    )
  )
    return 'cancel';
  if (
    /\b(change|make (it|that)|instead|move (it|the|that)|push (it|the|that)|reschedule|update|bump|switch|add (another|\d)|increase|reduce|amend)\b/.test(
      l,
    )
  )
    return 'modify';
  return 'create';
}

export function zhTarget(t: string): [number, number] | undefined {
  const m =
    /(?:订单|单号)\s*[#:：]?\s*[A-Za-z0-9-]+|[A-Z]{1,4}-?\d{3,}/.exec(t) ??
    /(?:(?:昨天|今天|上午|下午|早上|刚才|之前|前天|上周[一二三四五六日天]?)[^，,。；;]{0,14}?)?(?:那单|那一单|那批货|那批|的单子|的订单|那个订单)(?:[\u4e00-\u9fa5]{1,6}?(?=不要|改|取消|的|换|送|加|减|[，,。；;\s]|$))?/.exec(
      t,
    );
  return m ? [m.index, m.index + m[0].length] : undefined;
}
export function enTarget(t: string): [number, number] | undefined {
  const m =
    /\b(?:order|PO|SO|job|ref|booking)\s*(?:no\.?|number)?\s*#?\s*[A-Z0-9][A-Z0-9-]{2,}\b/i.exec(t) ??
    /#\s*[A-Z0-9-]{3,}/.exec(t) ??
    /\b(?:the|my|our|that|this|today'?s|tomorrow'?s|yesterday'?s)\s+[\w\s'’-]{0,40}?\b(?:order|delivery|drop|run|booking|shipment|consignment)\b/i.exec(
      t,
    );
  return m ? [m.index, m.index + m[0].length] : undefined;
}

// ---------- contact ----------

const PHONE_RE = /(?<![\d.])(\+?\d[\d -]{5,18}\d)(?![\d.])/g;
const ZH_ROLE = '前台|项目部|仓库|门卫|保安|物业|收发室|办公室|库管|工地|食堂|店长|值班室';

/** Phone, then the name or role next to it or after 联系人/找/收货人. */
export function zhContact(t: string): { contact: Contact | null; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let phone: string | null = null;
  let name: string | null = null;
  for (const m of t.matchAll(PHONE_RE)) {
    const digits = (m[1] as string).replace(/[^\d+]/g, '');
    if (digits.replace('+', '').length < 7) continue;
    phone = digits;
    spans.push([m.index as number, (m.index as number) + (m[1] as string).length]);
    break;
  }
  const nameRe = new RegExp(
    `(?:联系人|收货人|收件人|联系|找|交给|电话给|打给|对接人?)[:：\\s]*((?:${ZH_ROLE})|[\\u4e00-\\u9fa5]{1,3}?(?:先生|女士|小姐|经理|师傅|老师|总|工|主任|阿姨|姐|哥)|[\\u4e00-\\u9fa5]{2,3}(?=[，,\\s。]|电话|手机|\\d|$))|((?:${ZH_ROLE}))(?=[，,\\s]*(?:电话|手机|\\+?\\d[\\d -]{6,})|\\s*(?:收|签收|接收)?\\s*[。！!]?$)|([\\u4e00-\\u9fa5]{1,3}?(?:先生|女士|小姐|经理|师傅|老师|总|主任|阿姨))`,
  );
  const m =
    nameRe.exec(t) ??
    // a bare name right before the phone: "，张伟13800138000"
    /(?:^|[，,\s])([\u4e00-\u9fa5]{2,3})\s*(?=\+?\d[\d -]{6,})/.exec(t);
  if (m) {
    name = (m[1] ?? m[2] ?? m[3]) as string;
    if (/^(?:电话|手机|联系|号码|座机)$/.test(name)) name = null;
    if (name) {
      const off = (m.index as number) + m[0].lastIndexOf(name);
      spans.push([m.index as number, off + name.length]);
    }
  }
  return { contact: name || phone ? { name, phone } : null, spans };
}

const EN_ROLE =
  'reception|front desk|site office|the foreman|foreman|security|the gatehouse|gatehouse|store manager|warehouse|site manager|the site manager|receiving|dock manager';
export function enContact(t: string): { contact: Contact | null; spans: [number, number][] } {
  const spans: [number, number][] = [];
  let phone: string | null = null;
  let name: string | null = null;
  let phoneAt = -1;
  for (const m of t.matchAll(PHONE_RE)) {
    const digits = (m[1] as string).replace(/[^\d+]/g, '');
    if (digits.replace('+', '').length < 7) continue;
    phone = digits;
    phoneAt = m.index as number;
    spans.push([phoneAt, phoneAt + (m[1] as string).length]);
    break;
  }
  const NAME = "[A-Z][a-z'’]+(?: [A-Z][a-z'’]+)?";
  const m = new RegExp(
    `\\b(?:contact|contact person|ask for|call|ring|text|attn:?|attention|c/o|hand (?:it )?to|give (?:it )?to|for|recipient:?)\\s+(${NAME}|${EN_ROLE})(?=\\s|,|\\.|$|\\s*\\(|\\s+on\\b)`,
    'i',
  ).exec(t);
  if (m) {
    const cand = m[1] as string;
    const lead = m[0].slice(0, m[0].length - cand.length).toLowerCase();
    // "for" and "call" introduce a name only when a capitalised name or role follows
    if (!/^(for|call)\b/.test(lead) || /^[A-Z]/.test(cand) || new RegExp(`^(${EN_ROLE})$`, 'i').test(cand)) {
      if (!/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Today|Tomorrow|Tonight|The|A|An)/.test(cand)) {
        name = cand;
        spans.push([m.index as number, (m.index as number) + m[0].length]);
      }
    }
  }
  if (!name && phoneAt > 0) {
    const before = new RegExp(`(${NAME})\\s*(?:on|at|[-:,(])?\\s*$`).exec(t.slice(0, phoneAt));
    if (
      before &&
      !/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Call|Contact|Ring|Text|Phone|Mobile|Tel)/.test(before[1] as string)
    ) {
      name = before[1] as string;
      spans.push([before.index as number, phoneAt]);
    }
  }
  return { contact: name || phone ? { name, phone } : null, spans };
}

// ---------- items ----------

const ZH_COUNT =
  '箱|件|托|袋|桶|个|份|盒|包|瓶|台|套|卷|张|把|块|条|支|罐|提|捆|筐|车|只|双|组|板|扎|听|棵|株|辆|批|打|对|根|片|瓶|壶|串';
const ZH_MEASURE: Record<string, string> = {
  吨: 't',
  公斤: 'kg',
  千克: 'kg',
  kg: 'kg',
  KG: 'kg',
  Kg: 'kg',
  方: 'm³',
  立方米: 'm³',
  立方: 'm³',
  斤: '斤',
  升: 'L',
  L: 'L',
};
const ZH_UNIT = `(?:${Object.keys(ZH_MEASURE)
  .sort((a, b) => b.length - a.length)
  .join('|')}|${ZH_COUNT})`;
const ZH_GOODS_STOP = '，,。、；;和及与跟送到去给运拉发寄在把要请帮麻烦 \\n（(）)';

function cleanZhGoods(g: string): string {
  let s = g.trim();
  s = s.replace(/^.*?(?:用的|要用的)/, '');
  s = s.replace(/^(?:\d+|[一二两三四五六七八九十百千]+)(?:瓶|罐|包|袋|支|个|盒|听|片)装的?/, '');
  s = s.replace(/^(?:每[箱袋桶包]\d+(?:公斤|kg|斤|瓶|个)的?)/, '');
  s = s.replace(/^\d+(?:\.\d+)?(?:L|l|ml|mL|升|毫升|kg|公斤|g|克)(?:装)?的?/, '');
  s = s.replace(/^的/, '');
  s = s.replace(/(?:过来|过去|来|去|吧|啊|哦|呢|了)$/, '');
  return s;
}

/** Items of a Chinese instruction: numeral, unit word (or none), the goods noun. */
export function zhItems(t: string): { items: Item[]; spans: [number, number][]; goodsWithoutQty: boolean } {
  const items: Item[] = [];
  const spans: [number, number][] = [];
  const re = new RegExp(
    `(${NUM_RE_SRC})\\s*(?:(${ZH_UNIT})|(?![点号楼层月日分天小时周年%室栋座单元期米路街巷弄]))((?:\\d+[瓶罐包袋支个盒听片]装的?|每[箱袋桶包]\\d+(?:公斤|kg|斤|瓶|个)的?)?(?:[A-Za-z]+\\d*|[^${ZH_GOODS_STOP}\\d]){0,12})`,
    'g',
  );
  for (const m of t.matchAll(re)) {
    const q = parseNumber(m[1] as string);
    if (q === undefined || q === 0) continue;
    const rawUnit = m[2];
    let goods = cleanZhGoods(m[3] ?? '');
    if (!rawUnit && !goods) continue;
    if (!rawUnit && /^(?:[点号]|之前|前|后|以前|左右)/.test(goods)) continue;
    // pack specs inside the goods (24瓶装) are dropped; a unit is the contract's symbol for measures
    const unit = rawUnit ? (ZH_MEASURE[rawUnit] ?? rawUnit) : null;
    if (!goods) {
      // "牛奶20箱": the noun before the number
      const before = /([\u4e00-\u9fa5A-Za-z]{1,8})\s*$/.exec(t.slice(0, m.index));
      if (before)
        goods = cleanZhGoods((before[1] as string).replace(/^.*?(?:送|把|要|运|拉|发|订|加|补|的)/, ''));
    }
    if (!goods && !rawUnit) continue;
    items.push({ goods: goods || null, quantity: q, unit });
    spans.push([m.index as number, (m.index as number) + m[0].length]);
  }
  const goodsWithoutQty = !items.length && /(?:送|运|拉|发|要|订)(?:点|些|一些|几箱|几件|几托)/.test(t);
  return { items, spans, goodsWithoutQty };
}

const EN_WORDNUM: Record<string, number> = {
  a: 1,
  an: 1,
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
  thirty: 30,
  forty: 40,
  fifty: 50,
  hundred: 100,
  dozen: 12,
  couple: 2,
};
const EN_UNIT: Record<string, string> = {
  pallet: 'pallet',
  plt: 'pallet',
  case: 'case',
  carton: 'carton',
  ctn: 'carton',
  box: 'box',
  boxe: 'box',
  bag: 'bag',
  keg: 'keg',
  ibc: 'IBC',
  drum: 'drum',
  crate: 'crate',
  sack: 'sack',
  roll: 'roll',
  pack: 'pack',
  tub: 'tub',
  bottle: 'bottle',
  tonne: 't',
  ton: 't',
  t: 't',
  kg: 'kg',
  kilo: 'kg',
  kilogram: 'kg',
  lb: 'lb',
  lbs: 'lb',
  pound: 'lb',
  litre: 'L',
  liter: 'L',
  l: 'L',
  tray: 'tray',
  bin: 'bin',
  bundle: 'bundle',
  sheet: 'sheet',
  pail: 'pail',
  tote: 'tote',
  cube: 'm³',
  m3: 'm³',
  'm³': 'm³',
};
const EN_STOP =
  /(?:^|\s+)(?:gone|needed|urgent|urgently|today|to|for|by|at|before|after|on|and|&|plus|asap|tomorrow|tmrw|today|tonight|this|next|from|in|into|please|pls|thanks|ready|delivered|deliver|drop|ship|contact|call|ring|b4|until|till|instead|not)\b|[,.;:!?()]|\s+\d/i;

function singular(w: string): string {
  const l = w.toLowerCase();
  if (l in EN_UNIT) return l;
  if (l.endsWith('es') && l.slice(0, -2) in EN_UNIT) return l.slice(0, -2);
  if (l.endsWith('s') && l.slice(0, -1) in EN_UNIT) return l.slice(0, -1);
  return l;
}

export function enItems(t: string): { items: Item[]; spans: [number, number][]; goodsWithoutQty: boolean } {
  const items: Item[] = [];
  const spans: [number, number][] = [];
  const num = `(\\d+(?:\\.\\d+)?|${Object.keys(EN_WORDNUM).join('|')})`;
  const re = new RegExp(`\\b${num}(?=\\s|\\d|[a-zA-Z³]|$)\\s*(?:x\\s+)?([A-Za-z³0-9]+)?`, 'gi');
  for (const m of t.matchAll(re)) {
    const start = m.index as number;
    const numWord = (m[1] as string).toLowerCase();
    // a number word stands alone ("a pallet", not the "a" of "at")
    if (/^[a-z]/.test(numWord) && !/^\s/.test(t.slice(start + numWord.length))) continue;
    const q = EN_WORDNUM[numWord] ?? Number(numWord);
    if (!Number.isFinite(q) || q === 0) continue;
    const after = t.slice(start + (m[1] as string).length);
    // times, dates, phones and addresses are not items
    if (
      /^\s*(?::\d|am\b|pm\b|a\.m|p\.m|st\b|nd\b|rd\b|th\b|%|ish\b|mm\b|h\b|hrs?\b|hours?\b|min|days?\b|weeks?\b|o'?clock)/i.test(
        after,
      )
    )
      continue;
    const um =
      /^\s*(?:x\s+)?(pallets?|plts?|cases?|cartons?|ctns?|boxes|box|bags?|kegs?|ibcs?|drums?|crates?|sacks?|rolls?|packs?|tubs?|bottles?|tonnes?|tons?|t|kgs?|kilos?|kilograms?|lbs?|pounds?|litres?|liters?|l|trays?|bins?|bundles?|sheets?|pails?|totes?|cubes?|m3|m³)\b\.?\s*(?:of\s+)?/i.exec(
        after,
      );
    let rest: string;
    let unit: string | null = null;
    if (um) {
      unit = EN_UNIT[singular((um[1] as string).replace(/\.$/, ''))] ?? null;
      rest = after.slice(um[0].length);
    } else {
      if (numWord === 'a' || numWord === 'an') continue;
      rest = after.replace(/^\s+/, '');
      if (!/^[A-Za-z]/.test(rest)) continue;
    }
    // pack specs: "(24 x 330ml)", "25kg", "1000L"
    rest = rest
      .replace(/^\(?\d+\s*x\s*\d+\s*(?:ml|l|g|kg)\)?\s*/i, '')
      .replace(/^\d+(?:\.\d+)?\s*(?:ml|l|kg|g|litre)\s+/i, '');
    const stop = EN_STOP.exec(rest);
    let goods = (stop ? rest.slice(0, stop.index) : rest).trim();
    if (!um && !goods) continue;
    goods = goods.replace(/^(?:of|the)\s+/i, '');
    if (!goods && um) {
      items.push({ goods: null, quantity: q, unit });
      spans.push([start, start + (m[1] as string).length + um[0].length]);
      continue;
    }
    if (!goods || /^(?:street|st|road|rd|ave|avenue|lane|level|floor|unit|am|pm)\b/i.test(goods)) continue;
    if (
      !um &&
      /\b(?:St|Street|Rd|Road|Ave|Avenue|Lane|Ln|Dr|Drive|Way|Pl|Place|Blvd|Hwy|Pde|Tce|Cres|Pkwy|Parkway)\b/.test(
        goods,
      )
    )
      continue;
    if (!um && numWord.match(/^\d+$/) && Number(numWord) > 999) continue;
    items.push({ goods, quantity: q, unit });
    spans.push([
      start,
      start + (m[1] as string).length + (um ? um[0].length : after.length - rest.length) + goods.length,
    ]);
  }
  const goodsWithoutQty = !items.length && /\b(some|more|a few|several)\s+\w+/i.test(t);
  return { items, spans, goodsWithoutQty };
}

// ---------- address span ----------

const ZH_ADDR_START =
  /(?:送到|送至|送往|运到|运至|拉到|拉去|发到|发往|送去|寄到|配送到|配送至|改送到?|改到|地址[是为:：]?|收货地址[:：]?|送货地址[:：]?|到|至)\s*/g;
const ZH_ADDR_HINT =
  /(?:省|市|区|县|镇|街道|路|街|大道|巷|弄|号|大厦|广场|园区|中心|小区|花园|村|仓|库|工地|门店|公司|学校|医院)/;

/** The address span of a Chinese instruction (normalised offsets), or undefined. */
export function zhAddressSpan(t: string): [number, number] | undefined {
  const starts = [...t.matchAll(ZH_ADDR_START)];
  const cut = (from: number): [number, number] | undefined => {
    const rest = t.slice(from);
    const end =
      /[，,。；;！!\n]|\s|(?:联系人|联系|电话|手机|收货人|收件人|找|交给|给(?:[\u4e00-\u9fa5]{1,3}(?:先生|女士|小姐|经理|师傅))|明天|今天|后天|下午|上午|晚上|周[一二三四五六日]|之前|以前|前送|\+?\d{7,})/.exec(
        rest,
      );
    let to = from + (end ? end.index : rest.length);
    while (to > from && /[去的里那吧]/.test(t[to - 1] as string)) to--;
    return to - from >= 2 ? [from, to] : undefined;
  };
  for (const s of starts) {
    const span = cut((s.index as number) + s[0].length);
    if (
      span &&
      ZH_ADDR_HINT.test(t.slice(span[0], span[1])) &&
      !/[送运拉发]|\d点|[到至]/.test(t.slice(span[0], span[1]))
    )
      return span;
  }
  // no marker: a chunk that reads as an address
  let pos = 0;
  for (const chunk of t.split(/[，,。；;\n]/)) {
    const lead = /^\s*(?:送货?|地址|到)?[:：]?\s*/.exec(chunk)?.[0].length ?? 0;
    const body = chunk.slice(lead);
    if (/^(?:[\u4e00-\u9fa5]{2,}(?:省|市|区|县)|[\u4e00-\u9fa5]{2,}(?:路|街|大道)\d+号)/.test(body)) {
      const sp = cut(pos + lead);
      if (sp) return sp;
    }
    pos += chunk.length + 1;
  }
  return undefined;
}

const EN_ADDR_END =
  /\s+(?:by|before|after|b4|on|this|the day|tomorrow|tmrw|tmr|today|tonight|on\s+(?:mon|tue|wed|thu|fri|sat|sun)|this\s+(?:mon|tue|wed|thu|fri|sat|sun|morning|arvo|afternoon|evening)|next\s+\w+|asap|contact|attn|call|ring|ask for|for\s+[A-Z]|between|from\s+\d|at\s+\d|around|about|first thing|no later|in the|mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:rs|rsday)?|fri(?:day)?|sat(?:urday)?|sun(?:day)?|morning|afternoon|arvo|evening|overnight|noon|eod|urgent|please|pls|thanks)\b|[.;!?](?:\s|$)|,\s*(?=(?:by|before|after|tomorrow|tmrw|today|tonight|asap|contact|attn|call|ring|ask|mon|tue|wed|thu|fri|sat|sun|this|next|morning|afternoon|between|please|pls|[A-Z][a-z]+\s+\+?\d{4}[\d ]{4,}|\+?\d{8}))/i;

export function enAddressSpan(
  t: string,
  afterItems: number,
  itemStarts: number[] = [],
): [number, number] | undefined {
  const re = /\b(?:to|at|address:?|deliver(?:ed)? to|drop(?: off)? at|into)\s+(?:the\s+)?/gi;
  for (const m of t.matchAll(re)) {
    const from = (m.index as number) + m[0].length;
    if ((m.index as number) < afterItems - 1) continue;
    if (itemStarts.includes(from)) continue;
    const rest = t.slice(from);
    if (/^(?:\d{1,2}(?::\d{2})?\s*(?:am|pm)|noon|midnight|eod|\d{1,2}\s*$)/i.test(rest)) continue;
    const end = EN_ADDR_END.exec(rest);
    let to = from + (end ? end.index : rest.length);
    while (to > from && /[\s,]/.test(t[to - 1] as string)) to--;
    const text = t.slice(from, to);
    if (to - from >= 3 && /\d|[A-Z]/.test(text)) return [from, to];
  }
  return undefined;
}

export function addressOf(
  n: NormText,
  span: [number, number],
  lang: Lang,
  tagger: AddressTagger | undefined,
): Address {
  const text = originalSpan(n, span[0], span[1]);
  if (lang === 'en') return enAddressParts(text);
  return tagger ? zhAddressParts(text, tagger) : { text };
}

export type { Highlight };
