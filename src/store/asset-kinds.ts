/**
 * Infers the kind of an asset from its depth in the path, following the hierarchy family of a
 * reference asset: ISA-95 (site → area → line → equipment), farm (site → field → zone) or fleet
 * (depot → vehicle). The reference is the asset whose kind was given explicitly, else the nearest
 * existing ancestor, else the ISA-95 family from the root.
 */
import type { AssetKind } from '../core/index.js';

const FAMILIES: Record<'isa' | 'farm' | 'fleet', readonly AssetKind[]> = {
  isa: ['site', 'area', 'line', 'equipment'],
  farm: ['site', 'field', 'zone'],
  fleet: ['depot', 'vehicle'],
};

/** Where a kind sits in its family; `enterprise` sits above an ISA-95 site, `farm` is a farm's site. */
function place(kind: AssetKind): { family: readonly AssetKind[]; index: number } | undefined {
  switch (kind) {
    case 'enterprise':
      return { family: FAMILIES.isa, index: -1 };
    case 'farm':
      return { family: FAMILIES.farm, index: 0 };
    case 'field':
    case 'zone':
      return { family: FAMILIES.farm, index: FAMILIES.farm.indexOf(kind) };
    case 'depot':
    case 'vehicle':
      return { family: FAMILIES.fleet, index: FAMILIES.fleet.indexOf(kind) };
    case 'site':
    case 'area':
    case 'line':
    case 'equipment':
      return { family: FAMILIES.isa, index: FAMILIES.isa.indexOf(kind) };
    default:
      return undefined;
  }
}

/**
 * Kind for an asset at `depth` (1 = root) given a reference asset of kind `refKind` at `refDepth`.
 *
 * @example inferKind(2, { kind: 'zone', depth: 3 }) // 'field'
 */
export function inferKind(depth: number, ref?: { kind: AssetKind; depth: number }): AssetKind {
  const p = ref ? place(ref.kind) : undefined;
  const family = p?.family ?? FAMILIES.isa;
  const index = p && ref ? p.index + (depth - ref.depth) : depth - 1;
  if (index === -1 && family === FAMILIES.isa) return 'enterprise';
  return family[index] ?? 'other';
}

/** `a/b/c` → [`a`, `a/b`, `a/b/c`]. */
export function pathPrefixes(id: string): string[] {
  const segs = id.split('/');
  return segs.map((_, i) => segs.slice(0, i + 1).join('/'));
}
