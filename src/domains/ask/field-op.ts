/**
 * Field instructions → field operations. The operation is classified by the purpose of the work
 * (a sprayed foliar feed is `fertilise`, transplanting is `sow`, rolling is `till`), which is why
 * the fertilise and sow words are tried before spray and why the tables are ordered.
 */
import { NUM_RE_SRC, parseNumber } from './text.js';
import type { Measure, Operation } from './types.js';

type Lang = 'zh' | 'en';

const ZH_OPS: [RegExp, Operation][] = [
  [
    /叶面肥|叶面喷施.{0,4}肥|施肥|追肥|基肥|撒肥|冲施|水肥一体|水肥|石灰|撒.{0,6}(?:肥|尿素|钾|磷)|上肥|施.{0,6}(?:尿素|复合肥|有机肥|钾肥|磷肥)/,
    'fertilise',
  ],
  [/播种|播|定植|移栽|插秧|栽|种上|种下|下种|点种|条播|撒播|补种/, 'sow'],
  [/收割|收获|采收|采摘|摘|收[一-龥]{0,2}(?:玉米|小麦|水稻|稻|麦|豆|棉|菜|果)|割|收了|开收|收完/, 'harvest'],
  [/翻地|翻耕|耕地|犁|旋耕|深松|深翻|耙地|镇压|整地|起垄|耕|翻/, 'till'],
  [
    /打药|喷药|喷施|喷洒|喷|防治|除草|杀虫|杀菌|飞防|植保|打.{0,8}(?:剂|药|乳油|悬浮|粉|菌|灵|威|磷|啉|脒)/,
    'spray',
  ],
  [/浇水|浇|灌溉|灌水|滴灌|喷灌|漫灌|灌|补水|放水/, 'irrigate'],
  [/巡田|巡查|巡|看看|查看|检查|调查|看一下|瞧瞧/, 'scout'],
];
const EN_OPS: [RegExp, Operation][] = [
  [
    /\b(fertili[sz]e|fertili[sz]ing|fertigat\w*|top-?dress\w*|side-?dress\w*|foliar (?:feed|fert\w*|nutrient)|lime|liming|(?:spread|put|apply|broadcast)(?: out| on)? (?:urea|fertili[sz]er|lime|compost|manure|potash|npk|nitrogen|gypsum|dap|map))/i,
    'fertilise',
  ],
  [/\b(sow|sowing|seed(?:ing)?|drill(?:ing)?|plant(?:ing)?|transplant\w*)\b/i, 'sow'],
  [/\b(harvest\w*|pick(?:ing)?|combine|strip|shake|cut (?:the )?(?:hay|silage)|bale)\b/i, 'harvest'],
  [
    /\b(till\w*|plough\w*|plow\w*|cultivat\w*|disc(?:ing)?|disk(?:ing)?|rip(?:ping)?|subsoil\w*|roll(?:ing)?|harrow\w*|rotavat\w*|rotary till\w*)\b/i,
    'till',
  ],
  [/\b(spray\w*|fungicide|herbicide|insecticide|pesticide)\b/i, 'spray'],
  [/\b(irrigat\w*|water(?:ing)?\b|flood)\b/i, 'irrigate'],
  [/\b(scout\w*|inspect\w*|walk|check|look at|survey)\b/i, 'scout'],
];

export function operationOf(t: string, lang: Lang): Operation | undefined {
  for (const [re, op] of lang === 'zh' ? ZH_OPS : EN_OPS) if (re.test(t)) return op;
  return undefined;
}

/** Field as written: "3号地块", "东区玉米地", "6号、7号大棚", "field N4", "almond block A12". */
export function fieldSpan(t: string, lang: Lang): [number, number] | undefined {
  const m =
    lang === 'zh'
      ? /(?:[A-Za-z]?\d+|[一二三四五六七八九十]+)号(?:[、和及,，](?:[A-Za-z]?\d+|[一二三四五六七八九十]+)号)*(?:[\u4e00-\u9fa5]{0,3}?(?:地块|大田|田块|地|田|大棚|棚|温室|果园|园|塘|区|片))?|[东南西北][区片边头]?[\u4e00-\u9fa5]{0,4}?(?:地块|地|田|大棚|棚|园)|[\u4e00-\u9fa5]{1,4}(?:地块|大棚|温室|果园|茶园|鱼塘)(?:[A-Za-z]?\d+号?)?|(?:[A-Za-z]\d*|\d+)区/.exec(
          t,
        )
      : /\b(?:(?:[a-z]+\s+){0,2}(?:field|block|paddock|plot|bay|orchard|greenhouse|tunnel|pivot|zone|lot)\s+(?:no\.?\s*)?[A-Z]?\d+[A-Za-z]?(?:\s*(?:and|&|,)\s*[A-Z]?\d+[A-Za-z]?)*|(?:the\s+)?(?:north|south|east|west|home|back|top|bottom|river|creek)\s+(?:paddock|field|block|orchard)|[A-Z]\d{1,3}\b)/i.exec(
          t,
        );
  if (!m) return undefined;
  let from = m.index;
  let to = m.index + m[0].length;
  if (lang === 'en') {
    // the crop word before "block A12" belongs to the field; "spray", "the" do not
    // leading words stay only when they name the crop ("almond block A12", "oil palm block 8")
    const lead =
      /^((?:[a-z]+\s+){1,2})(?=(?:field|block|paddock|plot|bay|orchard|greenhouse|tunnel|pivot|zone|lot)\b)/i.exec(
        m[0],
      );
    if (lead) {
      let words = (lead[1] as string).trim().split(/\s+/);
      const isCrop = (w: string) =>
        CROP_EN.some(([re]) => {
          const c = re.exec(w);
          return c?.index === 0 && c[0].length === w.length;
        });
      while (words.length && !isCrop(words.join(' '))) words = words.slice(1);
      from += (lead[1] as string).length - (words.length ? `${words.join(' ')} `.length : 0);
    }
    while (to > from && /\s/.test(t[to - 1] as string)) to--;
  }
  return [from, to];
}

const CROP_ZH: [RegExp, string][] = [
  [/小麦|麦苗|麦子|冬小麦/, '小麦'],
  [/玉米|苞米/, '玉米'],
  [/水稻|稻子|稻田|秧苗|稻谷|早稻|晚稻/, '水稻'],
  [/大豆|黄豆/, '大豆'],
  [/棉花/, '棉花'],
  [/油菜/, '油菜'],
  [/番茄|西红柿/, '番茄'],
  [/黄瓜/, '黄瓜'],
  [/辣椒/, '辣椒'],
  [/草莓/, '草莓'],
  [/苹果/, '苹果'],
  [/柑橘|橘子|桔子/, '柑橘'],
  [/葡萄/, '葡萄'],
  [/茶叶|茶园|茶树/, '茶'],
  [/马铃薯|土豆/, '马铃薯'],
  [/花生/, '花生'],
  [/白菜/, '白菜'],
  [/西瓜/, '西瓜'],
  [/甘蔗/, '甘蔗'],
  [/高粱/, '高粱'],
];
const CROP_EN: [RegExp, string][] = [
  [/\bwheat\b/i, 'wheat'],
  [/\b(corn|maize)\b/i, 'corn'],
  [/\brice\b/i, 'rice'],
  [/\b(soybeans?|soy)\b/i, 'soybean'],
  [/\bcotton\b/i, 'cotton'],
  [/\b(canola|rapeseed)\b/i, 'canola'],
  [/\bbarley\b/i, 'barley'],
  [/\btomato(es)?\b/i, 'tomato'],
  [/\bpotato(es)?\b/i, 'potato'],
  [/\balmonds?\b/i, 'almond'],
  [/\b(oil palm|ffb|palm)\b/i, 'oil palm'],
  [/\b(grapes?|vines?|vineyard)\b/i, 'grape'],
  [/\b(apples?)\b/i, 'apple'],
  [/\b(lucerne|alfalfa)\b/i, 'alfalfa'],
  [/\boats?\b/i, 'oats'],
  [/\bsorghum\b/i, 'sorghum'],
  [/\bstrawberr(y|ies)\b/i, 'strawberry'],
  [/\bcitrus|oranges?\b/i, 'citrus'],
];

export function cropOf(t: string, lang: Lang): string | null {
  for (const [re, c] of lang === 'zh' ? CROP_ZH : CROP_EN) if (re.test(t)) return c;
  return null;
}

const ZH_RATE_UNIT: Record<string, string> = {
  毫升: 'mL',
  ml: 'mL',
  mL: 'mL',
  克: 'g',
  g: 'g',
  公斤: 'kg',
  千克: 'kg',
  kg: 'kg',
  斤: '斤',
  方: 'm³',
  立方: 'm³',
  株: '株',
};
const N = NUM_RE_SRC;

/** Dose per area or per plant. */
export function rateOf(t: string, lang: Lang): { rate: Measure | null; span?: [number, number] } {
  const m =
    lang === 'zh'
      ? new RegExp(
          `每(亩|株|棵)[\\u4e00-\\u9fa5]{0,2}?\\s*(${N})\\s*(毫升|ml|mL|克|g|公斤|千克|kg|斤|方|立方|株)|(${N})\\s*(毫升|ml|mL|克|g|公斤|千克|kg|斤|方|株)\\s*(?:/|每)\\s*(亩|株)`,
        ).exec(t)
      : /(\d+(?:\.\d+)?)\s*(l|litres?|liters?|kg|g|ml|gal|gallons?|lbs?|pounds?)\s*(?:\/|per\s+|an?\s+)(ha|hectare|acre|ac)\b/i.exec(
          t,
        );
  if (!m) return { rate: null };
  const span: [number, number] = [m.index, m.index + m[0].length];
  if (lang === 'zh') {
    const per = (m[1] ?? m[6]) as string;
    const value = parseNumber((m[2] ?? m[4]) as string);
    const u = ZH_RATE_UNIT[(m[3] ?? m[5]) as string] as string;
    if (value === undefined) return { rate: null };
    return { rate: { value, unit: `${u}/${per === '棵' ? '株' : per}` }, span };
  }
  const u = (m[2] as string).toLowerCase();
  const unit =
    u.startsWith('l') && !u.startsWith('lb')
      ? 'L'
      : u.startsWith('kg')
        ? 'kg'
        : u === 'g'
          ? 'g'
          : u === 'ml'
            ? 'mL'
            : u.startsWith('gal')
              ? 'gal'
              : 'lb';
  const area = (m[3] as string).toLowerCase().startsWith('h') ? 'ha' : 'acre';
  return { rate: { value: Number(m[1]), unit: `${unit}/${area}` }, span };
}

/** Total quantity of the job: water depth or volume, hours, working depth, area, expected yield. */
export function amountOf(t: string, lang: Lang, rateSpan?: [number, number]): Measure | null {
  const masked = rateSpan
    ? t.slice(0, rateSpan[0]) + ' '.repeat(rateSpan[1] - rateSpan[0]) + t.slice(rateSpan[1])
    : t;
  const table: [RegExp, string][] =
    lang === 'zh'
      ? [
          [new RegExp(`(${N})\\s*(?:毫米|mm)`), 'mm'],
          [new RegExp(`(?<!每亩\\S{0,2})(${N})\\s*(?:方|立方米|立方|m³|m3)(?![/每])`), 'm³'],
          [new RegExp(`(${N})\\s*(?:个)?(?:小时|钟头|h)`), 'h'],
          [new RegExp(`(?:深|深度)\\s*(${N})\\s*(?:厘米|公分|cm)|(${N})\\s*(?:厘米|公分|cm)\\s*深`), 'cm'],
          [new RegExp(`(?<!每)(${N})\\s*亩(?!地?用|\\s*(?:地)?\\s*\\d)`), '亩'],
          [new RegExp(`(?:预计|估计|大概|约)?(?:产|收)?[^每]{0,2}?(${N})\\s*吨`), 't'],
          [new RegExp(`(?:预计|估计|约)\\s*(?:产|收)?\\s*(${N})\\s*斤`), '斤'],
        ]
      : [
          [/(\d+(?:\.\d+)?)\s*mm\b/i, 'mm'],
          [/(\d+(?:\.\d+)?)\s*(?:inch|inches|in\.)(?![a-z])/i, 'in'],
          [/(\d+(?:\.\d+)?)\s*(?:m3|m³|cubic met(?:re|er)s?)(?!\s*\/)/i, 'm³'],
          [/(\d+(?:\.\d+)?)\s*(?:h|hrs?|hours?)\b/i, 'h'],
          [/(\d+(?:\.\d+)?)\s*cm\b/i, 'cm'],
          [/(\d+(?:\.\d+)?)\s*(?:t|tonnes?|tons?)\b(?!\s*\/)/i, 't'],
          [/(\d+(?:\.\d+)?)\s*(?:ha|hectares?)\b(?!\s*\/)/i, 'ha'],
          [/(\d+(?:\.\d+)?)\s*(?:acres?|ac)\b/i, 'acre'],
        ];
  for (const [re, unit] of table) {
    const m = re.exec(masked);
    if (!m) continue;
    const raw = (m[1] ?? m[2]) as string;
    const value = lang === 'zh' ? parseNumber(raw) : Number(raw);
    // inches of water are given in mm, the contract's unit
    if (unit === 'in' && value !== undefined)
      return { value: Math.round(value * 25.4 * 10) / 10, unit: 'mm' };
    if (value !== undefined && Number.isFinite(value)) return { value, unit };
  }
  return null;
}

const ZH_MACHINES =
  /[\u4e00-\u9fa5A-Za-z0-9]{0,6}?(?:无人机|拖拉机|喷雾机|喷杆|收割机|联合收割机|播种机|旋耕机|插秧机|深松机|植保机|打药机|卷盘机|喷灌机|施肥机|撒肥机|镇压器|犁|耙|圆盘耙|采棉机|移栽机)/;
const EN_MACHINES =
  /\b(?:the\s+|our\s+|a\s+)?((?:[A-Z0-9][\w-]*\s+){0,3}(?:[a-z-]+\s+)?(?:drone|tractor|sprayer|boom(?:\s+sprayer)?|harvester|header|combine|drill|planter|seeder|spreader|ripper|disc|disk|roller|plough|plow|cultivator|rotary hoe|pivot|reel|shaker|baler|quad|ute|UAV)s?)\b/;

export function machineOf(t: string, lang: Lang): { machine: string | null; span?: [number, number] } {
  if (lang === 'zh') {
    const m = ZH_MACHINES.exec(t);
    if (!m) return { machine: null };
    let s = m[0]
      .replace(/^(?:用|开|拿|派|让|安排|调)/, '')
      .replace(/^(?:[一二两三四五六七八九十\d]+)[台架辆部]/, '');
    s = s.replace(/^.*?(?:用|开|派|调)/, '');
    return { machine: s, span: [m.index + m[0].length - s.length, m.index + m[0].length] };
  }
  const m = EN_MACHINES.exec(t);
  if (!m) return { machine: null };
  let s = m[1] as string;
  s = s.replace(/^(?:\d+|two|three|both|all)\s+/i, '').replace(/^(?:with|use|using|take|run)\s+/i, '');
  if (
    /^(disc|disk|roller|plough|plow|drill|combine|pivot)s?$/i.test(s) &&
    !/\b(?:with|use|using|take|run|the|our)\s+(?:the\s+)?\w*\s*(?:disc|disk|roller|plough|plow|drill|combine|pivot)/i.test(
      t,
    )
  )
    return { machine: null };
  const idx = t.indexOf(s, m.index);
  return { machine: s, span: [idx, idx + s.length] };
}

/** Product as written: after 打/喷/施/撒/用 (zh) or spray/apply/with (en), before the rate or punctuation. */
export function productOf(
  t: string,
  lang: Lang,
  op: Operation,
): { product: string | null; span?: [number, number] } {
  if (op === 'scout' || op === 'till' || op === 'harvest') return { product: null };
  if (lang === 'zh') {
    const m =
      /(?:喷施|喷洒|冲施|飞防|追施|撒施|打|喷|施|撒|追|用|上)(?:一遍|一次|一下)?([\u4e00-\u9fa5A-Za-z0-9%.·-]{2,16}?(?:剂|乳油|悬浮剂|可湿性粉剂|水剂|颗粒剂|粉|灵|威|磷|啉|脒|酯|素|尿素|复合肥|有机肥|钾肥|磷肥|氮肥|叶面肥|水溶肥|磷酸二氢钾|石灰|粪|菌|酮|醇|胺|唑|肥))/.exec(
        t,
      ) ??
      /([\u4e00-\u9fa5A-Za-z0-9%.]{1,10}(?:剂|乳油|尿素|复合肥|有机肥|叶面肥|水溶肥|磷酸二氢钾|石灰))/.exec(
        t,
      );
    if (!m) return { product: null };
    let p = m[1] as string;
    p = p
      .replace(/^(?:[\d.]+%?)?(?:的)?/, (s) => (/%/.test(s) ? s : ''))
      .replace(/^(?:[一二两三四五六七八九十]+[遍次])/, '');
    p = p.replace(
      /^.*?(?:地块|大棚|地|田|棚|园)(?:的|里)?(?:[\u4e00-\u9fa5]{0,3}?)?(?=[\u4e00-\u9fa5A-Za-z0-9])/,
      (s) => (s.length < p.length - 1 ? '' : s),
    );
    const idx = t.indexOf(p, m.index);
    return { product: p, span: [idx, idx + p.length] };
  }
  const m =
    /\b(?:with|using)\s+(?!the\s+(?:drone|tractor|sprayer|boom|spreader|ripper|header|harvester))(?:the\s+)?([A-Za-z][\w%.+-]*(?:\s+[A-Z0-9][\w%.+-]*){0,3}(?:\s+(?:nitrate|sulphate|sulfate|fungicide|herbicide|insecticide|urea|fertili[sz]er|lime|potash|nitrogen|npk|feed))?)/.exec(
      t,
    ) ??
    /\b(?:spray(?:ing)?|apply(?:ing)?|with|using|put(?: on| out)?|spread(?:ing)?|top-?dress(?:ing)?|fertigate)\s+(?:the\s+|some\s+)?(?:(?:field|block|paddock)\s+[A-Z]?\d+\s+with\s+)?([A-Za-z0-9][\w%.+-]*(?:\s+[A-Z0-9][\w%.+-]*){0,3}(?:\s+(?:\d+(?:\.\d+)?\s*(?:SC|EC|WG|WP|SL|%))|\s+(?:fungicide|herbicide|insecticide|urea|fertili[sz]er|lime|potash|nitrogen|npk))?)/i.exec(
      t,
    );
  if (!m) return { product: null };
  let p = (m[1] as string).trim();
  p = p
    .replace(
      /\s+(?:at|on|in|to|for|with|by|before|after|if|when|tomorrow|today|tonight|this|next|using)\b.*$/i,
      '',
    )
    .trim();
  if (
    /^(?:the|a|an|field|block|paddock|water|it|them|drone|tractor|sprayer|boom|spreader|\d+)$/i.test(p) ||
    /^(?:field|block|paddock)\b/i.test(p) ||
    /^\d/.test(p)
  )
    return { product: null };
  if (/^(?:drone|tractor|sprayer|boom|spreader)\b/i.test(p)) return { product: null };
  const idx = t.indexOf(p, m.index);
  return { product: p, span: [idx, idx + p.length] };
}

/** Conditions: dry, no_rain, no_frost, low_wind, or compact thresholds. */
export function conditionsOf(t: string, lang: Lang): string[] {
  const out: string[] = [];
  const add = (c: string) => {
    if (!out.includes(c)) out.push(c);
  };
  if (lang === 'zh') {
    if (/露水干|地干|土干|干了|干燥|天干|干的话|如果.{0,4}干/.test(t)) add('dry');
    if (/不下雨|没雨|无雨|不下的话|雨停|没有雨|不会下雨/.test(t)) add('no_rain');
    if (/无霜|没有霜|没霜|不结霜|霜化|霜退|霜冻过后|不打霜|不上冻/.test(t)) add('no_frost');
    const w = new RegExp(
      `(${N})级(?:风)?(?:以下|以内|及以下)|风(?:力)?(?:小于|低于|不超过|在)?(${N})级(?:以下|以内)?`,
    ).exec(t);
    if (w) {
      const v = parseNumber((w[1] ?? w[2]) as string);
      const strict = /小于|低于/.test(w[0]);
      if (v !== undefined) add(`wind${strict ? '<' : '<='}${v}级`);
    } else if (/风小|没风|无风|风不大|风停/.test(t)) add('low_wind');
    const sm = /(?:土壤)?(?:墒情|湿度|含水量|水分)(?:低于|小于|不到|<)\s*(\d+)\s*%/.exec(t);
    if (sm) add(`soil_moisture<${sm[1]}%`);
    const st = /(?:土温|地温)(?:低于|小于|<)\s*(\d+)\s*(?:度|°C|℃)/.exec(t);
    if (st) add(`soil_temp<${st[1]}°C`);
    return out;
  }
  const l = t.toLowerCase();
  if (
    /\b(if (it'?s|it is|the (soil|ground|crop) is|dry)|once (it'?s )?dry|dew (is )?(off|gone|dried)|when dry|if dry|dry enough)\b/.test(
      l,
    ) ||
    /\bdry\b/.test(l)
  )
    add('dry');
  if (
    /\b(no rain|if (it )?(doesn'?t|does not) rain|rain holds off|not raining|stays dry|before (?:the )?rain)\b/.test(
      l,
    )
  )
    add('no_rain');
  if (
    /\b(no frost|frost[- ]free|frost (has )?(lifted|gone|cleared)|once the frost|after the frost)\b/.test(l)
  )
    add('no_frost');
  const wk =
    /wind\w*\s*(?:is\s*|are\s*|stays?\s*)?(?:under|below|<|less than)\s*(\d+)\s*(km\/h|kmh|kph|mph|m\/s|knots?|kn)/i.exec(
      t,
    );
  if (wk) {
    const u = (wk[2] as string).toLowerCase();
    add(`wind<${wk[1]}${u.startsWith('k') && u !== 'knots' && u !== 'knot' && u !== 'kn' ? 'km/h' : u}`);
  } else if (
    /\b(low wind|calm|wind (drops|dies|eases|is low|is light)|light winds?|not windy|no wind|less windy)\b/.test(
      l,
    )
  )
    add('low_wind');
  const sm = /soil moisture\s*(?:is\s*)?(?:under|below|<|less than|drops below)\s*(\d+)\s*%/i.exec(t);
  if (sm) add(`soil_moisture<${sm[1]}%`);
  const st = /soil temp(?:erature)?\s*(?:is\s*)?(?:under|below|<|less than)\s*(\d+)\s*(?:°?c|degrees)/i.exec(
    t,
  );
  if (st) add(`soil_temp<${st[1]}°C`);
  return out;
}
