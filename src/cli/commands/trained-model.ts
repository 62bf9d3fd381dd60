/** What the training commands (`rul`, `nlp`, `vision train`) say about where a trained model went. */

/**
 * The end of a training command's one-line summary: the model file written with `--out` and the
 * registry entry made with `--register`, each only when there is one.
 */
export const modelDestinations = (
  out: string | undefined,
  registered: { readonly name: string; readonly version: number } | undefined,
): string =>
  (out ? `; model written to ${out}` : '') +
  (registered ? `; registered as ${registered.name} v${registered.version} (production)` : '');
