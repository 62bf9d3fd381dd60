/**
 * Where the public benchmark data lives: `$XINZHI_BENCHMARKS`, else `../shared/benchmarks/`
 * relative to the repository root. The data is read in place, never copied into the repo.
 */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Root of the shared benchmark data. */
export function benchmarksRoot(): string {
  return process.env['XINZHI_BENCHMARKS'] ?? join(repoRoot, '..', 'shared', 'benchmarks');
}

/** Absolute path of a benchmark file or folder, or undefined when it is missing. */
export function benchmarkPath(...parts: string[]): string | undefined {
  const p = join(benchmarksRoot(), ...parts);
  return existsSync(p) ? p : undefined;
}

/** Like `benchmarkPath`, but says on stderr where it looked when the data is missing. */
export function benchmarkDir(...parts: string[]): string | undefined {
  const p = benchmarkPath(...parts);
  if (p === undefined) {
    console.warn(
      `benchmark data not found at ${join(benchmarksRoot(), ...parts)}: set XINZHI_BENCHMARKS to the benchmarks folder`,
    );
  }
  return p;
}
