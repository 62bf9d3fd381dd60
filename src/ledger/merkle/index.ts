export { CompactRange, type CompletedNode } from './compact-range.js';
export { EMPTY_ROOT, fromHex, HASH_SIZE, type Hash, leafHash, nodeHash, toHex } from './hash.js';
export { MemoryTree } from './memory-tree.js';
export { consistencyPlan, inclusionPlan, type ProofElementPlan } from './proof-plan.js';
export { bitLength, type NodeId, rangeDecomposition, splitPoint } from './tree-math.js';
export { TILE_HEIGHT, TILE_WIDTH, type TileSource, TreeReader } from './tree-reader.js';
export {
  type ConsistencyInput,
  type InclusionInput,
  rootFromInclusionProof,
  verifyConsistency,
  verifyInclusion,
} from './verify.js';
