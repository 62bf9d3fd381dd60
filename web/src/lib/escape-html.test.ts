import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeHtml, html } from './escape-html.js';

describe('escapeHtml', () => {
  it('neutralises markup, attributes and entities', () => {
    expect(escapeHtml('xss/m1/<img src=x onerror="window.__xss=1">')).toBe(
      'xss/m1/&lt;img src=x onerror=&quot;window.__xss=1&quot;&gt;',
    );
    expect(escapeHtml(`'&amp;\``)).toBe('&#39;&amp;amp;&#96;');
    expect(escapeHtml('°C 温度')).toBe('°C 温度');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(3.5)).toBe('3.5');
  });

  it('html`` escapes the values and keeps the literal markup', () => {
    const name = '<script>alert(1)</script>';
    expect(html`${name}: <b>${1}</b> ${'a&b'}`).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt;: <b>1</b> a&amp;b',
    );
    expect(html`plain`).toBe('plain');
  });

  it('leaves no markup character and loses no text (property)', () => {
    const decode = (s: string) =>
      s.replace(
        /&(lt|gt|quot|#39|#96|amp);/g,
        (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", '#96': '`', amp: '&' })[e] ?? '',
      );
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const e = escapeHtml(s);
        expect(e).not.toMatch(/[<>"'`]/);
        expect(decode(e)).toBe(s);
      }),
    );
  });
});
