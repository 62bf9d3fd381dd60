import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { planReads } from './read-plan.js';
import { parseRegisterMap } from './register-map.js';

const example = (f: string) => join(import.meta.dirname, '../../../examples/modbus', f);

describe('example register maps (docs/connectors.md)', () => {
  it.each(['eastron-sdm630.yaml', 'abb-acs510.yaml'])('%s is a valid map', (f) => {
    const m = parseRegisterMap(readFileSync(example(f), 'utf8'), f);
    expect(m.registers.length).toBeGreaterThan(5);
    expect(planReads(m.registers).length).toBeGreaterThan(0);
  });
});
