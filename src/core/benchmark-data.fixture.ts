/**
 * Test helper: where the public benchmark data lives for the tests under `src/`, as
 * eval/lib/benchmarks.ts finds it for the evaluations: `$XINZHI_BENCHMARKS`, else
 * `../shared/benchmarks/` beside the repository. The data is read in place; tests skip without it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root =
  process.env['XINZHI_BENCHMARKS'] ??
  resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'benchmarks');

/** Absolute path of a benchmark file or folder, present or not. */
export const benchmarkPath = (...parts: string[]): string => join(root, ...parts);

/** A benchmark JSON file parsed (untyped, as published), or undefined when it is missing. */
// biome-ignore lint/suspicious/noExplicitAny: benchmark files are untyped JSON
export function benchmarkJson(...parts: string[]): any {
  const file = benchmarkPath(...parts);
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
}
