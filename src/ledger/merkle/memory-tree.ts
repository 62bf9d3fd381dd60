/**
 * An in-memory Merkle tree over leaf hashes, with the same tile layout as the stored log. Used by
 * tests, by the audit (which rebuilds the tree from stored entries) and by anyone who holds all
 * leaves and wants roots and proofs without a database.
 */
import { CompactRange } from './compact-range.js';
import type { Hash } from './hash.js';
import { consistencyPlan, inclusionPlan } from './proof-plan.js';
import { TILE_HEIGHT, type TileSource, TreeReader } from './tree-reader.js';

export class MemoryTree implements TileSource {
  private readonly levels = new Map<number, Hash[]>([[0, []]]);
  private readonly range = new CompactRange();
  readonly reader = new TreeReader(this);

  constructor(leafHashes: readonly Hash[] = []) {
    for (const h of leafHashes) this.append(h);
  }

  get size(): number {
    return this.range.size;
  }

  append(leafHash: Hash): void {
    this.levels.get(0)!.push(leafHash);
    this.range.append(leafHash, (node) => {
      if (node.level % TILE_HEIGHT !== 0) return;
      const row = this.levels.get(node.level) ?? [];
      this.levels.set(node.level, row);
      row[node.index] = node.hash;
    });
  }

  root(): Hash {
    return this.range.root();
  }

  /** MTH of the first `size` leaves. */
  async rootAt(size: number): Promise<Hash> {
    if (size === this.size) return this.root();
    const parts = await Promise.all(CompactRange.decomposition(size).map((n) => this.reader.perfect(n)));
    return CompactRange.fromSubtrees(size, parts).root();
  }

  async inclusionProof(index: number, size = this.size): Promise<Hash[]> {
    return this.reader.elements(inclusionPlan(index, size));
  }

  async consistencyProof(size1: number, size2 = this.size): Promise<Hash[]> {
    if (size1 === size2) return [];
    return this.reader.elements(consistencyPlan(size1, size2));
  }

  async hashesAt(level: number, from: number, to: number): Promise<Hash[]> {
    return (this.levels.get(level) ?? []).slice(from, to);
  }
}
