/**
 * Lists the variables under a folder (Objects by default) breadth first: many nodes per Browse
 * call, continuation points followed with BrowseNext (the server pages at `pageSize` references
 * per node), bounded by `maxNodes` and `maxDepth` so a server with 100,000 nodes cannot hold the
 * client forever, with a progress callback. Values, data types and EngineeringUnits are then read
 * in batches. Properties (HasProperty) are not listed, but EngineeringUnits ones give the unit.
 */
import {
  AttributeIds,
  BrowseDirection,
  type BrowseResult,
  type ClientSession,
  DataType,
  NodeClass,
  type NodeId,
  type ReferenceDescription,
  resolveNodeId,
} from 'node-opcua';
import { ucumOfUnitId } from './engineering-units.js';

export interface BrowseOptions {
  /** Start node; default the Objects folder (`i=85`). */
  readonly root?: string;
  /** Most nodes visited; default 10,000. */
  readonly maxNodes?: number;
  /** Deepest level below the root; default 10. */
  readonly maxDepth?: number;
  /** References per node per page (BrowseNext continues); default 1,000. */
  readonly pageSize?: number;
  /** Nodes per Browse/Read call; default 200. */
  readonly batch?: number;
  readonly onProgress?: (p: BrowseProgress) => void;
}

export interface BrowseProgress {
  readonly visited: number;
  readonly variables: number;
  readonly queued: number;
}

export interface BrowsedVariable {
  readonly nodeId: string;
  /** Browse names from the root, `/`-joined: `Objects/Machine1/Temperature`. */
  readonly browsePath: string;
  readonly dataType: string;
  readonly value: unknown;
  readonly status: string;
  /** UCUM code from EngineeringUnits, when the server gives a known one. */
  readonly unit?: string;
}

export interface BrowseOutcome {
  readonly variables: BrowsedVariable[];
  readonly visited: number;
  /** True when maxNodes or maxDepth cut the walk short. */
  readonly truncated: boolean;
}

const HAS_PROPERTY = 'ns=0;i=46';

interface Pending {
  readonly nodeId: NodeId;
  readonly path: string;
  readonly depth: number;
}

/** JSON-safe value: bigints and Longs as strings, typed arrays as arrays, bounded. */
function plain(v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString();
  if (ArrayBuffer.isView(v)) return Array.from(v as unknown as ArrayLike<number>).slice(0, 100);
  if (Array.isArray(v)) return v.slice(0, 100).map(plain);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object') return String(v).slice(0, 500);
  return v;
}

function dataTypeName(id: NodeId | undefined): string {
  if (!id) return 'Unknown';
  if (id.namespace === 0 && typeof id.value === 'number' && DataType[id.value] !== undefined)
    return DataType[id.value] as string;
  return id.toString();
}

export async function browseVariables(
  session: ClientSession,
  options: BrowseOptions = {},
): Promise<BrowseOutcome> {
  const maxNodes = options.maxNodes ?? 10_000;
  const maxDepth = options.maxDepth ?? 10;
  const batch = options.batch ?? 200;
  (session as { requestedMaxReferencesPerNode: number }).requestedMaxReferencesPerNode =
    options.pageSize ?? 1000;
  const rootId = resolveNodeId(options.root ?? 'i=85');
  const seen = new Set<string>([rootId.toString()]);
  let queue: Pending[] = [{ nodeId: rootId, path: options.root ? '' : 'Objects', depth: 0 }];
  const found: Array<{ nodeId: NodeId; path: string }> = [];
  const euOf = new Map<string, NodeId>();
  let visited = 0;
  let truncated = false;

  const take = (parent: Pending, refs: readonly ReferenceDescription[]): void => {
    for (const ref of refs) {
      const child = ref.nodeId;
      const key = child.toString();
      const name = ref.browseName.name ?? key;
      if (ref.referenceTypeId.toString() === HAS_PROPERTY) {
        if (name === 'EngineeringUnits') euOf.set(parent.nodeId.toString(), child);
        continue;
      }
      if (seen.has(key)) continue;
      if (seen.size >= maxNodes) {
        truncated = true;
        continue;
      }
      seen.add(key);
      const path = parent.path ? `${parent.path}/${name}` : name;
      if (ref.nodeClass === NodeClass.Variable) found.push({ nodeId: child, path });
      if (parent.depth + 1 < maxDepth) queue.push({ nodeId: child, path, depth: parent.depth + 1 });
      else truncated = true;
    }
  };

  while (queue.length > 0) {
    const level = queue;
    queue = [];
    for (let i = 0; i < level.length; i += batch) {
      const chunk = level.slice(i, i + batch);
      const results: BrowseResult[] = await session.browse(
        chunk.map((p) => ({
          nodeId: p.nodeId,
          browseDirection: BrowseDirection.Forward,
          referenceTypeId: 'HierarchicalReferences',
          includeSubtypes: true,
          nodeClassMask: NodeClass.Object | NodeClass.Variable,
          resultMask: 0x3f,
        })),
      );
      for (let k = 0; k < chunk.length; k++) {
        let r = results[k];
        visited++;
        while (r) {
          take(chunk[k]!, r.references ?? []);
          const cp = r.continuationPoint;
          if (!cp || cp.length === 0) break;
          if (seen.size >= maxNodes) {
            await session.browseNext([cp], true);
            break;
          }
          [r] = await session.browseNext([cp], false);
        }
      }
      options.onProgress?.({
        visited,
        variables: found.length,
        queued: queue.length + level.length - i - chunk.length,
      });
    }
  }

  const variables: BrowsedVariable[] = [];
  for (let i = 0; i < found.length; i += batch) {
    const chunk = found.slice(i, i + batch);
    const euIds = chunk.map((f) => euOf.get(f.nodeId.toString()));
    const reads = await session.read([
      ...chunk.map((f) => ({ nodeId: f.nodeId, attributeId: AttributeIds.Value })),
      ...chunk.map((f) => ({ nodeId: f.nodeId, attributeId: AttributeIds.DataType })),
      ...euIds.flatMap((id) => (id ? [{ nodeId: id, attributeId: AttributeIds.Value }] : [])),
    ]);
    let eu = 2 * chunk.length;
    chunk.forEach((f, k) => {
      const value = reads[k]!;
      const type = reads[chunk.length + k]!.value.value as NodeId | undefined;
      let unit: string | undefined;
      if (euIds[k]) {
        const info = reads[eu++]!.value.value as { unitId?: number } | null;
        unit = ucumOfUnitId(info?.unitId);
      }
      variables.push({
        nodeId: f.nodeId.toString(),
        browsePath: f.path,
        dataType: dataTypeName(type),
        value: plain(value.value.value),
        status: value.statusCode.name,
        ...(unit === undefined ? {} : { unit }),
      });
    });
  }
  return { variables, visited, truncated };
}
