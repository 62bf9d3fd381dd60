/**
 * The OEE report of a plant, a line or one machine over a window: every line's group figures and
 * each of its machines', after ISO 22400. `GET /api/v1/oee` and `xinzhi oee` both return this.
 */
import { XinzhiError } from '../../core/index.js';
import { groupOee, type OeeStore } from './asset-oee.js';
import type { OeeResult } from './oee.js';

/** A machine silent this long counts as unknown time, not as its last state. */
export const OEE_STALE_AFTER_MS = 5 * 60_000;

/** The ISO 22400 elements and indicators of one machine or line over the window. */
export interface OeeFigures {
  /** APT / PBT; null when there was no planned busy time. */
  readonly availability: number | null;
  /** Performance: PRI × PQ / APT. */
  readonly effectiveness: number | null;
  /** GQ / PQ. */
  readonly quality: number | null;
  readonly oee: number | null;
  /** Produced quantity. */
  readonly pq: number;
  /** Good quantity. */
  readonly gq: number;
  /** Actual production time, ms. */
  readonly apt: number;
  /** Planned busy time, ms. */
  readonly pbt: number;
}

export interface OeeReport {
  readonly from: number;
  readonly to: number;
  // Mutable arrays: the report is plain JSON that the HTTP layer's response types accept as is.
  readonly lines: Array<{
    readonly id: string;
    readonly name: string;
    /** The line's figures from its machines' summed elements; null for a single machine's report. */
    readonly group: OeeFigures | null;
    readonly machines: Array<OeeFigures & { readonly id: string; readonly name: string }>;
  }>;
}

export const oeeFigures = (r: OeeResult): OeeFigures => ({
  availability: r.availability,
  effectiveness: r.effectiveness,
  quality: r.quality,
  oee: r.oee,
  pq: r.pq,
  gq: r.gq,
  apt: r.apt,
  pbt: r.pbt,
});

/**
 * Lines with at least one machine (an asset with an ideal cycle time) under `root` (everything
 * when omitted). A `root` inside a line (a machine, a cell) gives that line with only the machines
 * under `root`, and no group figures. NOT_FOUND for an unknown `root`.
 *
 * @example const r = await oeeReport(store, { root: 'factory1/assembly/line1', from, to });
 */
export async function oeeReport(
  store: OeeStore,
  options: {
    readonly root?: string | undefined;
    readonly from: number;
    readonly to: number;
    readonly staleAfterMs?: number;
  },
): Promise<OeeReport> {
  const { root, from, to } = options;
  const staleAfterMs = options.staleAfterMs ?? OEE_STALE_AFTER_MS;
  const assets = await store.listAssets(root === undefined ? {} : { rootId: root });
  if (root !== undefined && assets.length === 0)
    throw new XinzhiError('NOT_FOUND', `no asset '${root}'`, { field: 'root' });
  const names = new Map(assets.map((a) => [a.id, a.name]));
  const lines: OeeReport['lines'] = [];
  const lineAssets = assets.filter((a) => a.kind === 'line');
  if (root !== undefined && lineAssets.length === 0) {
    // Inside a line: find it among the ancestors.
    let up = root;
    let line: { id: string; name: string } | undefined;
    while (!line && up.includes('/')) {
      up = up.slice(0, up.lastIndexOf('/'));
      const a = await store.getAsset(up);
      if (a?.kind === 'line') line = a;
    }
    const g = await groupOee(store, root, { from, to, staleAfterMs });
    if (g.machines.length > 0)
      lines.push({
        id: line?.id ?? root,
        name: line?.name ?? names.get(root) ?? root,
        group: null,
        machines: g.machines.map((m) => ({
          id: m.assetId,
          name: names.get(m.assetId) ?? m.assetId,
          ...oeeFigures(m.result),
        })),
      });
    return { from, to, lines };
  }
  for (const line of lineAssets) {
    const g = await groupOee(store, line.id, { from, to, staleAfterMs });
    if (g.machines.length === 0) continue;
    lines.push({
      id: line.id,
      name: line.name,
      group: g.group ? oeeFigures(g.group) : null,
      machines: g.machines.map((m) => ({
        id: m.assetId,
        name: names.get(m.assetId) ?? m.assetId,
        ...oeeFigures(m.result),
      })),
    });
  }
  return { from, to, lines };
}
