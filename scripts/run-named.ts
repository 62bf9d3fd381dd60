/**
 * Runs benchmarks (`bench/<name>.bench.ts`) or evaluations (`eval/<name>.eval.ts`) by name:
 *   npm run bench -- ingest [--json]      npm run eval -- nab
 * With no name it lists what exists. Each module exports `run(args: string[]): Promise<void>`.
 */
import { readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [kind, name, ...rest] = process.argv.slice(2);
if (kind !== 'bench' && kind !== 'eval') throw new Error('usage: run-named.ts bench|eval <name> [args]');
const dir = resolve(kind);
const suffix = `.${kind}.ts`;
const available = readdirSync(dir)
  .filter((f) => f.endsWith(suffix))
  .map((f) => f.slice(0, -suffix.length))
  .sort();
if (!name || name.startsWith('-')) {
  console.log(
    `usage: npm run ${kind} -- <name> [--json]\navailable: ${available.join(', ') || '(none yet)'}`,
  );
  process.exit(name ? 1 : 0);
}
if (!available.includes(name)) {
  console.error(`no ${kind} named '${name}'; available: ${available.join(', ')}`);
  process.exit(2);
}
const mod = (await import(pathToFileURL(join(dir, name + suffix)).href)) as {
  run: (args: string[]) => Promise<void>;
};
await mod.run(rest);
