import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXAMPLE_PLAN } from './example-plan.js';
import { parsePlan, parsePlanText } from './plan-schema.js';

describe('EXAMPLE_PLAN', () => {
  it('is the documented examples/plan-workshop.yaml', () => {
    const text = readFileSync(new URL('../../../examples/plan-workshop.yaml', import.meta.url), 'utf8');
    const file = parsePlanText(text, 'plan-workshop.yaml');
    const mine = parsePlan(EXAMPLE_PLAN);
    expect(file.ok && mine.ok).toBe(true);
    if (file.ok && mine.ok) expect(mine.value).toEqual(file.value);
  });
});
