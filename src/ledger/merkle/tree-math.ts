/**
 * Integer helpers for Merkle tree shapes. Sizes are JavaScript numbers (safe up to 2^53), so these
 * use arithmetic rather than 32-bit bitwise operators, which would wrap above 2^31.
 */

/** Largest power of two strictly smaller than n (n ≥ 2): the RFC 9162 split point k. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** Number of bits needed to write n (0 for 0). */
export function bitLength(n: number): number {
  let b = 0;
  while (n > 0) {
    n = Math.floor(n / 2);
    b++;
  }
  return b;
}

export const isPowerOfTwo = (n: number): boolean => n > 0 && 2 ** Math.round(Math.log2(n)) === n;

/** A perfect subtree: level L covers leaves [index·2^L, (index+1)·2^L). */
export interface NodeId {
  readonly level: number;
  readonly index: number;
}

/**
 * The perfect subtrees whose hashes fold (right to left) into MTH(D[start:end]), provided `start` is
 * a multiple of a power of two ≥ end − start, which holds for every range the RFC 9162 PATH and
 * PROOF recursions ask for. Left to right order.
 */
export function rangeDecomposition(start: number, end: number): NodeId[] {
  const out: NodeId[] = [];
  let s = start;
  let n = end - start;
  while (n > 0) {
    if (isPowerOfTwo(n)) {
      const level = Math.round(Math.log2(n));
      out.push({ level, index: s / n });
      break;
    }
    const k = splitPoint(n);
    const level = Math.round(Math.log2(k));
    out.push({ level, index: s / k });
    s += k;
    n -= k;
  }
  return out;
}
