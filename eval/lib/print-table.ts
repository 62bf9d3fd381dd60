import { looksNumeric, textTable } from '../../src/core/index.js';

/** Prints rows as an aligned text table, or as one JSON document when `--json` is in args. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  args: readonly string[],
  extra: Record<string, unknown> = {},
): void {
  if (args.includes('--json')) return;
  console.log(`\n${title}\n`);
  for (const line of textTable([header, ...rows], { rule: true, right: looksNumeric })) console.log(line);
  for (const [k, v] of Object.entries(extra)) console.log(`  · ${k}: ${String(v)}`);
}

/** Value of `--name v` or `--name=v` in args. */
export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}
