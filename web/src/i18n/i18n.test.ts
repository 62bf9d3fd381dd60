import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { fill, makeI18n } from './i18n.js';
import { zh } from './zh.js';

describe('i18n', () => {
  it('has the same keys and placeholders in every locale', () => {
    // A language may leave out plural forms it does not have (Chinese has no `.one`).
    const optional = (k: string) => /\.(zero|one|two|few|many)$/.test(k);
    expect(Object.keys(zh).sort()).toEqual(
      Object.keys(en)
        .filter((k) => !optional(k))
        .sort(),
    );
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const zhDict: Readonly<Record<string, string | undefined>> = zh;
    for (const [k, v] of Object.entries(en)) {
      const z = zhDict[k] ?? zhDict[k.replace(/\.\w+$/, '.other')];
      expect(z, k).toBeDefined();
      expect(holes(z ?? ''), k).toEqual(holes(v));
    }
  });

  it('picks the plural form the locale needs and formats the count', () => {
    const e = makeI18n('en', () => {});
    const z = makeI18n('zh-CN', () => {});
    expect(e.plural('overview.assets', 1)).toBe('1 asset');
    expect(e.plural('overview.assets', 0)).toBe('0 assets');
    expect(e.plural('overview.assets', 1234)).toBe('1,234 assets');
    expect(z.plural('overview.assets', 1)).toBe('1 个资产');
    expect(z.plural('farm.stressDays', 2)).toBe('2 个水分胁迫日');
    expect(e.plural('ledger.proofHashes', 1, { size: 8 })).toBe('1 proof hash (tree 8)');
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
    expect(z.t('common.noData')).toBe('无数据');
    expect(e.duration(90_000)).toMatch(/1\.5\s?min/);
  });
});
