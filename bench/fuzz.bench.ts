/**
 * `npm run bench -- fuzz [--scale 4] [--seed n] [--json]`: the issue-13 fuzz suite with more inputs
 * than CI runs, printing inputs tried and crashes per target (the closing figure: crashes 0).
 */
import { parserTargets, routeTargets, runFuzz } from '../test/fuzz/targets.js';

export async function run(args: string[]): Promise<void> {
  const arg = (name: string): number | undefined => {
    const i = args.indexOf(name);
    return i >= 0 && args[i + 1] !== undefined ? Number(args[i + 1]) : undefined;
  };
  const scale = arg('--scale') ?? 2;
  const seed = arg('--seed');
  const started = performance.now();
  const rows = [
    ...(await runFuzz(parserTargets(), scale, seed)),
    ...(await runFuzz(await routeTargets(), scale, seed)),
  ];
  const seconds = (performance.now() - started) / 1000;
  if (args.includes('--json')) {
    console.log(JSON.stringify({ benchmark: 'fuzz', scale, seconds, rows }, null, 2));
    return;
  }
  const header = ['target', 'inputs tried', 'crashes', 'first crash'];
  const body = rows.map((r) => [
    r.target,
    r.inputs.toLocaleString('en-US'),
    String(r.crashes),
    r.first ? `${r.first.error} on ${r.first.input}` : '—',
  ]);
  const total = rows.reduce((a, r) => a + r.inputs, 0);
  const crashes = rows.reduce((a, r) => a + r.crashes, 0);
  body.push([
    'total',
    total.toLocaleString('en-US'),
    String(crashes),
    `${seconds.toFixed(1)} s, scale ${scale}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  const line = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log('\nfuzz: inputs tried and crashes per target\n');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const b of body) console.log(line(b));
  if (crashes > 0) process.exitCode = 1;
}
