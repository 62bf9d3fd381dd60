/**
 * Unit spellings people type, mapped to UCUM codes. UCUM is strict (`Cel`, `[degF]`, `[psi]`);
 * CSV headers and device payloads are not. Lookup is exact first, then case-insensitive.
 *
 * `rpm` maps to `/min` (per minute), not the annotation `{rpm}`: `/min` is commensurable with
 * `Hz` and `/s`, so a series in rpm can take readings in Hz; an annotation cannot convert.
 */
export const UNIT_ALIASES: Readonly<Record<string, string>> = {
  '°C': 'Cel',
  '℃': 'Cel',
  degC: 'Cel',
  'deg C': 'Cel',
  celsius: 'Cel',
  C: 'Cel',
  '°F': '[degF]',
  '℉': '[degF]',
  degF: '[degF]',
  'deg F': '[degF]',
  fahrenheit: '[degF]',
  F: '[degF]',
  kelvin: 'K',
  psi: '[psi]',
  psig: '[psi]',
  inHg: "[in_i'Hg]",
  mmHg: 'mm[Hg]',
  rpm: '/min',
  'r/min': '/min',
  RPM: '/min',
  '%': '%',
  pct: '%',
  percent: '%',
  '%RH': '%',
  ppm: '[ppm]',
  ppb: '[ppb]',
  kWh: 'kW.h',
  Wh: 'W.h',
  MWh: 'MW.h',
  kVAh: 'kV.A.h',
  kVA: 'kV.A',
  VA: 'V.A',
  'm/s²': 'm/s2',
  'm³': 'm3',
  'm³/h': 'm3/h',
  'l/min': 'L/min',
  lpm: 'L/min',
  gpm: '[gal_us]/min',
  gal: '[gal_us]',
  in: '[in_i]',
  ft: '[ft_i]',
  mph: '[mi_i]/h',
  'km/h': 'km/h',
  kph: 'km/h',
  lb: '[lb_av]',
  lbs: '[lb_av]',
  oz: '[oz_av]',
  hp: '[HP]',
  sec: 's',
  secs: 's',
  hr: 'h',
  hrs: 'h',
  none: '1',
  '': '1',
  '-': '1',
};

const LOWER: ReadonlyMap<string, string> = new Map(
  Object.entries(UNIT_ALIASES)
    // Single letters are case-sensitive in UCUM (`C` coulomb-like confusion, `F` farad): only exact.
    .filter(([k]) => k.length > 1)
    .map(([k, v]) => [k.toLowerCase(), v]),
);

/** The UCUM code for a user-typed unit: an alias if one matches, else the input trimmed. */
export function unitAlias(input: string): string {
  const s = input.trim();
  return UNIT_ALIASES[s] ?? LOWER.get(s.toLowerCase()) ?? s;
}
