/** ET0 for a run of daily weather rows, each saying which missing-data procedures it used. */
import type { Issue, Result } from '../../core/index.js';
import { fail, ok } from '../../core/index.js';
import { type Et0Options, et0Daily, type Site, validateDailyWeather } from './et0/et0-daily.js';
import type { WeatherRow } from './weather-csv.js';

export interface Et0Row {
  readonly date: string;
  readonly et0: number;
  readonly ra: number;
  readonly rs: number;
  readonly rn: number;
  readonly ea: number;
  readonly u2: number;
  readonly sources: { readonly humidity: string; readonly radiation: string; readonly wind: string };
  /** The FAO-56 missing-data procedures applied on this day (empty when all was measured). */
  readonly estimated: readonly string[];
}

const r4 = (x: number): number => Math.round(x * 1e4) / 1e4;

/** Computes every row, or lists every row's problems. */
export function et0Series(
  site: Site,
  rows: readonly WeatherRow[],
  options: Et0Options = {},
): Result<Et0Row[]> {
  const issues: Issue[] = rows.flatMap((w) => validateDailyWeather(w, w.date));
  if (issues.length > 0) return fail(...issues);
  return ok(
    rows.map((w) => {
      const r = et0Daily(site, w, options);
      return {
        date: w.date,
        et0: r4(r.et0),
        ra: r4(r.ra),
        rs: r4(r.rs),
        rn: r4(r.rn),
        ea: r4(r.ea),
        u2: r4(r.u2),
        sources: r.sources,
        estimated: r.estimated,
      };
    }),
  );
}
