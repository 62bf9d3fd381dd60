import { describe, expect, it } from 'vitest';
import { inferKind, pathPrefixes } from './asset-kinds.js';

describe('inferKind', () => {
  it('follows ISA-95 by depth without a reference', () => {
    expect([1, 2, 3, 4, 5].map((d) => inferKind(d))).toEqual(['site', 'area', 'line', 'equipment', 'other']);
  });
  it('follows the family of the reference asset', () => {
    expect([1, 2, 3].map((d) => inferKind(d, { kind: 'zone', depth: 3 }))).toEqual(['site', 'field', 'zone']);
    expect(inferKind(2, { kind: 'farm', depth: 1 })).toBe('field');
    expect(inferKind(2, { kind: 'depot', depth: 1 })).toBe('vehicle');
    expect(inferKind(2, { kind: 'enterprise', depth: 1 })).toBe('site');
    expect(inferKind(1, { kind: 'site', depth: 2 })).toBe('enterprise');
    expect(inferKind(3, { kind: 'other', depth: 1 })).toBe('line');
  });
  it('lists path prefixes', () => {
    expect(pathPrefixes('a/b/c')).toEqual(['a', 'a/b', 'a/b/c']);
  });
});
