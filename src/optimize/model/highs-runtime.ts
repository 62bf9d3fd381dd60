/**
 * Loads the HiGHS WebAssembly runtime once per process (or worker thread) and shares it: loading
 * compiles the module (tens to hundreds of milliseconds), while each model is a cheap native
 * instance created and disposed per solve. This is the one module-level cache of the engine, on
 * purpose: the runtime is immutable and process-wide, like a loaded library.
 */

import type { Highs } from 'highs';
import * as highsModule from 'highs';

type Loader = () => Promise<Highs>;
// `highs` ships CommonJS typings with an ES default export; at run time Node's ESM import gives the
// loader as `default`, while the typings see it one level down.
const mod = highsModule as unknown as { default: Loader | { default: Loader } };
const loadHighs: Loader = typeof mod.default === 'function' ? mod.default : mod.default.default;

let runtime: Promise<Highs> | undefined;

/** The process's HiGHS runtime, loaded on first use. */
export function highsRuntime(): Promise<Highs> {
  const r =
    runtime ??
    loadHighs().catch((e: unknown) => {
      runtime = undefined;
      throw e;
    });
  runtime = r;
  return r;
}
