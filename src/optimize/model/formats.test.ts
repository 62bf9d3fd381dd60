import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expr, linear } from './expr.js';
import { readLp } from './lp-reader.js';
import { writeLp } from './lp-writer.js';
import { ModelBuilder } from './model-builder.js';
import { readMps } from './mps-reader.js';
import { writeMps } from './mps-writer.js';
import type { LinearProgram } from './program.js';

const INF = Number.POSITIVE_INFINITY;

function sample(): LinearProgram {
  const m = new ModelBuilder('sample');
  const x = m.addVar('x', { lower: -2.5, upper: 10 });
  const y = m.addVar('y', { lower: Number.NEGATIVE_INFINITY });
  const z = m.addVar('z', { integer: true, upper: 7 });
  const b = m.addVar('b', { binary: true });
  const f = m.addVar('f', { lower: 3, upper: 3 });
  const w = m.addVar('w', { upper: -1, lower: -5 });
  m.addConstraint(
    'le',
    linear([
      [0.1, x],
      [1 / 3, y],
    ]),
    '<=',
    1e-7,
  );
  m.addConstraint('ge', expr(x, z, b), '>=', -4);
  m.addConstraint(
    'eq',
    linear([
      [2, z],
      [-1, f],
    ]),
    '=',
    5,
  );
  m.addRange(
    'rng',
    -1,
    linear([
      [1, y],
      [Math.PI, w],
    ]),
    12.75,
  );
  m.maximize(
    linear([
      [1.5, x],
      [-2, y],
      [3, z],
      [1, b],
      [0.2, f],
      [1, w],
    ]).add(7.113),
  );
  return m.build();
}

const same = (a: LinearProgram, b: LinearProgram): void => {
  expect(b.sense).toBe(a.sense);
  expect(b.offset).toBe(a.offset);
  expect(b.colNames).toEqual(a.colNames);
  expect(b.colLower).toEqual(a.colLower);
  expect(b.colUpper).toEqual(a.colUpper);
  expect(b.colCost).toEqual(a.colCost);
  expect(b.colInteger).toEqual(a.colInteger);
  expect(b.rowNames).toEqual(a.rowNames);
  expect(b.rowLower).toEqual(a.rowLower);
  expect(b.rowUpper).toEqual(a.rowUpper);
  expect(b.rowStart).toEqual(a.rowStart);
  expect(b.rowIndex).toEqual(a.rowIndex);
  expect(b.rowValue).toEqual(a.rowValue);
};

describe('LP format', () => {
  it('round-trips a program bit for bit', () => {
    const p = sample();
    const r = readLp(writeLp(p));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    same(p, r.value);
  });

  it('reads the seed example with names, senses and default bounds', () => {
    const r = readLp(
      'Minimize\n cost: 2 x1 + 3 x2 + 4x3\nSubject To\n c1: x1 + x2 + x3 >= 4\n 2 x1 + x2\n + x3 >= 6\nEnd\n',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.colNames).toEqual(['x1', 'x2', 'x3']);
    expect(r.value.colCost).toEqual([2, 3, 4]);
    expect(r.value.rowNames).toEqual(['c1', 'c2']);
    expect(r.value.rowLower).toEqual([4, 6]);
    expect(r.value.colLower).toEqual([0, 0, 0]);
    expect(r.value.objectiveName).toBe('cost');
  });

  it('reads bounds in every form', () => {
    const r = readLp(
      'max\n obj: a + b + c + d + e\nst\n r: a + b <= 3\nbounds\n a free\n -inf <= b <= 2\n c >= -1e3\n d = 4\n 1 <= e\n e <= 2\ngeneral\n c\nbinary\n d\nend',
    );
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const v = r.value;
    expect(v.sense).toBe('maximize');
    expect(v.colLower).toEqual([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, -1000, 0, 1]);
    expect(v.colUpper).toEqual([INF, 2, INF, 1, 2]);
    expect(v.colInteger).toEqual([false, false, true, true, false]);
  });

  it('lists every problem with its line', () => {
    const r = readLp('Minimize\n obj: 2 x +\nSubject To\n c1: x + y 4\n c2: x >= abc\nBounds\n x <= \nEnd');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.length).toBeGreaterThanOrEqual(3);
    expect(r.issues.every((i) => /^line \d+$/.test(i.where ?? ''))).toBe(true);
  });

  it('refuses names LP cannot hold', () => {
    const m = new ModelBuilder();
    m.addVar('1bad');
    expect(() => writeLp(m.build())).toThrow(/1bad/);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (s) => {
        const r = readLp(`Minimize\n${s}`);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});

describe('MPS format', () => {
  it('round-trips a program bit for bit (free)', () => {
    const p = sample();
    const r = readMps(writeMps(p));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    same(p, r.value);
  });

  it('round-trips in fixed format', () => {
    const m = new ModelBuilder('fx');
    const a = m.addVar('a', { upper: 4 });
    const b = m.addVar('b', { integer: true, upper: 9 });
    m.addConstraint(
      'r1',
      linear([
        [1.25, a],
        [2, b],
      ]),
      '<=',
      10,
    );
    m.addRange('r2', 1, expr(a, b), 3);
    m.minimize(
      linear([
        [-1, a],
        [-1, b],
      ]),
    );
    const p = m.build();
    const text = writeMps(p, { format: 'fixed' });
    const r = readMps(text, { format: 'fixed' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    same(p, r.value);
  });

  it('falls back to fixed format for a generated Netlib-style file whose names contain spaces', () => {
    // Original Netlib files name rows and columns like `DEDO3 11`: free format splits them apart.
    const m = new ModelBuilder('fx');
    const a = m.addVar('a', { upper: 4 });
    const b = m.addVar('b', { integer: true, upper: 9 });
    const c = m.addVar('c', { lower: -2, upper: 5 });
    m.addConstraint(
      'r1',
      linear([
        [1.25, a],
        [2, b],
        [-1, c],
      ]),
      '<=',
      10,
    );
    m.addRange('r2', 1, expr(a, b), 3);
    m.addConstraint('r3', expr(a, c), '>=', -1);
    m.minimize(
      linear([
        [-1, a],
        [-1, b],
        [0.5, c],
      ]).add(2),
    );
    const p = m.build();
    const spaced: LinearProgram = {
      ...p,
      name: 'SPACES',
      objectiveName: 'COST 1',
      colNames: p.colNames.map((_, j) => `DEDO3 1${j}`),
      rowNames: p.rowNames.map((_, i) => `ROW ${i} A`),
    };
    const text = writeMps(spaced, { format: 'fixed' });
    expect(text).toContain('DEDO3 10');
    expect(readMps(text, { format: 'free' }).ok).toBe(false);
    const r = readMps(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    same(spaced, r.value);
    expect(r.value.objectiveName).toBe('COST 1');
  });

  it('reports the free-format issue when neither free nor fixed reading works', () => {
    const r = readMps('ROWS\n N obj\nCOLUMNS\n    xyz obj   abcdef    obj2   1\nENDATA\n');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.issues[0]?.message).toMatch(/not a number: 'abcdef'/);
  });

  it('reads fixed columns with spaces in names', () => {
    const text = [
      'NAME          SPACES',
      'ROWS',
      ' N  COST',
      ' L  LIM 1',
      'COLUMNS',
      '    X ONE     COST               1.0   LIM 1                1.0',
      'RHS',
      '    RHS       LIM 1                4.0',
      'BOUNDS',
      ' UP BND       X ONE              3.0',
      'ENDATA',
    ].join('\n');
    const r = readMps(text, { format: 'fixed' });
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.value.colNames).toEqual(['X ONE']);
    expect(r.value.rowNames).toEqual(['LIM 1']);
    expect(r.value.rowUpper).toEqual([4]);
    expect(r.value.colUpper).toEqual([3]);
  });

  it('applies RANGES, bound types, markers and the objective RHS as MPS readers do', () => {
    const text = `NAME T
ROWS
 N obj
 E e1
 E e2
 L l1
 G g1
 N free
COLUMNS
 x obj 1 e1 1
 x e2 1 l1 1
 x g1 1 free 5
 M1 'MARKER' 'INTORG'
 i obj 1 e1 1
 j obj 1 e1 1
 M2 'MARKER' 'INTEND'
 y obj 1 e1 1
 z obj 1 e1 1
 w obj 1 e1 1
RHS
 RHS obj 2.5 e1 1
 RHS e2 2 l1 3
 RHS g1 4
RANGES
 RNG e1 2 e2 -3
 RNG l1 -1 g1 1.5
BOUNDS
 UP BND y -3
 MI BND z
 PL BND j
 LI BND w 2
 UI BND w 9
 BV BND x
ENDATA
`;
    const r = readMps(text);
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    const v = r.value;
    expect(v.offset).toBe(-2.5);
    expect(v.rowNames).toEqual(['e1', 'e2', 'l1', 'g1']);
    expect(v.rowLower).toEqual([1, -1, 2, 4]);
    expect(v.rowUpper).toEqual([3, 2, 3, 5.5]);
    expect(v.colNames).toEqual(['x', 'i', 'j', 'y', 'z', 'w']);
    expect(v.colInteger).toEqual([true, true, true, false, false, true]);
    expect(v.colLower).toEqual([0, 0, 0, Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY, 2]);
    expect(v.colUpper).toEqual([1, 1, INF, -3, INF, 9]);
  });

  it('lists every problem with its line', () => {
    const r = readMps(
      'NAME X\nROWS\n N obj\n Q bad\nCOLUMNS\n x nowhere 1\n x obj abc\nRHS\n RHS r2 1\nENDATA\n',
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => i.where)).toEqual(['line 4', 'line 6', 'line 7', 'line 9']);
  });

  it('never throws on arbitrary text', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ maxLength: 40 }), { maxLength: 12 }), (ls) => {
        const r = readMps(`NAME F\nROWS\n N obj\nCOLUMNS\n${ls.join('\n')}\nENDATA\n`);
        expect(typeof r.ok).toBe('boolean');
      }),
      { numRuns: 300 },
    );
  });
});
