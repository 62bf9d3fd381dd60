/**
 * MPS reader (free and fixed format) into a {@link LinearProgram}. Written here rather than
 * handing the text to HiGHS because xinzhi needs the names, the objective constant and the bound
 * conventions under its own control (and the same reader serves validation with line numbers).
 *
 * Conventions, as in CPLEX and HiGHS:
 * - the first N row is the objective; later N rows are free rows and are dropped;
 * - an RHS on the objective row is minus the objective constant (offset = −RHS);
 * - RANGES: E rows with R > 0 become [rhs, rhs+R], with R < 0 [rhs+R, rhs]; L rows [rhs−|R|, rhs];
 *   G rows [rhs, rhs+|R|];
 * - BOUNDS UP/LO/FX/FR/MI/PL/BV/LI/UI; an UP (or UI) bound below zero on a column whose lower
 *   bound is 0 makes the lower bound −∞;
 * - integer columns between INTORG/INTEND markers are binary unless BOUNDS say otherwise.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import type { LinearProgram } from './program.js';

export interface MpsReadOptions {
  /**
   * `free` splits on whitespace, `fixed` uses the column positions; `auto` (default) reads free
   * format (falling back to the columns on lines whose field count does not fit) and, if that
   * fails, re-reads the whole file as fixed format, as HiGHS does: original Netlib files put
   * spaces inside names (`DEDO3 11`) that only the column positions can tell apart.
   */
  readonly format?: 'free' | 'fixed' | 'auto';
}

type Section = 'NONE' | 'NAME' | 'ROWS' | 'COLUMNS' | 'RHS' | 'RANGES' | 'BOUNDS' | 'OBJSENSE' | 'END';

const INF = Number.POSITIVE_INFINITY;

/** Fixed-MPS fields at 1-based columns 2-3, 5-12, 15-22, 25-36, 40-47, 50-61. */
function fixedFields(line: string): string[] {
  const cut = (a: number, b: number): string => line.slice(a, b).trim();
  return [cut(1, 3), cut(4, 12), cut(14, 22), cut(24, 36), cut(39, 47), cut(49, 61)];
}

/**
 * 0-based positions that fixed MPS keeps blank around the name fields; text there means the line
 * is not fixed format. Gaps around values are not checked: real files let numbers overrun them.
 */
const FIXED_GAPS = [0, 3, 12, 13, 22, 23];
const fixedGapsBlank = (line: string): boolean => FIXED_GAPS.every((i) => (line[i] ?? ' ') === ' ');

function parseNumber(s: string | undefined): number {
  if (s === undefined || s === '') return Number.NaN;
  const v = Number(s.replace(/[dD]/, 'e'));
  return v;
}

/**
 * Reads MPS text; every problem found is reported with its line number. When neither reading
 * works, the issues of the free-format attempt are returned (they name the first wrong line).
 */
export function readMps(text: string, options: MpsReadOptions = {}): Result<LinearProgram> {
  const mode = options.format ?? 'auto';
  const first = readMpsAs(text, mode);
  if (first.ok || mode !== 'auto') return first;
  const fixed = readMpsAs(text, 'fixed');
  return fixed.ok ? fixed : first;
}

function readMpsAs(text: string, mode: 'free' | 'fixed' | 'auto'): Result<LinearProgram> {
  const issues: Issue[] = [];
  const bad = (line: number, message: string): void => {
    if (issues.length < 50) issues.push({ code: 'MPS_SYNTAX', message, where: `line ${line}` });
  };
  let name = '';
  let sense: 'minimize' | 'maximize' = 'minimize';
  let objName = '';
  const rowIndexByName = new Map<string, number>();
  const rowNames: string[] = [];
  const rowType: string[] = [];
  const droppedFree = new Set<string>();
  const colIndexByName = new Map<string, number>();
  const colNames: string[] = [];
  const colCost: number[] = [];
  const colInteger: boolean[] = [];
  const colDefaultBinary: boolean[] = [];
  const colEntries: Map<number, number>[] = [];
  const rhs: number[] = [];
  const range: (number | undefined)[] = [];
  const lower: number[] = [];
  const upper: number[] = [];
  let offset = 0;
  let integerMarker = false;
  let section: Section = 'NONE';

  const lines = text.split(/\r?\n/);
  for (let ln = 0; ln < lines.length; ln++) {
    const raw = lines[ln] ?? '';
    const lineNo = ln + 1;
    if (raw.trim() === '' || raw.startsWith('*')) continue;
    if (!/^\s/.test(raw)) {
      const [kw = '', ...rest] = raw.trim().split(/\s+/);
      const key = kw.toUpperCase();
      switch (key) {
        case 'NAME':
          name = raw.trim().slice(4).trim();
          section = 'NAME';
          break;
        case 'ROWS':
        case 'COLUMNS':
        case 'RHS':
        case 'RANGES':
        case 'BOUNDS':
          section = key;
          break;
        case 'OBJSENSE':
        case 'OBJSENS':
          section = 'OBJSENSE';
          if (rest[0]) sense = /^MAX/i.test(rest[0]) ? 'maximize' : 'minimize';
          break;
        case 'ENDATA':
          section = 'END';
          break;
        case 'SOS':
        case 'QUADOBJ':
        case 'QMATRIX':
        case 'QSECTION':
        case 'CSECTION':
        case 'INDICATORS':
          bad(
            lineNo,
            `section ${key} is not supported (xinzhi solves linear and mixed-integer linear programs)`,
          );
          section = 'NONE';
          break;
        default:
          bad(lineNo, `unknown section '${kw}'`);
      }
      if (section === 'END') break;
      continue;
    }
    if (section === 'OBJSENSE') {
      sense = /^\s*MAX/i.test(raw) ? 'maximize' : 'minimize';
      continue;
    }
    const free = raw.trim().split(/\s+/);
    if (mode === 'fixed' && !fixedGapsBlank(raw)) {
      bad(lineNo, `text between the fixed-format name fields (columns 1, 4, 13-14, 23-24): '${raw.trim()}'`);
      continue;
    }
    const fields = (expected: (n: number) => boolean): string[] | undefined => {
      if (mode !== 'fixed' && expected(free.length)) return free;
      if (mode !== 'free') {
        const f = fixedFields(raw);
        return f;
      }
      return undefined;
    };
    switch (section) {
      case 'ROWS': {
        const f = mode === 'fixed' ? fixedFields(raw).slice(0, 2) : free.length === 2 ? free : undefined;
        const [t = '', n = ''] = f ?? fixedFields(raw);
        const type = t.toUpperCase();
        if (!['N', 'E', 'L', 'G'].includes(type) || n === '') {
          bad(lineNo, `ROWS entry needs a type N, E, L or G and a name: '${raw.trim()}'`);
          break;
        }
        if (rowIndexByName.has(n) || n === objName || droppedFree.has(n)) {
          bad(lineNo, `duplicate row '${n}'`);
          break;
        }
        if (type === 'N') {
          if (objName === '') objName = n;
          else droppedFree.add(n);
          break;
        }
        rowIndexByName.set(n, rowNames.length);
        rowNames.push(n);
        rowType.push(type);
        rhs.push(0);
        range.push(undefined);
        break;
      }
      case 'COLUMNS': {
        const marker =
          mode === 'fixed'
            ? ((fx) => (fx[2]?.toUpperCase() === "'MARKER'" ? fx[4] : undefined))(fixedFields(raw))
            : free[1]?.toUpperCase() === "'MARKER'"
              ? free[2]
              : undefined;
        if (marker !== undefined) {
          const what = marker.toUpperCase();
          if (what === "'INTORG'") integerMarker = true;
          else if (what === "'INTEND'") integerMarker = false;
          else bad(lineNo, `unknown marker '${marker}'`);
          break;
        }
        const f = fields((n) => n === 3 || n === 5);
        const parts = f === free ? ['', ...free] : f;
        if (!parts) {
          bad(lineNo, `COLUMNS entry needs a column, then one or two (row, value) pairs: '${raw.trim()}'`);
          break;
        }
        const col = parts[1] ?? '';
        let j = colIndexByName.get(col);
        if (j === undefined) {
          j = colNames.length;
          colIndexByName.set(col, j);
          colNames.push(col);
          colCost.push(0);
          colInteger.push(integerMarker);
          colDefaultBinary.push(integerMarker);
          colEntries.push(new Map());
          lower.push(0);
          upper.push(integerMarker ? 1 : INF);
        }
        for (const k of [2, 4]) {
          const row = parts[k];
          if (row === undefined || row === '') continue;
          const v = parseNumber(parts[k + 1]);
          if (!Number.isFinite(v)) {
            bad(lineNo, `value for column '${col}' in row '${row}' is not a number: '${parts[k + 1] ?? ''}'`);
            continue;
          }
          if (row === objName) colCost[j] = v;
          else if (droppedFree.has(row)) continue;
          else {
            const i = rowIndexByName.get(row);
            if (i === undefined) bad(lineNo, `column '${col}' refers to unknown row '${row}'`);
            else if (colEntries[j]?.has(i)) bad(lineNo, `column '${col}' has two entries for row '${row}'`);
            else if (v !== 0) colEntries[j]?.set(i, v);
          }
        }
        break;
      }
      case 'RHS':
      case 'RANGES': {
        const f = fields((n) => n >= 2 && n <= 5);
        const parts = f === free ? (free.length % 2 === 0 ? ['', '', ...free] : ['', ...free]) : f;
        if (!parts) {
          bad(lineNo, `${section} entry needs (row, value) pairs: '${raw.trim()}'`);
          break;
        }
        for (const k of [2, 4]) {
          const row = parts[k];
          if (row === undefined || row === '') continue;
          const v = parseNumber(parts[k + 1]);
          if (!Number.isFinite(v)) {
            bad(lineNo, `${section} value for row '${row}' is not a number: '${parts[k + 1] ?? ''}'`);
            continue;
          }
          if (row === objName) {
            if (section === 'RHS') offset = -v;
            continue;
          }
          if (droppedFree.has(row)) continue;
          const i = rowIndexByName.get(row);
          if (i === undefined) bad(lineNo, `${section} refers to unknown row '${row}'`);
          else if (section === 'RHS') rhs[i] = v;
          else range[i] = v;
        }
        break;
      }
      case 'BOUNDS': {
        const type = (free[0] ?? '').toUpperCase();
        const needsValue = ['UP', 'LO', 'FX', 'LI', 'UI', 'SC'].includes(type);
        const noValue = ['FR', 'MI', 'PL'].includes(type);
        let setCol: string | undefined;
        let valueText: string | undefined;
        if (mode !== 'fixed' && needsValue && (free.length === 3 || free.length === 4)) {
          setCol = free[free.length - 2];
          valueText = free[free.length - 1];
        } else if (mode !== 'fixed' && noValue && (free.length === 2 || free.length === 3)) {
          setCol = free[free.length - 1];
        } else if (mode !== 'fixed' && type === 'BV' && free.length >= 2 && free.length <= 4) {
          setCol =
            free.length === 4
              ? free[2]
              : free.length === 3 && colIndexByName.has(free[1] ?? '')
                ? free[1]
                : free[free.length - 1];
        } else if (mode !== 'free') {
          const f = fixedFields(raw);
          setCol = f[2];
          valueText = f[3];
        }
        const j = colIndexByName.get(setCol ?? '');
        if (j === undefined) {
          bad(lineNo, `BOUNDS entry refers to unknown column '${setCol ?? ''}': '${raw.trim()}'`);
          break;
        }
        const v = parseNumber(valueText);
        if (needsValue && Number.isNaN(v)) {
          bad(lineNo, `bound ${type} of column '${setCol}' is not a number: '${valueText ?? ''}'`);
          break;
        }
        if (colDefaultBinary[j]) {
          colDefaultBinary[j] = false;
          upper[j] = INF;
        }
        switch (type) {
          case 'UP':
          case 'UI':
            upper[j] = v;
            if (v < 0 && lower[j] === 0) lower[j] = Number.NEGATIVE_INFINITY;
            if (type === 'UI') colInteger[j] = true;
            break;
          case 'LO':
          case 'LI':
            lower[j] = v;
            if (type === 'LI') colInteger[j] = true;
            break;
          case 'FX':
            lower[j] = v;
            upper[j] = v;
            break;
          case 'FR':
            lower[j] = Number.NEGATIVE_INFINITY;
            upper[j] = INF;
            break;
          case 'MI':
            lower[j] = Number.NEGATIVE_INFINITY;
            break;
          case 'PL':
            upper[j] = INF;
            break;
          case 'BV':
            lower[j] = 0;
            upper[j] = 1;
            colInteger[j] = true;
            break;
          default:
            bad(lineNo, `bound type '${type}' is not supported (use UP, LO, FX, FR, MI, PL, BV, LI or UI)`);
        }
        break;
      }
      case 'NAME':
      case 'NONE':
        bad(lineNo, `data line outside a section: '${raw.trim()}'`);
        break;
      default:
        break;
    }
  }
  if (objName === '' && issues.length === 0)
    issues.push({ code: 'MPS_SYNTAX', message: 'no objective (N) row in ROWS', where: 'ROWS' });
  if (section !== 'END' && issues.length === 0)
    issues.push({ code: 'MPS_SYNTAX', message: 'missing ENDATA', where: `line ${lines.length}` });
  if (issues.length > 0) return fail(...issues);

  const m = rowNames.length;
  const rowLower: number[] = new Array(m);
  const rowUpper: number[] = new Array(m);
  for (let i = 0; i < m; i++) {
    const b = rhs[i] ?? 0;
    const r = range[i];
    const t = rowType[i];
    let lo = t === 'L' ? Number.NEGATIVE_INFINITY : b;
    let hi = t === 'G' ? INF : b;
    if (r !== undefined) {
      if (t === 'E') {
        if (r > 0) hi = b + r;
        else lo = b + r;
      } else if (t === 'L') lo = b - Math.abs(r);
      else hi = b + Math.abs(r);
    }
    rowLower[i] = lo;
    rowUpper[i] = hi;
  }
  // Column-major entries to CSR.
  const counts = new Array<number>(m + 1).fill(0);
  for (const e of colEntries) for (const i of e.keys()) counts[i + 1] = (counts[i + 1] ?? 0) + 1;
  for (let i = 0; i < m; i++) counts[i + 1] = (counts[i + 1] ?? 0) + (counts[i] ?? 0);
  const rowStart = [...counts];
  const next = counts.slice(0, m);
  const nnz = rowStart[m] ?? 0;
  const rowIndex: number[] = new Array(nnz);
  const rowValue: number[] = new Array(nnz);
  colEntries.forEach((e, j) => {
    for (const [i, v] of e) {
      const p = next[i] ?? 0;
      rowIndex[p] = j;
      rowValue[p] = v;
      next[i] = p + 1;
    }
  });
  return ok({
    name,
    sense,
    offset: offset === 0 ? 0 : offset,
    objectiveName: objName,
    colNames,
    colLower: lower,
    colUpper: upper,
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
