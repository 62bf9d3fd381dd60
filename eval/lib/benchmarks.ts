import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** Root of the shared benchmark data: `$XINZHI_BENCHMARKS` or `../shared/benchmarks` from the repo root. */
export function benchmarksRoot(): string {
  return process.env['XINZHI_BENCHMARKS'] ?? resolve(process.cwd(), '..', 'shared', 'benchmarks');
}

/** Path of a benchmark folder, or undefined (with the reason printed) when it is missing. */
export function benchmarkDir(...parts: string[]): string | undefined {
  const dir = join(benchmarksRoot(), ...parts);
  if (existsSync(dir)) return dir;
  console.warn(`benchmark data not found at ${dir}: set XINZHI_BENCHMARKS to the benchmarks folder`);
  return undefined;
}
