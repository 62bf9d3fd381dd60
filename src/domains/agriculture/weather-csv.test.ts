import { describe, expect, it } from 'vitest';
import { parseWeatherCsv } from './weather-csv.js';

describe('parseWeatherCsv', () => {
  it('reads the columns into daily weather, empty cells left out', () => {
    const r = parseWeatherCsv('Date,TMax,TMin,rain\n2024-06-01,30,18,2\n2024-06-02,31,17,\n');
    expect(r).toEqual({
      ok: true,
      value: [
        { date: '2024-06-01', tMax: 30, tMin: 18, rain: 2 },
        { date: '2024-06-02', tMax: 31, tMin: 17 },
      ],
    });
  });

  it('names every problem by line and column', () => {
    const r = parseWeatherCsv('date,tmax,tmin\n2024-06-02,30,x\n2024-06-01,31,\n', 'w.csv');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues.map((i) => `${i.where}: ${i.message}`)).toEqual([
      "w.csv:2 tmin: 'x' is not a number",
      'w.csv:3 tmin: tmin is required',
      'w.csv:3 date: dates must increase (2024-06-01 after 2024-06-02)',
    ]);
    expect(parseWeatherCsv('date,tmax,tmin\n')).toMatchObject({
      ok: false,
      issues: [{ message: 'no data rows' }],
    });
  });
});
