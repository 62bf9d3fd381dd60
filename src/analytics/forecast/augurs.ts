/**
 * Loads the `@bsull/augurs` WebAssembly submodules once per process. In Node the wasm-bindgen
 * modules cannot fetch their `.wasm` files, so each is initialised with `initSync` and the bytes
 * read from the package folder (the package `exports` map does not list the `.wasm` files, so the
 * folder is found from its main entry).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ets from '@bsull/augurs/ets';
import * as mstl from '@bsull/augurs/mstl';
import * as seasons from '@bsull/augurs/seasons';

let ready = false;

export function loadAugurs(): { ets: typeof ets; mstl: typeof mstl; seasons: typeof seasons } {
  if (!ready) {
    const dir = dirname(createRequire(import.meta.url).resolve('@bsull/augurs'));
    ets.initSync({ module: readFileSync(join(dir, 'ets_bg.wasm')) });
    mstl.initSync({ module: readFileSync(join(dir, 'mstl_bg.wasm')) });
    seasons.initSync({ module: readFileSync(join(dir, 'seasons_bg.wasm')) });
    ready = true;
  }
  return { ets, mstl, seasons };
}
