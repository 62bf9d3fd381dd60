import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fill, makeI18n } from './i18n.js';
import { zh } from './zh.js';

describe('i18n', () => {
  it('has the same keys and placeholders in every locale', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [k, v] of Object.entries(en)) expect(holes(zh[k as keyof typeof en]), k).toEqual(holes(v));
  });

  it('fills placeholders and formats numbers per locale', () => {
    expect(fill('{a} of {b}', { a: 1, b: 'x' })).toBe('1 of x');
    expect(fill('{missing}', {})).toBe('{missing}');
    const e = makeI18n('en', () => {});
    const z = makeI18n('zh-CN', () => {});
    expect(e.num(12345.678, 1)).toBe('12,345.7');
    expect(e.pct(0.8123)).toBe('81.2%');
    expect(e.pct(null)).toBe('no data');
    expect(z.pct(null)).toBe('无数据');
    expect(z.t('overview.assets', { count: 3 })).toBe('3 个资产');
    expect(e.duration(90_000)).toMatch(/1\.5\s?min/);
  });
});
