import { describe, expect, it } from 'vitest';
import { isXinzhiError } from '../../core/index.js';
import { decodeWords, scaled } from './decode-registers.js';
import { planReads } from './read-plan.js';
import { parseRegisterMap } from './register-map.js';

describe('register map', () => {
  it('fills defaults: first group, ABCD, uint16 for registers and bool for coils', () => {
    const m = parseRegisterMap(`
groups: { fast: 1000, slow: 60000 }
registers:
  - { metric: v, table: input, address: 0, type: float32, unit: V }
  - { metric: e, table: holding, address: 10, type: uint32, order: CDAB, scale: 0.1, group: slow }
  - { metric: run, table: coil, address: 3 }
  - { metric: raw, table: holding, address: 20 }
`);
    expect(m.registers.map((r) => [r.metric, r.type, r.order, r.group, r.scale])).toEqual([
      ['v', 'float32', 'ABCD', 'fast', 1],
      ['e', 'uint32', 'CDAB', 'slow', 0.1],
      ['run', 'bool', 'ABCD', 'fast', 1],
      ['raw', 'uint16', 'ABCD', 'fast', 1],
    ]);
  });

  it('lists every problem with its path', () => {
    try {
      parseRegisterMap(`
registers:
  - { metric: a, table: coil, address: 1, type: float32 }
  - { metric: a, table: holding, address: 70000 }
  - { metric: 'b<script>', table: input, address: 1, group: nope }
  - { metric: c, table: input, address: 1, colour: red }
`);
      expect.unreachable();
    } catch (e) {
      expect(isXinzhiError(e) && e.code).toBe('BAD_INPUT');
      const msg = (e as Error).message;
      for (const where of ['registers.0.type', 'registers.1.address', 'registers.2.metric', 'registers.3'])
        expect(msg).toContain(where);
    }
  });

  it('refuses text that is not YAML or JSON, and absurd documents', () => {
    expect(() => parseRegisterMap('registers: [ {')).toThrow(/not YAML\/JSON/);
    expect(() => parseRegisterMap('42')).toThrow(/not a valid register map|expected object/);
    expect(() => parseRegisterMap('registers: []')).toThrow(/registers/);
  });
});

describe('decodeWords', () => {
  // 0x41200000 is 10.0f; 0xFFFFFFFE is -2 as int32.
  const cases: Array<[string, [number, number]]> = [
    ['ABCD', [0x4120, 0x0000]],
    ['CDAB', [0x0000, 0x4120]],
    ['BADC', [0x2041, 0x0000]],
    ['DCBA', [0x0000, 0x2041]],
  ];
  it.each(cases)('float32 in %s', (order, words) => {
    expect(decodeWords(words, 0, 'float32', order as 'ABCD')).toBe(10);
  });

  it('int32, uint32, int16, uint16 and the byte-swapped 16-bit case', () => {
    expect(decodeWords([0xffff, 0xfffe], 0, 'int32', 'ABCD')).toBe(-2);
    expect(decodeWords([0xfffe, 0xffff], 0, 'int32', 'CDAB')).toBe(-2);
    expect(decodeWords([0x0001, 0x0000], 0, 'uint32', 'CDAB')).toBe(1);
    expect(decodeWords([0x0001, 0x86a0], 0, 'uint32', 'ABCD')).toBe(100_000);
    expect(decodeWords([0xff38], 0, 'int16', 'ABCD')).toBe(-200);
    expect(decodeWords([0xff38], 0, 'uint16', 'ABCD')).toBe(65_336);
    expect(decodeWords([0x38ff], 0, 'int16', 'BADC')).toBe(-200);
    expect(scaled(2305, 0.1, -0.5)).toBeCloseTo(230);
  });
});

describe('planReads', () => {
  it('merges near registers into one read, splits far ones, tables apart and at 125 registers', () => {
    const m = parseRegisterMap(`
registers:
  - { metric: a, table: input, address: 0, type: float32 }
  - { metric: b, table: input, address: 4, type: float32 }
  - { metric: c, table: input, address: 100, type: float32 }
  - { metric: d, table: input, address: 220 }
  - { metric: e, table: holding, address: 4 }
  - { metric: f, table: coil, address: 0 }
  - { metric: g, table: coil, address: 1999 }
`);
    const blocks = planReads(m.registers).map((b) => [b.table, b.address, b.count, b.registers.length]);
    expect(blocks).toEqual([
      ['input', 0, 6, 2],
      ['input', 100, 2, 1],
      ['input', 220, 1, 1],
      ['holding', 4, 1, 1],
      ['coil', 0, 1, 1],
      ['coil', 1999, 1, 1],
    ]);
    const wide = parseRegisterMap(
      JSON.stringify({
        registers: Array.from({ length: 100 }, (_, i) => ({
          metric: `m${i}`,
          table: 'holding',
          address: i * 2,
          type: 'float32',
        })),
      }),
    );
    const plan = planReads(wide.registers);
    expect(plan.every((b) => b.count <= 125)).toBe(true);
    expect(plan.reduce((n, b) => n + b.registers.length, 0)).toBe(100);
  });
});
