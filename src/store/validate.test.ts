import { describe, expect, it } from 'vitest';
import { checkPath, SERIES_ID_RE, segmentProblem } from './validate.js';

describe('id character set (issue 13: H1, low items)', () => {
  it('keeps the ids the demo, docs and tests use', () => {
    for (const id of [
      'plant1/press/line1/m3/temp',
      'farm/field-3/zone-1/soil_moisture',
      '工厂/压机/温度',
      'site:A/oven~1/TIC-101',
      'p1/m1/flow rate',
      'a.b/c@d/e%,f',
    ]) {
      expect(checkPath(id, 'id')).toBe(id);
      expect(SERIES_ID_RE.test(id)).toBe(true);
    }
  });

  it('refuses markup, quotes, formula and shell characters, wildcards, controls and invalid UTF-8', () => {
    for (const seg of [
      '<img src=x onerror=alert(1)>',
      'a"b',
      "a'b",
      'a=b',
      'f(x)',
      'a`b',
      'a&b',
      'a;b',
      'a\\b',
      'a+b',
      'a#b',
      'a\u0000b',
      'a\u202eb',
      'a\uFFFDb',
      ' a',
      '..',
      '',
    ]) {
      expect(segmentProblem(seg), seg).toBeDefined();
      expect(() => checkPath(`x/${seg}/y`, 'id')).toThrow(/id/);
      expect(SERIES_ID_RE.test(`x/${seg}`)).toBe(false);
    }
    expect(segmentProblem('a<b')).toContain("'<'");
    expect(segmentProblem('a\u202eb')).toContain('U+202E');
    expect(segmentProblem('a\uFFFDb')).toContain('not valid UTF-8');
  });
});
