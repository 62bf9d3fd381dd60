/**
 * xinzhi's version, read once from `package.json`: the CLI's `--version`, the health route and the
 * OpenAPI document all show this one string. The file sits two folders up both from
 * `src/core/` (run by tsx) and from `dist/core/` (built), and ships in the npm package.
 */
import { readFileSync } from 'node:fs';

function readVersion(): string {
  const pkg: unknown = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  const v = (pkg as { version?: unknown }).version;
  if (typeof v !== 'string') throw new Error('package.json has no version');
  return v;
}

export const VERSION: string = readVersion();
