/** Prints rows as an aligned text table, or as one JSON document when `--json` is in args. */
export function printTable(
  title: string,
  header: readonly string[],
  rows: readonly (readonly string[])[],
  args: readonly string[],
  extra: Record<string, unknown> = {},
): void {
  if (args.includes('--json')) return;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) =>
        /^[-+]?[0-9][-+0-9.e×% ]*$/.test(c) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0),
      )
      .join('  ');
  console.log(`\n${title}\n`);
  console.log(line(header));
  console.log(widths.map((w) => '─'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
  for (const [k, v] of Object.entries(extra)) console.log(`  · ${k}: ${String(v)}`);
}

/** Value of `--name v` or `--name=v` in args. */
export function argValue(args: readonly string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}
