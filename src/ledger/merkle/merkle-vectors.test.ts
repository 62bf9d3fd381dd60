import { existsSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { benchmarkPath } from '../../core/benchmark-data.fixture.js';
import { fromHex, leafHash, MemoryTree, toHex, verifyConsistency, verifyInclusion } from './index.js';

const file = benchmarkPath('merkle', 'vectors.json');
const have = existsSync(file);
if (!have) console.warn(`skipping Merkle vectors: ${file} not found (set XINZHI_BENCHMARKS)`);

interface Vectors {
  tree: { leaves: string[]; leafHashes: string[]; roots: { size: number; root: string }[] };
  byteTree: { roots: { size: number; root: string }[] };
  inclusion: {
    id: string;
    leafIndex: number | string;
    treeSize: number | string;
    leafHash: string;
    root: string;
    proof: string[];
    expect: 'valid' | 'invalid';
  }[];
  consistency: {
    id: string;
    size1: number;
    size2: number;
    root1: string;
    root2: string;
    proof: string[];
    expect: 'valid' | 'invalid';
  }[];
}

const v: Vectors | undefined = have ? JSON.parse(readFileSync(file, 'utf8')) : undefined;
const hex = (s: string): Buffer => fromHex(s) ?? Buffer.alloc(0);

describe.skipIf(!have)('RFC 9162 vectors (benchmarks/merkle/vectors.json)', () => {
  it('leaf hashes and roots for sizes 0..8', async () => {
    const leaves = v!.tree.leaves.map((l) => leafHash(hex(l)));
    expect(leaves.map(toHex)).toEqual(v!.tree.leafHashes);
    const tree = new MemoryTree(leaves);
    for (const { size, root } of v!.tree.roots) {
      expect(toHex(new MemoryTree(leaves.slice(0, size)).root())).toBe(root);
      expect(toHex(await tree.rootAt(size))).toBe(root);
    }
  });

  it('byte-tree roots up to 256 leaves', async () => {
    const leaves = Array.from({ length: 256 }, (_, i) => leafHash(Buffer.from([i])));
    const tree = new MemoryTree(leaves);
    for (const { size, root } of v!.byteTree.roots) expect(toHex(await tree.rootAt(size))).toBe(root);
  });

  it('every inclusion vector passes or fails as labelled', () => {
    const results = v!.inclusion.map((c) => {
      const got = verifyInclusion({
        index: Number(c.leafIndex),
        size: Number(c.treeSize),
        leafHash: hex(c.leafHash),
        proof: c.proof.map(hex),
        root: hex(c.root),
      });
      return { id: c.id, ok: got === (c.expect === 'valid') };
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(134);
  });

  it('every consistency vector passes or fails as labelled', () => {
    const results = v!.consistency.map((c) => {
      const got = verifyConsistency({
        size1: c.size1,
        size2: c.size2,
        root1: hex(c.root1),
        root2: hex(c.root2),
        proof: c.proof.map(hex),
      });
      return { id: c.id, ok: got === (c.expect === 'valid') };
    });
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(results).toHaveLength(138);
  });

  it('our proofs equal the valid vector proofs over the 8-leaf tree', async () => {
    const tree = new MemoryTree(v!.tree.leaves.map((l) => leafHash(hex(l))));
    const roots = new Map(v!.tree.roots.map((r) => [r.root, r.size]));
    let compared = 0;
    for (const c of v!.inclusion) {
      if (c.expect !== 'valid' || roots.get(c.root) !== Number(c.treeSize)) continue;
      const proof = await tree.inclusionProof(Number(c.leafIndex), Number(c.treeSize));
      expect(proof.map(toHex)).toEqual(c.proof);
      compared++;
    }
    for (const c of v!.consistency) {
      if (c.expect !== 'valid' || c.size1 === c.size2 || roots.get(c.root2) !== c.size2) continue;
      expect((await tree.consistencyProof(c.size1, c.size2)).map(toHex)).toEqual(c.proof);
      compared++;
    }
    expect(compared).toBeGreaterThan(5);
  });
});

describe('generated proofs verify (any tree shape)', () => {
  const leaves = Array.from({ length: 700 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
  const tree = new MemoryTree(leaves);

  it('inclusion and consistency for random (index, size) pairs, including across tiles', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 700 }), fc.nat(), fc.nat(), async (size, a, b) => {
        const index = a % size;
        const root = await tree.rootAt(size);
        expect(toHex(root)).toBe(toHex(new MemoryTree(leaves.slice(0, size)).root()));
        const proof = await tree.inclusionProof(index, size);
        expect(verifyInclusion({ index, size, leafHash: leaves[index]!, proof, root })).toBe(true);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(size)));
        const size1 = (b % size) + 1;
        const root1 = await tree.rootAt(size1);
        const cproof = await tree.consistencyProof(size1, size);
        expect(verifyConsistency({ size1, size2: size, root1, root2: root, proof: cproof })).toBe(true);
        if (cproof.length > 0) {
          const bad = cproof.map((h, i) => (i === 0 ? leafHash(h) : h));
          expect(verifyConsistency({ size1, size2: size, root1, root2: root, proof: bad })).toBe(false);
        }
      }),
      { numRuns: 150 },
    );
  });
});
