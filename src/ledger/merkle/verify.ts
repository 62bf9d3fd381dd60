/**
 * Proof verification exactly as RFC 9162 §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), plus the
 * edge rules transparency-dev/merkle applies (a proof from the empty tree is meaningless; equal
 * sizes need an empty proof and byte-equal roots). Pure functions: no I/O, no allocation beyond
 * the hashes, so a verifier (a browser, a partner) can run them alone.
 */
import { HASH_SIZE, type Hash, nodeHash } from './hash.js';

const is32 = (b: Uint8Array): boolean => b.length === HASH_SIZE;
const odd = (n: number): boolean => n % 2 === 1;
const half = (n: number): number => Math.floor(n / 2);
const validSize = (n: number): boolean => Number.isSafeInteger(n) && n >= 0;

export interface InclusionInput {
  readonly index: number;
  readonly size: number;
  readonly leafHash: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/**
 * The root an inclusion proof implies, or undefined when the proof cannot be valid for
 * (index, size) — wrong length, bad hash sizes, index out of range.
 */
export function rootFromInclusionProof(input: InclusionInput): Hash | undefined {
  const { index, size, leafHash, proof } = input;
  if (!validSize(index) || !validSize(size) || index >= size) return undefined;
  if (!is32(leafHash) || !proof.every(is32)) return undefined;
  let fn = index;
  let sn = size - 1;
  let r: Uint8Array = leafHash;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? Buffer.from(r.buffer, r.byteOffset, r.byteLength) : undefined;
}

/**
 * True when `proof` shows the leaf with `leafHash` at `index` in the tree of `size` with `root`.
 * @example verifyInclusion({ index: 0, size: 1, leafHash: h, proof: [], root: h }) // true
 */
export function verifyInclusion(input: InclusionInput & { readonly root: Uint8Array }): boolean {
  const r = rootFromInclusionProof(input);
  return r !== undefined && Buffer.compare(r, input.root) === 0;
}

export interface ConsistencyInput {
  readonly size1: number;
  readonly size2: number;
  readonly root1: Uint8Array;
  readonly root2: Uint8Array;
  readonly proof: readonly Uint8Array[];
}

/** True when `proof` shows the tree (size1, root1) is a prefix of the tree (size2, root2). */
export function verifyConsistency(input: ConsistencyInput): boolean {
  const { size1, size2, root1, root2, proof } = input;
  if (!validSize(size1) || !validSize(size2) || size2 < size1 || size1 === 0) return false;
  if (size1 === size2) return proof.length === 0 && Buffer.compare(root1, root2) === 0;
  if (proof.length === 0 || !proof.every(is32) || !is32(root1) || !is32(root2)) return false;
  const path: Uint8Array[] = Number.isInteger(Math.log2(size1)) ? [root1, ...proof] : [...proof];
  let fn = size1 - 1;
  let sn = size2 - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr: Hash = Buffer.from(path[0]!);
  let sr: Hash = Buffer.from(path[0]!);
  for (let i = 1; i < path.length; i++) {
    const c = path[i]!;
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      if (!odd(fn)) {
        while (!odd(fn) && fn !== 0) {
          fn = half(fn);
          sn = half(sn);
        }
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && Buffer.compare(fr, root1) === 0 && Buffer.compare(sr, root2) === 0;
}
