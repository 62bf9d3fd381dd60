/**
 * Which subtree hashes make up an inclusion or consistency proof (RFC 9162 §2.1.3.1 PATH and
 * §2.1.4.1 PROOF/SUBPROOF), as lists of perfect subtrees to fetch. Planning is pure, so a store
 * can fetch every needed hash in a few range reads and the proof is then folded in memory.
 * Each proof element is MTH of a range; a range that is not a perfect subtree (the right edge of
 * the tree) is the right-to-left fold of its decomposition.
 */
import { type NodeId, rangeDecomposition, splitPoint } from './tree-math.js';

/** One proof element: the fold of these perfect subtrees, left to right. */
export type ProofElementPlan = readonly NodeId[];

/** PATH(index, D[0:size]), ordered from the leaf upwards as RFC 9162 emits it. */
export function inclusionPlan(index: number, size: number): ProofElementPlan[] {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) {
    throw new RangeError(`leaf index ${index} is outside a tree of size ${size}`);
  }
  const topDown: ProofElementPlan[] = [];
  let start = 0;
  let end = size;
  let m = index;
  while (end - start > 1) {
    const k = splitPoint(end - start);
    if (m < k) {
      topDown.push(rangeDecomposition(start + k, end));
      end = start + k;
    } else {
      topDown.push(rangeDecomposition(start, start + k));
      start += k;
      m -= k;
    }
  }
  return topDown.reverse();
}

/** PROOF(size1, D[0:size2]) for 0 < size1 < size2, ordered as RFC 9162 emits it. */
export function consistencyPlan(size1: number, size2: number): ProofElementPlan[] {
  if (!Number.isSafeInteger(size1) || !Number.isSafeInteger(size2) || size1 <= 0 || size1 > size2) {
    throw new RangeError(`no consistency proof from size ${size1} to size ${size2}`);
  }
  const topDown: ProofElementPlan[] = [];
  let start = 0;
  let end = size2;
  let m = size1;
  let complete = true;
  while (true) {
    const n = end - start;
    if (m === n) {
      if (!complete) topDown.push(rangeDecomposition(start, end));
      break;
    }
    const k = splitPoint(n);
    if (m <= k) {
      topDown.push(rangeDecomposition(start + k, end));
      end = start + k;
    } else {
      topDown.push(rangeDecomposition(start, start + k));
      start += k;
      m -= k;
      complete = false;
    }
  }
  return topDown.reverse();
}
