/**
 * Split-view (equivocation) detection: two checkpoints from the same log, both validly signed,
 * that cannot describe the same append-only history. The evidence is the two signed notes (and
 * the proof that failed), which anyone can re-check with the log's public key.
 */
import { parseCheckpoint } from '../log/checkpoint.js';
import { openNote } from '../log/note.js';
import type { Verifier } from '../log/signer.js';
import { toHex } from '../merkle/hash.js';
import { verifyConsistency } from '../merkle/verify.js';

export interface SplitViewEvidence {
  readonly kind: 'same-size-different-root' | 'inconsistent';
  readonly origin: string;
  readonly sizes: readonly [number, number];
  readonly roots: readonly [string, string];
  /** Both signed notes, verbatim. */
  readonly notes: readonly [string, string];
  readonly proof: readonly string[];
  readonly explanation: string;
}

/**
 * Compares two checkpoints of the same log. Returns evidence when they fork; undefined when they
 * are consistent (a valid `proof` from the smaller to the larger is needed to show that).
 * Throws when a note does not verify with the log key (that is not evidence against the log).
 */
export function detectSplitView(
  a: string,
  b: string,
  logVerifiers: readonly Verifier[],
  proof: readonly Buffer[] = [],
): SplitViewEvidence | undefined {
  const cps = [a, b].map((n, i) => {
    const o = openNote(n, logVerifiers);
    if (!o.ok) throw new Error(`checkpoint ${i + 1}: ${o.issues[0]?.message}`);
    const c = parseCheckpoint(o.value.body);
    if (!c.ok) throw new Error(`checkpoint ${i + 1}: ${c.issues[0]?.message}`);
    return c.value;
  });
  let [x, y] = cps as [(typeof cps)[0], (typeof cps)[0]];
  let [nx, ny] = [a, b];
  if (x.origin !== y.origin) throw new Error(`different logs: ${x.origin} and ${y.origin}`);
  if (x.size > y.size) {
    [x, y] = [y, x];
    [nx, ny] = [ny, nx];
  }
  const base = {
    origin: x.origin,
    sizes: [x.size, y.size] as const,
    roots: [toHex(x.root), toHex(y.root)] as const,
    notes: [nx, ny] as const,
    proof: proof.map(toHex),
  };
  if (x.size === y.size) {
    if (x.root.equals(y.root)) return undefined;
    return {
      ...base,
      kind: 'same-size-different-root',
      explanation: `two signed trees of size ${x.size} with different roots`,
    };
  }
  if (x.size === 0 && x.root.length === 32) return undefined;
  if (verifyConsistency({ size1: x.size, size2: y.size, root1: x.root, root2: y.root, proof }))
    return undefined;
  return {
    ...base,
    kind: 'inconsistent',
    explanation: `no valid consistency proof links size ${x.size} to size ${y.size}`,
  };
}
