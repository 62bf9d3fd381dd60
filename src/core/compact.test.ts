import { describe, expect, it } from 'vitest';
import { compact } from './compact.js';

describe('compact', () => {
  it('drops undefined properties and keeps null, 0, false and empty strings', () => {
    const out = compact({ a: 1, b: undefined, c: null, d: 0, e: false, f: '' });
    expect(out).toEqual({ a: 1, c: null, d: 0, e: false, f: '' });
    expect('b' in out).toBe(false);
  });

  it('lets defaults survive a spread of partly-set options', () => {
    const defaults = { size: 10, name: 'x' };
    expect({ ...defaults, ...compact({ size: undefined, name: 'y' }) }).toEqual({ size: 10, name: 'y' });
  });
});
