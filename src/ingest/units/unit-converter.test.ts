import { describe, expect, it } from 'vitest';
import { createUnitConverter } from './unit-converter.js';

describe('createUnitConverter', () => {
  const units = createUnitConverter();

  it('converts temperatures with their offsets', () => {
    expect(units.conversion('°F', 'Cel').convert(212)).toBeCloseTo(100, 9);
    expect(units.conversion('[degF]', 'Cel').convert(32)).toBeCloseTo(0, 9);
    expect(units.conversion('Cel', 'K').convert(-273.15)).toBeCloseTo(0, 9);
    expect(units.conversion('K', '[degF]').convert(0)).toBeCloseTo(-459.67, 6);
  });

  it('converts pressure, rotation and percentages', () => {
    expect(units.conversion('psi', 'kPa').convert(1)).toBeCloseTo(6.894757293168361, 9);
    expect(units.conversion('rpm', 'Hz').convert(60)).toBeCloseTo(1, 9);
    expect(units.conversion('%', '1').convert(50)).toBeCloseTo(0.5, 12);
    expect(units.conversion('bar', 'kPa').convert(1)).toBeCloseTo(100, 9);
  });

  it('matches the library on many values (the cached affine form is exact)', () => {
    const c = units.conversion('[degF]', 'K');
    for (const v of [-40, 0, 98.6, 451, 1e6])
      expect(c.convert(v)).toBeCloseTo(((v - 32) * 5) / 9 + 273.15, 6);
  });

  it('names the unit and the series for an unknown unit', () => {
    expect(() => units.conversion('furlongs', 'm', 'plant/m1/len')).toThrow(
      /unknown unit "furlongs" for plant\/m1\/len/,
    );
  });

  it('reads counts and Chinese unit names; a unit with blanks is refused without asking the library', () => {
    expect(['pcs', 'PCS', '个', '件', 'pieces'].map((u) => units.normalize(u))).toEqual(
      Array(5).fill('{pcs}'),
    );
    expect(units.conversion('兆帕', 'kPa').convert(1.2)).toBeCloseTo(1200, 9);
    expect(units.conversion('转/分', 'Hz').convert(1500)).toBeCloseTo(25, 9);
    expect(units.conversion('千瓦时', 'kW.h').identity).toBe(true);
    expect(units.conversion('pcs', '1').convert(7)).toBe(7);
    expect(() => units.normalize('Zone 1', 'a/t')).toThrow(/unknown unit "Zone 1" for a\/t/);
  });

  it('names both units for incommensurable units', () => {
    try {
      units.conversion('m', 'kPa', 'plant/m1/p');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'INGEST_BAD_UNIT', field: 'plant/m1/p' });
      expect(String(e)).toMatch(/cannot convert "m" to "kPa" for plant\/m1\/p/);
    }
  });

  it('normalises aliases to UCUM codes', () => {
    expect(units.normalize('°C')).toBe('Cel');
    expect(units.normalize('PSI')).toBe('[psi]');
    expect(units.normalize('rpm')).toBe('/min');
    expect(units.normalize('kPa')).toBe('kPa');
    expect(units.conversion('degC', 'Cel').identity).toBe(true);
  });
});
