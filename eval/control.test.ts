import { describe, expect, it } from 'vitest';
import { casesPath, loadCases, runControlCases } from './lib/control-cases.js';

const data = loadCases();

describe.skipIf(!data)(`control benchmark cases (${casesPath()})`, () => {
  const rows = data ? runControlCases(data) : [];
  it('covers every section of cases.json', () => {
    const sections = new Set(rows.map((r) => r.section));
    for (const s of [
      'tuning',
      'tuning-other',
      'ultimate',
      'relay',
      'margins',
      'closed-loop',
      'discrete',
      'stepinfo',
    ])
      expect(sections.has(s), s).toBe(true);
    expect(rows.length).toBeGreaterThan(300);
  });
  it('passes every case within its tolerance', () => {
    expect(rows.filter((r) => !r.pass).map((r) => `${r.case}: expected ${r.expected}, got ${r.got}`)).toEqual(
      [],
    );
  });
});

if (!data) console.warn(`skipping control cases: ${casesPath()} not found (set XINZHI_BENCHMARKS)`);
