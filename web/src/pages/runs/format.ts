/** A metric or configuration value as a cell shows it: numbers to four places, objects as JSON. */
export const fmt = (v: unknown): string =>
  typeof v === 'number' ? String(Number(v.toFixed(4))) : typeof v === 'string' ? v : JSON.stringify(v);
