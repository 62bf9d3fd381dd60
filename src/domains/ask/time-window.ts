/**
 * Time windows of work instructions (zh and en), resolved against `now` in the local wall-clock
 * time of its UTC offset, following the conventions of `shared/contracts/ask-output.md`:
 * half-open windows, deadlines with `start = null`, "after" with `end = null`, 上午 = 08:00–12:00,
 * 左右/around = ±30 min, a bare hour 7–11 is AM and 1–6 PM, a weekday is its next occurrence
 * unless today's window is still ahead, and so on.
 *
 * Hand-written rather than chrono-node: chrono has no Simplified Chinese parser (its `zh` locale is
 * Traditional Chinese and knows neither 上午 as a window nor 这周五之前), and its English results
 * follow different conventions (it reads "Friday" as the coming one even when today is Friday
 * and the window is still ahead, "morning" as 06:00, a bare "by 3" as 03:00, and yields instants
 * rather than half-open windows), so most of its output would be rewritten anyway. The rules
 * here are one table per language of words to (day, part of day, clock, modifier) pieces and one
 * resolver shared by both languages.
 */
import type { z } from 'zod';
import type { WindowSchema } from './types.js';

export type Window = z.infer<typeof WindowSchema>;

export interface TimeResult {
  readonly window: Window;
  /** Set when the stated times contradict each other (a weekday that does not match the date). */
  readonly contradiction?: string;
  /** Spans of the normalised text that carried time information, for highlighting. */
  readonly spans: [number, number][];
}

/** Local wall-clock instant: minutes since 1970-01-01 00:00 local, plus the offset to print. */
interface Now {
  readonly localMin: number;
  readonly offsetMin: number;
  readonly offsetText: string;
}

const NOW_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

/** Parses `now` (ISO 8601 with an offset); undefined when it is not one. */
export function parseNow(iso: string): Now | undefined {
  const m = NOW_RE.exec(iso.trim());
  if (!m) return undefined;
  // A match has every group but the seconds; the defaults only satisfy the type.
  const [, y = '', mo = '', d = '', h = '', mi = '', , off = 'Z'] = m;
  const ms = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi));
  const check = new Date(ms);
  if (check.getUTCDate() !== Number(d) || Number(h) > 23 || Number(mi) > 59) return undefined;
  let offsetMin = 0;
  let offsetText = 'Z';
  if (off !== 'Z') {
    const om = /^([+-])(\d{2}):?(\d{2})$/.exec(off);
    if (!om) return undefined;
    const [, sign, oh = '', omin = ''] = om;
    offsetMin = (sign === '-' ? -1 : 1) * (Number(oh) * 60 + Number(omin));
    if (Math.abs(offsetMin) > 14 * 60) return undefined;
    offsetText = `${sign}${oh}:${omin}`;
  }
  return { localMin: Math.floor(ms / 60000), offsetMin, offsetText };
}

const DAY = 1440;
const pad = (n: number) => String(n).padStart(2, '0');

export function formatLocal(localMin: number, now: Now): string {
  const d = new Date(localMin * 60000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:00${now.offsetText}`;
}

const dayStart = (localMin: number) => Math.floor(localMin / DAY) * DAY;
/** 1 = Monday … 7 = Sunday */
const weekday = (localMin: number) => ((Math.floor(localMin / DAY) + 3) % 7) + 1;
const dateMin = (y: number, m: number, d: number) => Date.UTC(y, m - 1, d) / 60000;

type Part = 'early' | 'morning' | 'noon' | 'afternoon' | 'evening' | 'overnight';
const PARTS: Record<Part, [number, number]> = {
  early: [360, 540],
  morning: [480, 720],
  noon: [660, 780],
  afternoon: [780, 1080],
  evening: [1080, 1320],
  overnight: [1320, 1800],
};

type DayRef =
  | { kind: 'rel'; days: number }
  | { kind: 'weekday'; wd: number; week: 'next-occurrence' | 'this' | 'next' }
  | { kind: 'date'; month: number; day: number; year?: number }
  | { kind: 'dom'; day: number }
  | { kind: 'month-end' };

interface Clock {
  h: number;
  m: number;
  ampm?: 'am' | 'pm';
}

interface Pieces {
  days: DayRef[];
  part?: Part;
  clocks: Clock[];
  range: boolean;
  deadline: boolean;
  after: boolean;
  around: boolean;
  asap: boolean;
  spans: [number, number][];
}

const CN_DIGIT = '零〇一二两三四五六七八九十';
const cnNum = (s: string): number => {
  if (/^\d+$/.test(s)) return Number(s);
  const d: Record<string, number> = {
    零: 0,
    〇: 0,
    一: 1,
    二: 2,
    两: 2,
    三: 3,
    四: 4,
    五: 5,
    六: 6,
    七: 7,
    八: 8,
    九: 9,
  };
  if (s === '十') return 10;
  const t = s.indexOf('十');
  if (t >= 0)
    return (
      (t === 0 ? 1 : (d[s[0] as string] ?? 0)) * 10 + (t === s.length - 1 ? 0 : (d[s[t + 1] as string] ?? 0))
    );
  return [...s].reduce((a, c) => a * 10 + (d[c] ?? 0), 0);
};
const N = `(?:\\d{1,2}|[${CN_DIGIT}]{1,3})`;
const WD_CN: Record<string, number> = {
  一: 1,
  二: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  日: 7,
  天: 7,
  '1': 1,
  '2': 2,
  '3': 3,
  '4': 4,
  '5': 5,
  '6': 6,
  '7': 7,
};
const WD_EN: [RegExp, number][] = [
  [/^mon(day)?$/, 1],
  [/^tue(s|sday)?$/, 2],
  [/^wed(s|nesday)?$/, 3],
  [/^thu(r|rs|rsday)?$/, 4],
  [/^fri(day)?$/, 5],
  [/^sat(urday)?$/, 6],
  [/^sun(day)?$/, 7],
];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

function emptyPieces(): Pieces {
  return {
    days: [],
    clocks: [],
    range: false,
    deadline: false,
    after: false,
    around: false,
    asap: false,
    spans: [],
  };
}

function scan(text: string, re: RegExp, p: Pieces, fn: (m: RegExpExecArray) => void): void {
  for (const m of text.matchAll(re)) {
    fn(m as RegExpExecArray);
    p.spans.push([m.index as number, (m.index as number) + m[0].length]);
  }
}

function zhPieces(t: string, p: Pieces): void {
  scan(t, /大后天/g, p, () => p.days.push({ kind: 'rel', days: 3 }));
  scan(t, /(?<!大)后天/g, p, () => p.days.push({ kind: 'rel', days: 2 }));
  scan(t, /明天|明日|明儿|明早|明晚/g, p, (m) => {
    p.days.push({ kind: 'rel', days: 1 });
    if (m[0] === '明早') p.part = 'early';
    if (m[0] === '明晚') p.part = 'evening';
  });
  scan(t, /今天|今日|今儿|今晚|今早/g, p, (m) => {
    p.days.push({ kind: 'rel', days: 0 });
    if (m[0] === '今晚') p.part = 'evening';
    if (m[0] === '今早') p.part = 'early';
  });
  scan(t, /(这|本|下)?(?:个)?(?:周|星期|礼拜)([一二三四五六日天1-7])/g, p, (m) => {
    const week = m[1] === '下' ? 'next' : m[1] ? 'this' : 'next-occurrence';
    p.days.push({ kind: 'weekday', wd: WD_CN[m[2] as string] as number, week });
  });
  scan(t, new RegExp(`(${N})月(${N})[日号]?`, 'g'), p, (m) =>
    p.days.push({ kind: 'date', month: cnNum(m[1] as string), day: cnNum(m[2] as string) }),
  );
  scan(
    t,
    new RegExp(`(?<![月\\d路街巷弄道号栋座楼])(${N})[号日](?![楼地田棚院线门库仓机区块栋座])`, 'g'),
    p,
    (m) => {
      const d = cnNum(m[1] as string);
      if (d >= 1 && d <= 31) p.days.push({ kind: 'dom', day: d });
    },
  );
  scan(t, /平安夜/g, p, () => p.days.push({ kind: 'date', month: 12, day: 24 }));
  scan(t, /圣诞节?/g, p, () => p.days.push({ kind: 'date', month: 12, day: 25 }));
  scan(t, /元旦/g, p, () => p.days.push({ kind: 'date', month: 1, day: 1 }));
  scan(t, /月底/g, p, () => p.days.push({ kind: 'month-end' }));
  const parts: [RegExp, Part][] = [
    [/早上|一早|清早|早晨|大早/g, 'early'],
    [/上午/g, 'morning'],
    [/中午/g, 'noon'],
    [/下午/g, 'afternoon'],
    [/晚上|傍晚|晚间|今晚|明晚/g, 'evening'],
    [/夜里|夜间|半夜/g, 'overnight'],
  ];
  for (const [re, part] of parts) scan(t, re, p, () => (p.part = part));
  const clock = `(${N})(?:[点时:：](?:(半|一刻|三刻|${N}|\\d{2})分?)?)`;
  const clockRe = new RegExp(`(?:${N}|\\d{1,2})(?:[点时]|:\\d{2})(?:半|一刻|三刻|(?:${N}|\\d{2})分?)?`, 'g');
  // ranges: 9点到11点, 9-11点, 上午9点至11点半
  const rangeRe = new RegExp(
    `(${N})(?:[点时:：](?:半|一刻|三刻|(?:${N}|\\d{2})分?)?)?\\s*(?:到|至|-|~|—|－)\\s*(?:(?:上午|下午|晚上|中午))?(${N})[点时:：]`,
    'g',
  );
  if (rangeRe.test(t)) p.range = true;
  scan(t, clockRe, p, (m) => {
    const c = new RegExp(`^${clock}$`).exec(m[0]) ?? /^(\d{1,2}):(\d{2})$/.exec(m[0]);
    if (!c) return;
    const mm = c[2] === '半' ? 30 : c[2] === '一刻' ? 15 : c[2] === '三刻' ? 45 : c[2] ? cnNum(c[2]) : 0;
    p.clocks.push({ h: cnNum(c[1] as string), m: mm });
  });
  // the first number of "9-11点" carries no 点
  if (p.range && p.clocks.length === 1) {
    const m = new RegExp(`(${N})\\s*(?:到|至|-|~|—|－)\\s*(?:上午|下午|晚上)?(${N})[点时]`).exec(t);
    if (m) p.clocks.unshift({ h: cnNum(m[1] as string), m: 0 });
  }
  scan(t, /凌晨/g, p, () => {
    for (const c of p.clocks) c.ampm = 'am';
  });
  if (/(之前|以前|前(?![后台门面厅天院])|截止|为止|之内|以内|最晚|不晚于|不要晚于)/.test(t))
    p.deadline = true;
  if (/(之后|以后|过后|[点时半]后|后再|起送)/.test(t.replace(/后天/g, ''))) p.after = true;
  if (/(左右|前后|大概|大约)/.test(t)) p.around = true;
  if (/(马上|尽快|急|立刻|立即|赶紧|越快越好|加急)/.test(t)) p.asap = true;
  if (p.part === 'noon' && p.clocks.length === 0 && /中午12点|中午十二点/.test(t))
    p.clocks.push({ h: 12, m: 0 });
}

function enPieces(t: string, p: Pieces): void {
  scan(t, /\bday after tomorrow\b/g, p, () => p.days.push({ kind: 'rel', days: 2 }));
  scan(t, /\b(tomorrow|tmrw|tmr|tomoz|tmw)\b(?! week)/g, p, (m) => {
    if (!/after $/.test(t.slice(0, m.index))) p.days.push({ kind: 'rel', days: 1 });
  });
  scan(t, /\btoday\b|\btonight\b|\bthis (?=morning|afternoon|arvo|evening)/g, p, (m) => {
    p.days.push({ kind: 'rel', days: 0 });
    if (m[0] === 'tonight') p.part = 'evening';
  });
  scan(
    t,
    /\b(this |next )?(mon|monday|tue|tues|tuesday|wed|weds|wednesday|thu|thur|thurs|thursday|fri|friday|sat|saturday|sun|sunday)\b/g,
    p,
    (m) => {
      const w = WD_EN.find(([re]) => re.test(m[2] as string));
      if (!w) return;
      const week = m[1] === 'next ' ? 'next' : m[1] === 'this ' ? 'this' : 'next-occurrence';
      p.days.push({ kind: 'weekday', wd: w[1], week });
    },
  );
  const monthRe = '(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\\.?';
  scan(t, new RegExp(`\\b${monthRe}\\s+(\\d{1,2})(?:st|nd|rd|th)?\\b`, 'g'), p, (m) =>
    p.days.push({ kind: 'date', month: MONTHS.indexOf((m[1] as string).slice(0, 3)) + 1, day: Number(m[2]) }),
  );
  scan(t, new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?\\s+(?:of\\s+)?${monthRe}(?![a-z])`, 'g'), p, (m) =>
    p.days.push({ kind: 'date', month: MONTHS.indexOf((m[2] as string).slice(0, 3)) + 1, day: Number(m[1]) }),
  );
  scan(t, /\bthe (\d{1,2})(st|nd|rd|th)\b(?! of| floor| level)/g, p, (m) => {
    if (!new RegExp(`the ${m[1]}${m[2]}\\s+(?:of\\s+)?${monthRe}`).test(t))
      p.days.push({ kind: 'dom', day: Number(m[1]) });
  });
  scan(t, /\bchristmas eve\b/g, p, () => p.days.push({ kind: 'date', month: 12, day: 24 }));
  scan(t, /\b(christmas|xmas)(?! eve)( day)?\b/g, p, () => p.days.push({ kind: 'date', month: 12, day: 25 }));
  scan(t, /\bnew year'?s eve\b|\bnye\b/g, p, () => p.days.push({ kind: 'date', month: 12, day: 31 }));
  scan(t, /\bnew year'?s( day)?\b(?! eve)/g, p, () => p.days.push({ kind: 'date', month: 1, day: 1 }));
  scan(t, /\b(end of (the )?month|month end|eom)\b/g, p, () => p.days.push({ kind: 'month-end' }));
  const parts: [RegExp, Part][] = [
    [/\b(early morning|first thing)\b/g, 'early'],
    [/\b(?<!early )morning\b/g, 'morning'],
    [/\b(afternoon|arvo)\b/g, 'afternoon'],
    [/\b(evening|(?<!over)night)\b/g, 'evening'],
    [/\b(lunch ?time|lunch)\b/g, 'noon'],
    [/\b(overnight)\b/g, 'overnight'],
  ];
  for (const [re, part] of parts) scan(t, re, p, () => (p.part = part));
  scan(t, /\b(noon|midday)\b/g, p, () => p.clocks.push({ h: 12, m: 0 }));
  scan(t, /\b(eod|end of (the )?day|cob|close of business)\b/g, p, () => p.clocks.push({ h: 17, m: 0 }));
  scan(t, /\bmidnight\b/g, p, () => p.clocks.push({ h: 24, m: 0 }));
  // 2-4pm, 9am to 11am, between 9 and 11
  const range =
    /\b(?:between\s+)?(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?\s*(?:-|–|to|until|till|and)\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)/.exec(
      t,
    ) ?? /\bbetween\s+(\d{1,2})(?::(\d{2}))?\s*(am|pm)?\s*and\s*(\d{1,2})(?::(\d{2}))?\s*(am|pm)?/.exec(t);
  if (range) {
    p.range = true;
    const ap2 = range[6]?.startsWith('p') ? 'pm' : range[6]?.startsWith('a') ? 'am' : undefined;
    const ap1 = range[3]?.startsWith('p')
      ? 'pm'
      : range[3]?.startsWith('a')
        ? 'am'
        : ap2 && Number(range[1]) <= Number(range[4])
          ? ap2
          : undefined;
    p.clocks.push({ h: Number(range[1]), m: Number(range[2] ?? 0), ...(ap1 ? { ampm: ap1 } : {}) });
    p.clocks.push({ h: Number(range[4]), m: Number(range[5] ?? 0), ...(ap2 ? { ampm: ap2 } : {}) });
    p.spans.push([range.index, range.index + range[0].length]);
  } else {
    scan(t, /\b(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)(?![a-z])/g, p, (m) =>
      p.clocks.push({
        h: Number(m[1]),
        m: Number(m[2] ?? 0),
        ampm: (m[3] as string).startsWith('p') ? 'pm' : 'am',
      }),
    );
    if (!p.clocks.length)
      scan(
        t,
        /\b(?:at|by|before|after|around|about|b4|from|gone by|til|till|until)\s+(\d{1,2})(?::(\d{2}))?(?!\d|:|\s*(?:st|nd|rd|th|kg|t\b|tonnes|cases|pallets|boxes|bags|%|mm|ha|h\b))/g,
        p,
        (m) => p.clocks.push({ h: Number(m[1]), m: Number(m[2] ?? 0) }),
      );
    if (!p.clocks.length)
      scan(t, /\b(\d{1,2}):(\d{2})\b/g, p, (m) => p.clocks.push({ h: Number(m[1]), m: Number(m[2]) }));
    scan(t, /\b(\d{1,2})ish\b/g, p, (m) => {
      p.clocks.push({ h: Number(m[1]), m: 0 });
      p.around = true;
    });
  }
  if (/\b(by|before|b4|no later than|latest|until|till|til|gone by|within)\b/.test(t)) p.deadline = true;
  if (/\b(after|from \d|onwards|not before)\b/.test(t) && !/\bday after tomorrow\b/.test(t)) p.after = true;
  if (/\b(around|about|approx|approximately|roughly)\b|~\s*\d/.test(t)) p.around = true;
  if (/\b(asap|urgent|urgently|immediately|right away|right now|straight away|rush)\b/.test(t)) p.asap = true;
}

/** Hour on the 24-hour clock of a clock read with the part of the day and the bare-hour rule. */
function hour24(c: Clock, part: Part | undefined): number {
  const h = c.h;
  if (h >= 13 || h === 0) return h;
  if (c.ampm === 'am') return h === 12 ? 0 : h;
  if (c.ampm === 'pm') return h === 12 ? 12 : h + 12;
  if (part === 'afternoon' || part === 'evening') return h === 12 ? 12 : h + 12;
  if (part === 'overnight') return h >= 7 ? h + 12 : h;
  if (part === 'morning' || part === 'early' || part === 'noon') return h;
  if (h >= 7 && h <= 12) return h;
  if (h >= 1 && h <= 6) return h + 12;
  return h;
}

function resolveDay(ref: DayRef, now: Now): number | { monthEnd: number } {
  const today = dayStart(now.localMin);
  const nd = new Date(today * 60000);
  const y = nd.getUTCFullYear();
  const mo = nd.getUTCMonth() + 1;
  switch (ref.kind) {
    case 'rel':
      return today + ref.days * DAY;
    case 'weekday': {
      const wd = weekday(today);
      if (ref.week === 'this') return today + (ref.wd - wd) * DAY;
      if (ref.week === 'next') return today + (7 - wd + ref.wd) * DAY;
      return today + ((ref.wd - wd + 7) % 7) * DAY;
    }
    case 'date': {
      const year = ref.year ?? (ref.month < mo ? y + 1 : y);
      return dateMin(year, ref.month, ref.day);
    }
    case 'dom':
      return dateMin(y, mo, ref.day);
    case 'month-end':
      return { monthEnd: dateMin(mo === 12 ? y + 1 : y, mo === 12 ? 1 : mo + 1, 1) };
  }
}

export function timeWindow(normText: string, now: Now, lang: 'zh' | 'en'): TimeResult {
  const p = emptyPieces();
  if (lang === 'zh') zhPieces(normText, p);
  else enPieces(normText.toLowerCase(), p);
  // one day reference; a date and a weekday (or relative day) must agree
  let contradiction: string | undefined;
  const explicit = p.days.filter((d) => d.kind === 'date' || d.kind === 'rel' || d.kind === 'dom');
  const weekdays = p.days.filter((d): d is Extract<DayRef, { kind: 'weekday' }> => d.kind === 'weekday');
  const monthEnd = p.days.find((d) => d.kind === 'month-end');
  let day: number | undefined;
  let plainWeekday: number | undefined;
  if (explicit.length) {
    const days = [...new Set(explicit.map((d) => resolveDay(d, now) as number))];
    if (days.length > 1) contradiction = 'two different dates are given';
    day = days[0];
    for (const w of weekdays)
      if (day !== undefined && weekday(day) !== w.wd && w.week === 'next-occurrence')
        contradiction = `the date ${formatLocal(day, now).slice(0, 10)} is not the weekday that is named`;
  } else if (weekdays.length) {
    const w = weekdays[0] as Extract<DayRef, { kind: 'weekday' }>;
    day = resolveDay(w, now) as number;
    if (w.week === 'next-occurrence') plainWeekday = day;
  }
  const spans = p.spans;
  if (contradiction) return { window: { start: null, end: null }, contradiction, spans };
  const fmt = (m: number | null) => (m === null ? null : formatLocal(m, now));

  const compute = (d: number | undefined): [number | null, number | null] => {
    const base = d ?? dayStart(now.localMin);
    if (monthEnd && !p.clocks.length)
      return [null, (resolveDay(monthEnd, now) as { monthEnd: number }).monthEnd];
    if (p.clocks.length) {
      const mins = p.clocks.map((c) => {
        let h = hour24(c, p.part);
        // "tonight … 2am" is early next morning
        let extra = 0;
        if ((p.part === 'evening' || p.part === 'overnight') && h < 6) extra = DAY;
        if (h === 24) {
          h = 0;
          extra = DAY;
        }
        return base + extra + h * 60 + c.m;
      });
      const c0 = mins[0] as number;
      if (p.range && mins.length >= 2) {
        let c1 = mins[1] as number;
        if (c1 <= c0) c1 += c1 + 720 > c0 && c1 + 720 - c0 < 720 ? 720 : DAY;
        return [c0, c1];
      }
      const c = p.deadline ? (mins[mins.length - 1] as number) : c0;
      if (p.around) return [c - 30, c + 30];
      if (p.asap) return [now.localMin, c];
      if (p.deadline) return [null, c];
      if (p.after) return [c, null];
      return [c, c];
    }
    if (p.part) {
      const [a, b] = PARTS[p.part];
      if (p.deadline) return [null, base + a];
      if (p.after) return [base + b, null];
      return [base + a, base + b];
    }
    if (d !== undefined) {
      if (p.deadline) return [null, d + DAY];
      if (p.after) return [d + DAY, null];
      return [d, d + DAY];
    }
    return [null, null];
  };

  if (p.asap && !(p.clocks.length || (p.deadline && (day !== undefined || monthEnd)))) {
    return { window: { start: fmt(now.localMin), end: null }, spans };
  }
  if (!p.clocks.length && !p.part && day === undefined && !monthEnd)
    return { window: { start: null, end: null }, spans };
  let [s, e] = compute(day);
  if (plainWeekday !== undefined && plainWeekday === dayStart(now.localMin)) {
    const key = e ?? s;
    if (key !== null && key <= now.localMin) [s, e] = compute(plainWeekday + 7 * DAY);
  }
  if (p.asap && s === null) s = now.localMin;
  return { window: { start: fmt(s), end: fmt(e) }, spans };
}
