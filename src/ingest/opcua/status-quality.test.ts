import { describe, expect, it } from 'vitest';
import { QUALITY } from '../../core/index.js';
import { ucumOfUnitId, uneceCode } from './engineering-units.js';
import { statusVerdict } from './status-quality.js';

describe('statusVerdict', () => {
  it('stores Good, flags Uncertain, quarantines Bad', () => {
    expect(statusVerdict(0, 'Good')).toEqual({ kind: 'store', quality: 0 });
    expect(statusVerdict(0x40900000, 'UncertainLastUsableValue')).toEqual({
      kind: 'store',
      quality: QUALITY.UNCERTAIN,
    });
    const bad = statusVerdict(0x808b0000, 'BadSensorFailure');
    expect(bad).toMatchObject({ kind: 'quarantine' });
    expect(bad.kind === 'quarantine' && bad.reason).toContain('BadSensorFailure (0x808b0000)');
  });
});

describe('EngineeringUnits', () => {
  it('reads UNECE codes packed in unitId and maps known ones to UCUM', () => {
    expect(uneceCode(4408652)).toBe('CEL');
    expect(ucumOfUnitId(4408652)).toBe('Cel');
    expect(ucumOfUnitId(0)).toBeUndefined();
    expect(ucumOfUnitId(0x5a5a5a)).toBeUndefined();
  });
});
