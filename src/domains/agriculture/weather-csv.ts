/**
 * Daily weather CSV for `xinzhi agri et0 --daily` and `agri gdd --daily` (columns in
 * docs/agriculture.md). Header names are case-insensitive; empty cells are missing values, which
 * the ET0 computation fills by the FAO-56 procedures. Returns every problem, by line and column.
 */
import { parse } from 'csv-parse/sync';
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import { dayOfYear } from './et0/day-of-year.js';
import type { DailyWeather } from './et0/et0-daily.js';

/** CSV column → DailyWeather field. `rain` is kept for the water balance. */
export const WEATHER_COLUMNS = {
  date: 'date',
  tmax: 'tMax',
  tmin: 'tMin',
  tdew: 'tDew',
  tdry: 'tDry',
  twet: 'tWet',
  rhmax: 'rhMax',
  rhmin: 'rhMin',
  rhmean: 'rhMean',
  ea: 'ea',
  rs: 'rs',
  sunshine: 'sunshineHours',
  u2: 'u2',
  wind: 'windSpeed',
  wind_height: 'windHeight',
  rain: 'rain',
  et0: 'et0',
} as const;

export type WeatherRow = DailyWeather & {
  readonly date: string;
  readonly rain?: number;
  readonly et0?: number;
};

type NumericField = Exclude<(typeof WEATHER_COLUMNS)[keyof typeof WEATHER_COLUMNS], 'date'>;

export function parseWeatherCsv(text: string, source = 'csv'): Result<WeatherRow[]> {
  let records: string[][];
  try {
    records = parse(text, { skip_empty_lines: true, trim: true, relax_column_count: true, comment: '#' });
  } catch (e) {
    return fail({ code: 'BAD_INPUT', message: `not valid CSV: ${(e as Error).message}`, where: source });
  }
  const [header, ...body] = records;
  if (!header) return fail({ code: 'BAD_INPUT', message: 'the file is empty', where: source });
  const names = header.map((h) => h.toLowerCase());
  const issues: Issue[] = [];
  const unknown = names.filter((n) => !(n in WEATHER_COLUMNS));
  if (unknown.length > 0)
    issues.push({
      code: 'BAD_INPUT',
      message: `unknown column(s) ${unknown.join(', ')}; known: ${Object.keys(WEATHER_COLUMNS).join(', ')}`,
      where: `${source}:1`,
    });
  for (const required of ['date', 'tmax', 'tmin'])
    if (!names.includes(required))
      issues.push({
        code: 'BAD_INPUT',
        message: `missing required column '${required}'`,
        where: `${source}:1`,
      });
  if (issues.length > 0) return fail(...issues);
  const rows: WeatherRow[] = [];
  let previous = '';
  body.forEach((cells, r) => {
    const line = r + 2;
    const values: { [K in NumericField]?: number } = {};
    let date: string | undefined;
    names.forEach((name, c) => {
      const raw = cells[c] ?? '';
      const key = WEATHER_COLUMNS[name as keyof typeof WEATHER_COLUMNS];
      if (raw === '') return;
      if (key === 'date') {
        try {
          dayOfYear(raw);
          date = raw.slice(0, 10);
        } catch {
          issues.push({
            code: 'BAD_INPUT',
            message: `'${raw}' is not a date (YYYY-MM-DD)`,
            where: `${source}:${line} date`,
          });
        }
        return;
      }
      const v = Number(raw);
      if (!Number.isFinite(v))
        issues.push({
          code: 'BAD_INPUT',
          message: `'${raw}' is not a number`,
          where: `${source}:${line} ${name}`,
        });
      else values[key] = v;
    });
    const { tMax, tMin } = values;
    for (const [col, value] of [
      ['date', date],
      ['tmax', tMax],
      ['tmin', tMin],
    ] as const)
      if (value === undefined && !issues.some((i) => i.where === `${source}:${line} ${col}`))
        issues.push({ code: 'BAD_INPUT', message: `${col} is required`, where: `${source}:${line} ${col}` });
    if (date !== undefined) {
      if (date <= previous)
        issues.push({
          code: 'BAD_INPUT',
          message: `dates must increase (${date} after ${previous})`,
          where: `${source}:${line} date`,
        });
      previous = date;
    }
    // A row without them has its issue, so the file fails and the row is not needed.
    if (date !== undefined && tMax !== undefined && tMin !== undefined)
      rows.push({ date, ...values, tMax, tMin });
  });
  if (body.length === 0) issues.push({ code: 'BAD_INPUT', message: 'no data rows', where: source });
  return issues.length > 0 ? fail(...issues) : ok(rows);
}
