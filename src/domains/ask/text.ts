/**
 * Text helpers of the instruction parser: NFKC normalisation that remembers where each
 * normalised character came from (the contract copies `address.text` exactly from the input while
 * every other part is read from the half-width form), and Chinese numerals.
 *
 * Hand-written: the registry's Chinese-numeral packages handle either pure numerals or digits,
 * not the mixed forms dispatchers type (3万, 1.5万, 一千五, 两百零五), and are a few lines each.
 */

export interface NormText {
  /** NFKC form of the input. */
  readonly text: string;
  /** For each UTF-16 unit of `text`, its start offset in the original string; one extra entry for the end. */
  readonly origin: readonly number[];
  readonly original: string;
}

export function normalise(original: string): NormText {
  let text = '';
  const origin: number[] = [];
  let i = 0;
  for (const ch of original) {
    const n = ch.normalize('NFKC');
    for (let k = 0; k < n.length; k++) origin.push(i);
    text += n;
    i += ch.length;
  }
  origin.push(original.length);
  return { text, origin, original };
}

/** The original text of the normalised span [from, to). */
export function originalSpan(n: NormText, from: number, to: number): string {
  const a = n.origin[from] ?? n.original.length;
  // the end is the start of the next original character after the last normalised one
  let b = n.original.length;
  for (let k = to; k < n.origin.length; k++) {
    const o = n.origin[k] as number;
    if (o > (n.origin[to - 1] ?? a)) {
      b = o;
      break;
    }
  }
  return n.original.slice(a, b);
}

const DIGIT: Record<string, number> = {
  零: 0,
  〇: 0,
  一: 1,
  壹: 1,
  二: 2,
  贰: 2,
  两: 2,
  俩: 2,
  三: 3,
  叁: 3,
  仨: 3,
  四: 4,
  肆: 4,
  五: 5,
  伍: 5,
  六: 6,
  陆: 6,
  七: 7,
  柒: 7,
  八: 8,
  捌: 8,
  九: 9,
  玖: 9,
};
const SMALL: Record<string, number> = { 十: 10, 拾: 10, 百: 100, 佰: 100, 千: 1000, 仟: 1000 };
const BIG: Record<string, number> = { 万: 1e4, 萬: 1e4, 亿: 1e8 };

/** Characters a Chinese or mixed numeral is made of (after NFKC). */
export const NUM_CHARS = '0-9.零〇一壹二贰两俩三叁仨四肆五伍六陆七柒八捌九玖十拾百佰千仟万萬亿半';
export const NUM_RE_SRC = `[${NUM_CHARS}]+`;

/**
 * Value of a numeral such as 三十, 两, 一千五百, 一千五 (=1500), 3万, 1.5万, 二十五, 105, 一百零五;
 * undefined when it is not one.
 */
export function parseNumber(s: string): number | undefined {
  if (!s) return undefined;
  if (/^\d+(\.\d+)?$/.test(s)) return Number(s);
  if (s === '半') return 0.5;
  // digits followed by 万/千… (3万, 1.5千)
  const m = /^(\d+(?:\.\d+)?)([十百千万亿])$/.exec(s);
  if (m) return Number(m[1]) * ((SMALL[m[2] as string] ?? BIG[m[2] as string]) as number);
  let total = 0;
  let section = 0;
  let digit: number | undefined;
  let lastUnit = 0;
  for (const ch of s) {
    if (ch in DIGIT) {
      if (digit !== undefined) {
        // 二零二六-style digit strings
        digit = digit * 10 + (DIGIT[ch] as number);
      } else digit = DIGIT[ch] as number;
      continue;
    }
    if (/\d/.test(ch)) {
      digit = (digit ?? 0) * 10 + Number(ch);
      continue;
    }
    const small = SMALL[ch];
    if (small !== undefined) {
      section += (digit ?? 1) * small;
      digit = undefined;
      lastUnit = small;
      continue;
    }
    const big = BIG[ch];
    if (big !== undefined) {
      total += (section + (digit ?? 0)) * big;
      section = 0;
      digit = undefined;
      lastUnit = big;
      continue;
    }
    return undefined;
  }
  if (digit !== undefined) {
    // 一千五 = 1500: a trailing bare digit counts in the unit below the last one
    const prevWasUnit = lastUnit >= 100 && !/[零〇]/.test(s.slice(-2, -1)) && !/\d$/.test(s.slice(0, -1));
    section += prevWasUnit ? digit * (lastUnit >= 1e4 ? lastUnit / 10 : lastUnit / 10) : digit;
  }
  return total + section;
}
