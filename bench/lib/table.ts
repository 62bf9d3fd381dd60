/**
 * Benchmark rows and their printing. Every row compares a measurement with a baseline measured in
 * the same run, because these machines are noisy: the ratio is the figure that matters.
 */
import { textTable } from '../../src/core/index.js';

export interface BenchRow {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  /** Baseline measured in the same run, same unit; omitted when the goal is absolute. */
  readonly baseline?: { readonly name: string; readonly value: number };
  /** `value / baseline.value` (or the inverse for lower-is-better units), reported as `ratio`. */
  readonly ratio?: number;
  /** Human statement of the goal, e.g. `≥ 0.6× raw insert`. */
  readonly goal: string;
  readonly pass: boolean;
  readonly notes?: string;
}

const fmt = (n: number): string =>
  Math.abs(n) >= 1000 ? Math.round(n).toLocaleString('en-US') : n >= 10 ? n.toFixed(1) : n.toPrecision(3);

/** Prints rows as an aligned table, or as JSON when `--json` is in args. */
export function printRows(title: string, rows: readonly BenchRow[], args: readonly string[]): void {
  if (args.includes('--json')) {
    console.log(JSON.stringify({ benchmark: title, rows }, null, 2));
    return;
  }
  const header = ['measure', 'value', 'baseline', 'ratio', 'goal', 'pass'];
  const body = rows.map((r) => [
    r.name,
    `${fmt(r.value)} ${r.unit}`,
    r.baseline ? `${fmt(r.baseline.value)} ${r.unit} (${r.baseline.name})` : '—',
    r.ratio === undefined ? '—' : `${r.ratio.toFixed(2)}×`,
    r.goal,
    r.pass ? 'yes' : 'NO',
  ]);
  console.log(`\n${title}\n`);
  for (const line of textTable([header, ...body], { rule: true })) console.log(line);
  for (const r of rows) if (r.notes) console.log(`  · ${r.name}: ${r.notes}`);
}
