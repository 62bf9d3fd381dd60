/**
 * CPLEX LP format reader into a {@link LinearProgram}: objective (with an optional constant),
 * `Subject To` with `<=`, `>=`, `=` and ranged rows `lo <= expr <= hi`, `Bounds` (including
 * `free` and `±inf`), `Generals`/`Integers` and `Binaries`. Quadratic terms, SOS and
 * semi-continuous sections are reported as unsupported. Hand-written: the format is small and we
 * need every problem listed with its line, which handing the text to HiGHS does not give.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import type { LinearProgram } from './program.js';

type Tok = {
  readonly t: 'num' | 'name' | 'op' | 'colon' | 'sign' | 'other';
  readonly v: string;
  readonly line: number;
};

const TOKEN =
  /\s*(<=|>=|=<|=>|<|>|=|[+-]|:|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[A-Za-z_!"#$%&()/,.;?@`'{}|~][A-Za-z0-9_!"#$%&()/,.;?@`'{}|~]*|\S)/y;

type Section = 'none' | 'objective' | 'constraints' | 'bounds' | 'generals' | 'binaries' | 'end';

function sectionOf(
  line: string,
): { section: Section | 'unsupported'; rest: string; sense?: 'minimize' | 'maximize' } | undefined {
  const m =
    /^\s*(minimi[sz]e|minimum|min|maximi[sz]e|maximum|max|subject\s+to|such\s+that|st|s\.t\.|bounds?|generals?|gen|integers?|binar(?:y|ies)|bin|semi-continuous|semis?|sos[12]?|end)(?=\s|$|:)/i.exec(
      line,
    );
  if (!m) return undefined;
  const kw = (m[1] ?? '').toLowerCase();
  // `min: x + y` is a row named min, not a section (CPLEX treats it the same way).
  if (/^\s*:/.test(line.slice(m[0].length)) && !/^(minimi|maximi)/.test(kw)) return undefined;
  const rest = line.slice(m[0].length);
  if (/^min/.test(kw)) return { section: 'objective', rest, sense: 'minimize' };
  if (/^max/.test(kw)) return { section: 'objective', rest, sense: 'maximize' };
  if (/^(subject|such|st|s\.t\.)/.test(kw)) return { section: 'constraints', rest };
  if (/^bound/.test(kw)) return { section: 'bounds', rest };
  if (/^(gen|integer)/.test(kw)) return { section: 'generals', rest };
  if (/^bin/.test(kw)) return { section: 'binaries', rest };
  if (kw === 'end') return { section: 'end', rest };
  return { section: 'unsupported', rest };
}

function tokenize(text: string, line: number, out: Tok[], issues: Issue[]): void {
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) break;
    const v = m[1] ?? '';
    if (v === '') break;
    if (/^(<=|>=|=<|=>|<|>|=)$/.test(v))
      out.push({ t: 'op', v: v === '=<' ? '<=' : v === '=>' ? '>=' : v, line });
    else if (v === '+' || v === '-') out.push({ t: 'sign', v, line });
    else if (v === ':') out.push({ t: 'colon', v, line });
    else if (/^[\d.]/.test(v)) out.push({ t: 'num', v, line });
    else if (/^[A-Za-z_!"#$%&()/,;?@`'{}|~]/.test(v)) out.push({ t: 'name', v, line });
    else {
      issues.push({
        code: 'LP_SYNTAX',
        message: v === '[' ? 'quadratic terms are not supported' : `unexpected character '${v}'`,
        where: `line ${line}`,
      });
      out.push({ t: 'other', v, line });
    }
  }
}

const isInf = (t: Tok | undefined): boolean => t?.t === 'name' && /^(inf|infinity)$/i.test(t.v);

/** Reads CPLEX LP text; every problem found is reported with its line number. */
export function readLp(text: string): Result<LinearProgram> {
  const issues: Issue[] = [];
  const bad = (line: number, message: string): void => {
    if (issues.length < 50) issues.push({ code: 'LP_SYNTAX', message, where: `line ${line}` });
  };
  let sense: 'minimize' | 'maximize' = 'minimize';
  let name = '';
  const tokens: Record<Exclude<Section, 'none' | 'end'>, Tok[]> = {
    objective: [],
    constraints: [],
    bounds: [],
    generals: [],
    binaries: [],
  };
  let section: Section = 'none';
  let sawObjective = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const rawLine = lines[i] ?? '';
    const problem = /^\\\s*Problem name:\s*(.*)$/i.exec(rawLine);
    if (problem && name === '') name = (problem[1] ?? '').trim();
    const line = rawLine.replace(/\\.*$/, '');
    if (line.trim() === '') continue;
    const s = sectionOf(line);
    let rest = line;
    if (s) {
      if (s.section === 'unsupported') {
        bad(i + 1, `section '${line.trim()}' is not supported (semi-continuous and SOS)`);
        section = 'none';
        continue;
      }
      if (s.section === 'objective') {
        if (sawObjective) bad(i + 1, 'a second objective section');
        sawObjective = true;
        sense = s.sense ?? 'minimize';
      }
      if (s.section === 'end') break;
      section = s.section;
      rest = s.rest;
    }
    if (section === 'none') {
      bad(i + 1, `text before the objective section: '${line.trim()}'`);
      continue;
    }
    tokenize(rest, i + 1, tokens[section], issues);
  }
  if (!sawObjective) bad(1, 'no Minimize or Maximize section');

  const colIndex = new Map<string, number>();
  const colNames: string[] = [];
  const col = (n: string): number => {
    let j = colIndex.get(n);
    if (j === undefined) {
      j = colNames.length;
      colIndex.set(n, j);
      colNames.push(n);
    }
    return j;
  };

  /** Parses `[sign] [num] [name]` terms from `ts[pos]` until an operator or the end. */
  const parseExpr = (
    ts: Tok[],
    pos: number,
    stopAtNewName: boolean,
  ): { coeffs: Map<number, number>; constant: number; pos: number } => {
    const coeffs = new Map<number, number>();
    let constant = 0;
    let p = pos;
    let first = true;
    while (p < ts.length) {
      const t0 = ts[p];
      if (!t0 || t0.t === 'op') break;
      // A name followed by ':' starts the next row.
      if (t0.t === 'name' && ts[p + 1]?.t === 'colon' && stopAtNewName) break;
      let sign = 1;
      let sawSign = false;
      while (ts[p]?.t === 'sign') {
        if (ts[p]?.v === '-') sign = -sign;
        sawSign = true;
        p++;
      }
      if (!first && !sawSign) break;
      let coef = 1;
      const tn = ts[p];
      if (tn?.t === 'num') {
        coef = Number(tn.v);
        p++;
      } else if (isInf(tn)) {
        coef = Number.POSITIVE_INFINITY;
        p++;
      }
      const tv = ts[p];
      if (tv?.t === 'name' && !isInf(tv) && ts[p + 1]?.t !== 'colon') {
        const j = col(tv.v);
        coeffs.set(j, (coeffs.get(j) ?? 0) + sign * coef);
        p++;
      } else if (tn?.t === 'num' || isInf(tn)) {
        constant += sign * coef;
      } else {
        bad(
          tv?.line ?? ts[p - 1]?.line ?? 0,
          `expected a number or a variable, found '${tv?.v ?? 'end of section'}'`,
        );
        p++;
        break;
      }
      first = false;
    }
    return { coeffs, constant, pos: p };
  };

  const readNumber = (ts: Tok[], pos: number): { v: number; pos: number } | undefined => {
    let p = pos;
    let sign = 1;
    while (ts[p]?.t === 'sign') {
      if (ts[p]?.v === '-') sign = -sign;
      p++;
    }
    const t = ts[p];
    if (t?.t === 'num') return { v: sign * Number(t.v), pos: p + 1 };
    if (isInf(t)) return { v: sign * Number.POSITIVE_INFINITY, pos: p + 1 };
    return undefined;
  };

  // Objective.
  const ot = tokens.objective;
  let objectiveName = 'obj';
  let op = 0;
  if (ot[0]?.t === 'name' && ot[1]?.t === 'colon') {
    objectiveName = ot[0].v;
    op = 2;
  }
  const obj = parseExpr(ot, op, false);
  if (obj.pos < ot.length)
    bad(ot[obj.pos]?.line ?? 0, `unexpected '${ot[obj.pos]?.v ?? ''}' in the objective`);

  // Constraints.
  const rowNames: string[] = [];
  const rowLower: number[] = [];
  const rowUpper: number[] = [];
  const rows: Map<number, number>[] = [];
  const rowNameSet = new Set<string>();
  const ct = tokens.constraints;
  let p = 0;
  while (p < ct.length) {
    const start = ct[p];
    let rname = '';
    if (start?.t === 'name' && ct[p + 1]?.t === 'colon') {
      rname = start.v;
      p += 2;
    }
    const line = ct[p]?.line ?? start?.line ?? 0;
    let lower = Number.NEGATIVE_INFINITY;
    let upper = Number.POSITIVE_INFINITY;
    // Ranged row: number rel expr rel number.
    const lead = readNumber(ct, p);
    let ranged = false;
    if (lead && ct[lead.pos]?.t === 'op') {
      const rel = ct[lead.pos]?.v;
      if (rel === '<=' || rel === '<') lower = lead.v;
      else if (rel === '>=' || rel === '>') upper = lead.v;
      else {
        lower = lead.v;
        upper = lead.v;
      }
      p = lead.pos + 1;
      ranged = true;
    }
    const e = parseExpr(ct, p, true);
    p = e.pos;
    const relTok = ct[p];
    if (relTok?.t !== 'op') {
      if (!ranged) {
        bad(relTok?.line ?? line, `constraint ${rname || rowNames.length + 1} has no relation (<=, >= or =)`);
        // Skip to the next row name to keep finding problems.
        while (p < ct.length && !(ct[p]?.t === 'name' && ct[p + 1]?.t === 'colon')) p++;
        continue;
      }
    } else {
      const rhs = readNumber(ct, p + 1);
      if (!rhs) {
        bad(relTok.line, `constraint ${rname || rowNames.length + 1}: expected a number after '${relTok.v}'`);
        p += 1;
        while (p < ct.length && !(ct[p]?.t === 'name' && ct[p + 1]?.t === 'colon')) p++;
        continue;
      }
      p = rhs.pos;
      const v = rhs.v;
      if (relTok.v === '<=' || relTok.v === '<') upper = Math.min(upper, v);
      else if (relTok.v === '>=' || relTok.v === '>') lower = Math.max(lower, v);
      else {
        lower = v;
        upper = v;
      }
    }
    const nm = rname || `c${rowNames.length + 1}`;
    if (rowNameSet.has(nm)) bad(line, `duplicate constraint name '${nm}'`);
    rowNameSet.add(nm);
    rowNames.push(nm);
    rowLower.push(lower - e.constant);
    rowUpper.push(upper - e.constant);
    rows.push(e.coeffs);
  }

  // Bounds.
  const lo = new Map<number, number>();
  const hi = new Map<number, number>();
  const bt = tokens.bounds;
  p = 0;
  while (p < bt.length) {
    const t = bt[p];
    const lead = readNumber(bt, p);
    if (lead) {
      const rel = bt[lead.pos];
      const v = bt[lead.pos + 1];
      if (rel?.t !== 'op' || v?.t !== 'name') {
        bad(t?.line ?? 0, `bound '${t?.v ?? ''} ...' must read 'number <= variable'`);
        p = lead.pos + 1;
        continue;
      }
      const j = col(v.v);
      if (rel.v === '<=' || rel.v === '<') lo.set(j, lead.v);
      else if (rel.v === '>=' || rel.v === '>') hi.set(j, lead.v);
      else {
        lo.set(j, lead.v);
        hi.set(j, lead.v);
      }
      p = lead.pos + 2;
      const rel2 = bt[p];
      if (rel2?.t === 'op') {
        const r = readNumber(bt, p + 1);
        if (!r) {
          bad(rel2.line, `bound on '${v.v}': expected a number after '${rel2.v}'`);
          p++;
          continue;
        }
        if (rel2.v === '<=' || rel2.v === '<') hi.set(j, r.v);
        else if (rel2.v === '>=' || rel2.v === '>') lo.set(j, r.v);
        else bad(rel2.line, `bound on '${v.v}': '=' cannot follow another relation`);
        p = r.pos;
      }
      continue;
    }
    if (t?.t === 'name') {
      const j = col(t.v);
      const next = bt[p + 1];
      if (next?.t === 'name' && /^free$/i.test(next.v)) {
        lo.set(j, Number.NEGATIVE_INFINITY);
        hi.set(j, Number.POSITIVE_INFINITY);
        p += 2;
        continue;
      }
      if (next?.t === 'op') {
        const r = readNumber(bt, p + 2);
        if (!r) {
          bad(next.line, `bound on '${t.v}': expected a number after '${next.v}'`);
          p += 2;
          continue;
        }
        if (next.v === '<=' || next.v === '<') hi.set(j, r.v);
        else if (next.v === '>=' || next.v === '>') lo.set(j, r.v);
        else {
          lo.set(j, r.v);
          hi.set(j, r.v);
        }
        p = r.pos;
        continue;
      }
    }
    bad(t?.line ?? 0, `cannot read bound starting at '${t?.v ?? ''}'`);
    p++;
  }
  const integer = new Set<number>();
  const binary = new Set<number>();
  for (const t of tokens.generals) {
    if (t.t === 'name') integer.add(col(t.v));
    else bad(t.line, `expected a variable name in Generals, found '${t.v}'`);
  }
  for (const t of tokens.binaries) {
    if (t.t === 'name') binary.add(col(t.v));
    else bad(t.line, `expected a variable name in Binaries, found '${t.v}'`);
  }
  if (issues.length > 0) return fail(...issues);

  const n = colNames.length;
  const colCost = new Array<number>(n).fill(0);
  for (const [j, a] of obj.coeffs) colCost[j] = a;
  const colLower: number[] = [];
  const colUpper: number[] = [];
  const colInteger: boolean[] = [];
  for (let j = 0; j < n; j++) {
    const b = binary.has(j);
    // A Binaries entry sets the bounds to [0, 1] whatever Bounds said, as CPLEX does.
    colLower.push(b ? 0 : (lo.get(j) ?? 0));
    colUpper.push(b ? 1 : (hi.get(j) ?? Number.POSITIVE_INFINITY));
    colInteger.push(b || integer.has(j));
  }
  const rowStart: number[] = [0];
  const rowIndex: number[] = [];
  const rowValue: number[] = [];
  for (const r of rows) {
    for (const [j, a] of [...r.entries()].sort((x, y) => x[0] - y[0])) {
      if (a === 0) continue;
      rowIndex.push(j);
      rowValue.push(a);
    }
    rowStart.push(rowIndex.length);
  }
  return ok({
    name,
    sense,
    offset: obj.constant,
    objectiveName,
    colNames,
    colLower,
    colUpper,
    colCost,
    colInteger,
    rowNames,
    rowLower,
    rowUpper,
    rowStart,
    rowIndex,
    rowValue,
  });
}
