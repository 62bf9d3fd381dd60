import { describe, expect, it } from 'vitest';
import { et0Rows, type Json, loadFao56 } from '../../../../eval/lib/fao56-cases.js';
import { XinzhiError } from '../../../core/index.js';
import {
  dayOfYear,
  et0Daily,
  et0Hourly,
  et0HourlySeries,
  midMonthDayOfYear,
  validateDailyWeather,
} from './index.js';

const data: Json | undefined = loadFao56();
const withData = data ? describe : describe.skip;
if (!data)
  console.warn('fao56 benchmark missing (../shared/benchmarks/fao56 or $XINZHI_BENCHMARKS): skipping');

withData('FAO-56 worked examples (benchmark fao56/examples.json)', () => {
  const rows = data ? et0Rows(data) : [];
  it.each(rows.map((r) => [`${r.example} · ${r.quantity}`, r] as const))('%s', (_name, r) => {
    expect(Math.abs(r.ours - r.published)).toBeLessThanOrEqual(0.5 * 10 ** -r.decimals + 1e-9);
  });

  it('covers every chapter 3 and 4 example of the file', () => {
    const ids = new Set(rows.map((r) => r.example.split(' ').slice(0, 2).join(' ')));
    for (const n of [2, 3, 4, 5, 8, 9, 10, 11, 13, 14, 15, 17, 18, 19, 20]) expect(ids).toContain(`Ex ${n}`);
  });

  it('matches the unrounded intermediates of Example 19 (hourly) to 1e-3 relative', () => {
    const e = (data.eto_examples as Json[]).find((x: Json) => String(x.id).startsWith('fao56_ex19_'));
    const site = {
      latitudeDeg: e.inputs.latitude_deg,
      elevationM: 8,
      longitudeDeg: -16.25,
      timeZoneMeridianDeg: -15,
    };
    const results = et0HourlySeries(
      site,
      (e.periods as Json[]).map((p: Json) => ({
        dayOfYear: 274,
        midpointHour: p.inputs.t_mid_h,
        t: p.inputs.T_C,
        rh: p.inputs.RH_pct,
        u2: p.inputs.u2_m_s,
        rs: p.inputs.Rs_MJ_m2_h,
      })),
    );
    (e.periods as Json[]).forEach((p: Json, i: number) => {
      const r = results[i]!;
      const c = p.computed;
      const pairs: [number, number][] = [
        [r.delta, c.delta],
        [r.ea, c.ea],
        [r.seasonalCorrection, c.Sc],
        [r.omega, c.omega],
        [r.omega1, c.omega1],
        [r.omega2, c.omega2],
        [r.ra, c.Ra],
        [r.rso, c.Rso],
        [r.rsRso, c.Rs_Rso],
        [r.rnl, c.Rnl],
        [r.rn, c.Rn],
        [r.g, c.G],
        [r.et0, c.ETo],
      ];
      for (const [ours, ref] of pairs)
        expect(Math.abs(ours - ref)).toBeLessThanOrEqual(1e-3 * Math.abs(ref) + 1e-4);
    });
  });

  it('matches the unrounded intermediates of Examples 17, 18 and 20 to 1e-3 relative', () => {
    const keys: [string, string][] = [
      ['gamma', 'gamma'],
      ['delta', 'delta'],
      ['es', 'es'],
      ['ea', 'ea'],
      ['vpd', 'vpd'],
      ['dr', 'dr'],
      ['declination', 'decl'],
      ['sunsetHourAngle', 'ws'],
      ['ra', 'Ra'],
      ['daylightHours', 'N'],
      ['rs', 'Rs'],
      ['rso', 'Rso'],
      ['rns', 'Rns'],
      ['rnl', 'Rnl'],
      ['rn', 'Rn'],
      ['radiationTerm', 'radiation_term'],
      ['aeroTerm', 'aero_term'],
      ['et0', 'ETo'],
    ];
    const e18 = (data.eto_examples as Json[]).find((x: Json) => String(x.id).startsWith('fao56_ex18_'));
    const r18 = et0Daily(
      { latitudeDeg: 50.8, elevationM: 100 },
      {
        dayOfYear: 187,
        tMax: 21.5,
        tMin: 12.3,
        rhMax: 84,
        rhMin: 63,
        windSpeed: 10 / 3.6,
        windHeight: 10,
        sunshineHours: 9.25,
      },
    ) as unknown as Record<string, number>;
    const e20 = (data.eto_examples as Json[]).find((x: Json) => String(x.id).startsWith('fao56_ex20_'));
    const r20 = et0Daily(
      { latitudeDeg: e20.inputs.latitude_deg, elevationM: 200 },
      { dayOfYear: 196, tMax: 26.6, tMin: 14.8 },
    ) as unknown as Record<string, number>;
    for (const [r, c] of [
      [r18, e18.computed],
      [r20, e20.computed],
    ] as const)
      for (const [ours, theirs] of keys)
        expect(Math.abs(r[ours]! - c[theirs]), `${ours}`).toBeLessThanOrEqual(
          1e-3 * Math.abs(c[theirs]) + 1e-5,
        );
  });
});

describe('missing-data procedures and validation', () => {
  const site = { latitudeDeg: 45.72, elevationM: 200 };
  it('says which procedure filled each missing quantity', () => {
    const r = et0Daily(site, { date: '2024-07-14', tMax: 26.6, tMin: 14.8 });
    expect(r.sources).toEqual({ humidity: 'tmin', radiation: 'temperature', wind: 'default' });
    expect(r.estimated).toHaveLength(3);
    const full = et0Daily(site, {
      date: '2024-07-14',
      tMax: 26.6,
      tMin: 14.8,
      rhMax: 80,
      rhMin: 40,
      rs: 25,
      u2: 3,
    });
    expect(full.estimated).toEqual([]);
    expect(full.sources).toEqual({ humidity: 'rh-max-min', radiation: 'measured', wind: 'u2' });
  });

  it('prefers the humidity variants in the paper order', () => {
    const base = { date: '2024-07-14', tMax: 30, tMin: 15 } as const;
    expect(et0Daily(site, { ...base, ea: 1.5, tDew: 10, rhMean: 50 }).sources.humidity).toBe('ea');
    expect(et0Daily(site, { ...base, tDew: 10, rhMean: 50 }).sources.humidity).toBe('dew-point');
    expect(et0Daily(site, { ...base, tWet: 20, rhMean: 50 }).sources.humidity).toBe('psychrometer');
    expect(et0Daily(site, { ...base, rhMax: 90, rhMean: 50 }).sources.humidity).toBe('rh-max');
    expect(et0Daily(site, { ...base, rhMean: 50 }).sources.humidity).toBe('rh-mean');
    expect(et0Daily(site, { ...base, sunshineHours: 10 }).sources.radiation).toBe('sunshine');
    expect(et0Daily(site, { ...base, windSpeed: 3, windHeight: 10 }).sources.wind).toBe('height');
  });

  it('lists every problem of a bad day and throws naming the field', () => {
    const issues = validateDailyWeather({ date: '2024-02-30', tMax: 10, tMin: 20, rhMax: 120, u2: -1 });
    expect(issues.map((i) => i.where).sort()).toEqual(['date', 'rhMax', 'tMax', 'u2']);
    expect(() => et0Daily(site, { date: '2024-07-01', tMax: 10, tMin: 20 })).toThrow(XinzhiError);
    expect(() => et0Daily({ latitudeDeg: 95, elevationM: 0 }, { dayOfYear: 1, tMax: 1, tMin: 0 })).toThrow(
      /latitude/,
    );
  });

  it('handles polar day and night without NaN', () => {
    const winter = et0Daily({ latitudeDeg: 78, elevationM: 10 }, { dayOfYear: 355, tMax: -10, tMin: -20 });
    const summer = et0Daily({ latitudeDeg: 78, elevationM: 10 }, { dayOfYear: 172, tMax: 8, tMin: 2 });
    expect(winter.ra).toBe(0);
    expect(Number.isFinite(winter.et0)).toBe(true);
    expect(summer.daylightHours).toBeCloseTo(24, 6);
  });

  it('computes day numbers the paper way', () => {
    expect(dayOfYear('2023-09-03')).toBe(246);
    expect(dayOfYear('2024-12-31')).toBe(366);
    expect(midMonthDayOfYear(4)).toBe(106);
    expect(() => dayOfYear('2023-13-01')).toThrow(XinzhiError);
  });

  it('requires radiation and humidity for an hourly step', () => {
    const s = { latitudeDeg: 16, elevationM: 8, longitudeDeg: -16, timeZoneMeridianDeg: 0 };
    expect(() => et0Hourly(s, { dayOfYear: 1, midpointHour: 12, t: 20, rs: 1 })).toThrow(/rh/);
    const r = et0Hourly(s, { dayOfYear: 1, midpointHour: 12.5, t: 25, rh: 50, rs: 2 });
    expect(r.daylight).toBe(true);
    expect(r.estimated).toHaveLength(1);
  });
});
