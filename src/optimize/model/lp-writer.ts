import { XinzhiError } from '../../core/index.js';
import { lpNameProblem } from './lp-format.js';
import type { LinearProgram } from './program.js';

/** Lines are wrapped well below CPLEX's 560-character limit. */
const WRAP = 200;

/** Shortest round-trip decimal: reading it back gives the same double. */
const num = (v: number): string =>
  v === Number.POSITIVE_INFINITY ? '+inf' : v === Number.NEGATIVE_INFINITY ? '-inf' : String(v);

function terms(indices: readonly number[], values: readonly number[], names: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < indices.length; k++) {
    const v = values[k] ?? 0;
    if (v === 0) continue;
    const name = names[indices[k] ?? 0] ?? '';
    const sign = v < 0 ? '-' : '+';
    const a = Math.abs(v);
    const body = a === 1 ? name : `${num(a)} ${name}`;
    out.push(out.length === 0 && sign === '+' ? body : `${sign} ${body}`);
  }
  return out;
}

function wrap(prefix: string, parts: readonly string[], suffix: string): string[] {
  const lines: string[] = [];
  let cur = prefix;
  for (const p of [...parts, suffix].filter((x) => x !== '')) {
    if (cur.length + p.length + 1 > WRAP && cur.trim() !== '') {
      lines.push(cur);
      cur = `   ${p}`;
    } else cur = cur.endsWith(' ') || cur === '' ? cur + p : `${cur} ${p}`;
  }
  lines.push(cur);
  return lines;
}

/**
 * Writes a program in CPLEX LP format. Names must be valid LP names (see `lpNameProblem`); a bad
 * one is an error naming it, because renaming silently would break the link to the results.
 */
export function writeLp(p: LinearProgram): string {
  const bad: string[] = [];
  for (const n of [...p.colNames, ...p.rowNames, p.objectiveName || 'obj']) {
    const why = lpNameProblem(n);
    if (why && bad.length < 5) bad.push(`'${n}' ${why}`);
  }
  if (bad.length > 0)
    throw new XinzhiError('BAD_INPUT', `cannot write LP: ${bad.join('; ')}`, { field: bad[0] ?? '' });
  const out: string[] = [
    `\\ Problem name: ${p.name || 'model'}`,
    '',
    p.sense === 'maximize' ? 'Maximize' : 'Minimize',
  ];
  const objIdx: number[] = [];
  const objVal: number[] = [];
  p.colCost.forEach((c, j) => {
    if (c !== 0) {
      objIdx.push(j);
      objVal.push(c);
    }
  });
  const objTerms = terms(objIdx, objVal, p.colNames);
  const offset = p.offset === 0 ? '' : `${p.offset < 0 || objTerms.length === 0 ? '' : '+ '}${num(p.offset)}`;
  out.push(...wrap(` ${p.objectiveName || 'obj'}: `, objTerms, offset));
  out.push('Subject To');
  for (let i = 0; i < p.rowNames.length; i++) {
    const s = p.rowStart[i] ?? 0;
    const e = p.rowStart[i + 1] ?? 0;
    const t = terms(p.rowIndex.slice(s, e), p.rowValue.slice(s, e), p.colNames);
    const lo = p.rowLower[i] ?? 0;
    const hi = p.rowUpper[i] ?? 0;
    const body = t.length > 0 ? t : ['0 ' + (p.colNames[0] ?? '')];
    const name = p.rowNames[i] ?? '';
    if (lo === hi) out.push(...wrap(` ${name}: `, body, `= ${num(hi)}`));
    else if (lo === Number.NEGATIVE_INFINITY) out.push(...wrap(` ${name}: `, body, `<= ${num(hi)}`));
    else if (hi === Number.POSITIVE_INFINITY) out.push(...wrap(` ${name}: `, body, `>= ${num(lo)}`));
    else out.push(...wrap(` ${name}: ${num(lo)} <= `, body, `<= ${num(hi)}`));
  }
  const bounds: string[] = [];
  const generals: string[] = [];
  const binaries: string[] = [];
  for (let j = 0; j < p.colNames.length; j++) {
    const n = p.colNames[j] ?? '';
    const lo = p.colLower[j] ?? 0;
    const hi = p.colUpper[j] ?? 0;
    if (p.colInteger[j]) {
      if (lo === 0 && hi === 1) {
        binaries.push(n);
        continue;
      }
      generals.push(n);
    }
    if (lo === hi) bounds.push(` ${n} = ${num(lo)}`);
    else if (lo === Number.NEGATIVE_INFINITY && hi === Number.POSITIVE_INFINITY) bounds.push(` ${n} free`);
    else if (hi === Number.POSITIVE_INFINITY) {
      if (lo !== 0) bounds.push(` ${n} >= ${num(lo)}`);
    } else bounds.push(` ${num(lo)} <= ${n} <= ${num(hi)}`);
  }
  if (bounds.length > 0) out.push('Bounds', ...bounds);
  if (generals.length > 0) out.push('Generals', ...wrap(' ', generals, ''));
  if (binaries.length > 0) out.push('Binaries', ...wrap(' ', binaries, ''));
  out.push('End', '');
  return out.join('\n');
}
