/** Test helper: a temporary folder for a CLI test's input files, and a writer of such files. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempFiles {
  readonly dir: string;
  /** Writes `text` to `name` in the folder and returns its path. */
  readonly file: (name: string, text: string) => string;
}

export function tempFiles(prefix: string): TempFiles {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    file: (name, text) => {
      const p = join(dir, name);
      writeFileSync(p, text);
      return p;
    },
  };
}
