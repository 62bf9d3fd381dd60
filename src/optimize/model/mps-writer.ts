import { XinzhiError } from '../../core/index.js';
import type { LinearProgram } from './program.js';

export interface MpsWriteOptions {
  /** `free` (default) or `fixed` (names of at most 8 characters, inner spaces allowed, values in 12 columns). */
  readonly format?: 'free' | 'fixed';
}

/**
 * Numbers are written with JavaScript's shortest round-trip form, so reading the file back gives
 * the same doubles bit for bit. Fixed MPS has 12 columns for a value; a value that does not fit
 * there is an error rather than a silent rounding.
 */
const num = (v: number, fixed: boolean): string => {
  const s = String(v);
  if (fixed && s.length > 12)
    throw new XinzhiError('BAD_INPUT', `value ${s} does not fit the 12 columns of fixed MPS; write free MPS`);
  return s;
};

/** Writes a program as MPS text (free by default). Reading it back with `readMps` gives the same program. */
export function writeMps(p: LinearProgram, options: MpsWriteOptions = {}): string {
  const fixed = options.format === 'fixed';
  for (const n of [...p.colNames, ...p.rowNames, p.objectiveName]) {
    // Fixed MPS finds names by column position, so inner spaces (`DEDO3 11`) are valid there.
    const invalid = fixed ? n.trim() !== n || /[\t\r\n]/.test(n) : /\s/.test(n);
    if (invalid || n === '')
      throw new XinzhiError(
        'BAD_INPUT',
        `name '${n}' is empty or contains white space: not valid in ${fixed ? 'fixed' : 'free'} MPS`,
        { field: n },
      );
    if (fixed && n.length > 8)
      throw new XinzhiError('BAD_INPUT', `name '${n}' is longer than 8 characters: use free MPS`, {
        field: n,
      });
  }
  const line = (f1: string, f2: string, f3 = '', f4 = '', f5 = '', f6 = ''): string => {
    if (!fixed) return ` ${[f1, f2, f3, f4, f5, f6].filter((x) => x !== '').join(' ')}`;
    return ` ${f1.padEnd(2)} ${f2.padEnd(8)}  ${f3.padEnd(8)}  ${f4.padStart(12)}   ${f5.padEnd(8)}  ${f6.padStart(12)}`.trimEnd();
  };
  const out: string[] = [`NAME          ${p.name || 'model'}`];
  if (p.sense === 'maximize') out.push('OBJSENSE', '    MAX');
  out.push('ROWS', line('N', p.objectiveName || 'obj'));
  const obj = p.objectiveName || 'obj';
  const m = p.rowNames.length;
  const type: string[] = [];
  for (let i = 0; i < m; i++) {
    const lo = p.rowLower[i] ?? 0;
    const hi = p.rowUpper[i] ?? 0;
    const t =
      lo === hi ? 'E' : lo === Number.NEGATIVE_INFINITY ? (hi === Number.POSITIVE_INFINITY ? 'N' : 'L') : 'G';
    type.push(t);
    out.push(line(t, p.rowNames[i] ?? ''));
  }
  // CSR to columns.
  const n = p.colNames.length;
  const byCol: [number, number][][] = Array.from({ length: n }, () => []);
  for (let i = 0; i < m; i++) {
    for (let k = p.rowStart[i] ?? 0; k < (p.rowStart[i + 1] ?? 0); k++)
      byCol[p.rowIndex[k] ?? 0]?.push([i, p.rowValue[k] ?? 0]);
  }
  out.push('COLUMNS');
  let inInt = false;
  let marker = 0;
  for (let j = 0; j < n; j++) {
    const integer = p.colInteger[j] === true;
    if (integer !== inInt) {
      out.push(line('', `M${marker++}`, "'MARKER'", '', integer ? "'INTORG'" : "'INTEND'"));
      inInt = integer;
    }
    const name = p.colNames[j] ?? '';
    const entries: [string, number][] = [];
    const c = p.colCost[j] ?? 0;
    if (c !== 0) entries.push([obj, c]);
    for (const [i, v] of byCol[j] ?? []) entries.push([p.rowNames[i] ?? '', v]);
    // A column with no entries would vanish: keep it with an explicit zero objective entry.
    if (entries.length === 0) entries.push([obj, 0]);
    for (const [r, v] of entries) out.push(line('', name, r, num(v, fixed)));
  }
  if (inInt) out.push(line('', `M${marker}`, "'MARKER'", '', "'INTEND'"));
  out.push('RHS');
  if (p.offset !== 0) out.push(line('', 'RHS', obj, num(-p.offset, fixed)));
  const ranges: string[] = [];
  for (let i = 0; i < m; i++) {
    const lo = p.rowLower[i] ?? 0;
    const hi = p.rowUpper[i] ?? 0;
    const t = type[i];
    const b = t === 'L' ? hi : t === 'N' ? 0 : lo;
    if (b !== 0) out.push(line('', 'RHS', p.rowNames[i] ?? '', num(b, fixed)));
    if (t === 'G' && hi !== Number.POSITIVE_INFINITY)
      ranges.push(line('', 'RNG', p.rowNames[i] ?? '', num(hi - lo, fixed)));
  }
  if (ranges.length > 0) out.push('RANGES', ...ranges);
  const bounds: string[] = [];
  for (let j = 0; j < n; j++) {
    const name = p.colNames[j] ?? '';
    const lo = p.colLower[j] ?? 0;
    const hi = p.colUpper[j] ?? 0;
    const integer = p.colInteger[j] === true;
    const b = (t: string, v?: number): void => {
      bounds.push(line(t, 'BND', name, v === undefined ? '' : num(v, fixed)));
    };
    if (lo === hi) b('FX', lo);
    else if (integer && lo === 0 && hi === 1) b('BV');
    else if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) b('FR');
    else {
      // UP before LO: a negative UP on a default lower bound would otherwise make it −∞.
      if (hi !== Number.POSITIVE_INFINITY) b('UP', hi);
      else if (integer) b('PL');
      if (lo === Number.NEGATIVE_INFINITY) b('MI');
      else if (lo !== 0 || hi < 0 || integer) b('LO', lo);
    }
  }
  if (bounds.length > 0) out.push('BOUNDS', ...bounds);
  out.push('ENDATA');
  return `${out.join('\n')}\n`;
}
