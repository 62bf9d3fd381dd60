/**
 * Where the public benchmark data lives: `$XINZHI_BENCHMARKS`, else `../shared/benchmarks/`
 * relative to the repository root. The data is read in place, never copied into the repo.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Absolute path of a benchmark file, or undefined when it is missing. */
export function benchmarkPath(...parts: string[]): string | undefined {
  const base = process.env['XINZHI_BENCHMARKS'] ?? join(repoRoot, '..', 'shared', 'benchmarks');
  const p = join(base, ...parts);
  return existsSync(p) ? p : undefined;
}
