/**
 * Column headers carry units: `temp [Cel]`, `temp (°F)`, `pressure [[psi]]`. The metric name is
 * the rest, with spaces and slashes made `_` so that it is one series-id segment.
 */
export interface HeaderColumn {
  readonly name: string;
  readonly metric: string;
  readonly unit: string | undefined;
}

const BRACKETS = /^(.*?)\s*\[(.+)\]\s*$/;
const PARENS = /^(.*?)\s*\((.+)\)\s*$/;

export const toMetric = (s: string): string => s.trim().replace(/[\s/]+/g, '_');

export function parseHeaderCell(cell: string): HeaderColumn {
  const name = cell.trim();
  const m = BRACKETS.exec(name) ?? PARENS.exec(name);
  if (m && m[1]!.trim() !== '') return { name, metric: toMetric(m[1]!), unit: m[2]!.trim() };
  return { name, metric: toMetric(name), unit: undefined };
}
