import { describe, expect, it } from 'vitest';
import { buildMapping, guessRole } from './mapping.js';

describe('column mapping', () => {
  it('guesses the role of a column from its name', () => {
    expect(['Timestamp', ' ts ', 'series', 'VALUE', 'unit', 'temp'].map(guessRole)).toEqual([
      'time',
      'time',
      'series',
      'value',
      'unit',
      'wide',
    ]);
  });

  it('maps long data by series, or by asset and metric, with the unit when there is one', () => {
    expect(
      buildMapping(['time', 'series', 'value', 'unit'], ['time', 'series', 'value', 'unit'], ''),
    ).toEqual({
      map: { time: 'time', value: 'value', series: 'series', unit: 'unit' },
    });
    expect(buildMapping(['t', 'a', 'm', 'v'], ['time', 'asset', 'metric', 'value'], '')).toEqual({
      map: { time: 't', value: 'v', asset: 'a', metric: 'm' },
    });
    expect(buildMapping(['t', 'a', 'v'], ['time', 'asset', 'value'], '').problem).toBe('import.needSeries');
  });

  it('maps wide data under the asset given, skipping the columns neither time nor metric', () => {
    const header = ['time', 'temp', 'note', 'pressure'];
    expect(buildMapping(header, ['time', 'wide', 'ignore', 'wide'], 'p1/l1/m1')).toEqual({
      map: { time: 'time', skip: ['note'] },
    });
    expect(buildMapping(header, ['time', 'wide', 'ignore', 'wide'], ' ').problem).toBe('import.needAsset');
    expect(buildMapping(header, ['time', 'ignore', 'ignore', 'ignore'], 'a').problem).toBe(
      'import.needValue',
    );
  });

  it('needs exactly one time column', () => {
    expect(buildMapping(['a', 'b'], ['wide', 'wide'], 'x').problem).toBe('import.needTime');
    expect(buildMapping(['a', 'b'], ['time', 'time'], 'x').problem).toBe('import.needTime');
  });
});
