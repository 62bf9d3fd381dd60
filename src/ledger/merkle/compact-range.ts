/**
 * The right edge of an append-only Merkle tree (the "compact range" / frontier): one perfect
 * subtree hash per set bit of the size. Appending a leaf merges equal-height subtrees, so an
 * append costs O(1) amortised hashes and the tree head O(log n), with no recomputation.
 */
import { EMPTY_ROOT, type Hash, nodeHash } from './hash.js';
import type { NodeId } from './tree-math.js';

export interface CompletedNode extends NodeId {
  readonly hash: Hash;
}

export class CompactRange {
  /** Perfect subtrees from the largest (leftmost) to the smallest, with their levels. */
  private readonly stack: { level: number; hash: Hash }[] = [];
  private n = 0;

  /** Rebuilds a compact range from the perfect subtrees of `size`'s decomposition (left to right). */
  static fromSubtrees(size: number, hashes: readonly Hash[]): CompactRange {
    const levels = CompactRange.decomposition(size);
    if (levels.length !== hashes.length) throw new RangeError('subtree count does not match size');
    const cr = new CompactRange();
    for (const [i, node] of levels.entries()) cr.stack.push({ level: node.level, hash: hashes[i]! });
    cr.n = size;
    return cr;
  }

  /** Levels of the perfect subtrees that make up a tree of `size` leaves, left to right. */
  static decomposition(size: number): NodeId[] {
    const out: NodeId[] = [];
    let offset = 0;
    for (let level = 60; level >= 0; level--) {
      const w = 2 ** level;
      if (size - offset >= w) {
        out.push({ level, index: offset / w });
        offset += w;
      }
    }
    return out;
  }

  get size(): number {
    return this.n;
  }

  /**
   * Appends one leaf hash. Calls `onComplete` for every perfect subtree the append completes at
   * level ≥ 1 (so a store can keep some of them), bottom-up.
   */
  append(leaf: Hash, onComplete?: (node: CompletedNode) => void): void {
    let hash = leaf;
    let level = 0;
    let index = this.n;
    while (this.stack.length > 0 && this.stack[this.stack.length - 1]!.level === level) {
      const left = this.stack.pop()!;
      hash = nodeHash(left.hash, hash);
      level++;
      index = Math.floor(index / 2);
      onComplete?.({ level, index, hash });
    }
    this.stack.push({ level, hash });
    this.n++;
  }

  /** MTH of the leaves appended so far. */
  root(): Hash {
    if (this.stack.length === 0) return EMPTY_ROOT;
    let h = this.stack[this.stack.length - 1]!.hash;
    for (let i = this.stack.length - 2; i >= 0; i--) h = nodeHash(this.stack[i]!.hash, h);
    return h;
  }

  clone(): CompactRange {
    const c = new CompactRange();
    c.stack.push(...this.stack.map((s) => ({ ...s })));
    c.n = this.n;
    return c;
  }
}
