/**
 * OEE of stored machines: reads the state and counter series of an asset (or of every machine
 * under a line) from the Store and runs `computeOee`. This is what an HTTP route or the dashboard
 * calls for live OEE; the arithmetic itself lives in oee.ts.
 *
 * Conventions (those of the demo, and of the metadata it publishes): series `<asset>/state`
 * (codes of MACHINE_STATE), `<asset>/parts_total`, optionally `<asset>/good_total` and
 * `<asset>/scrap_total`; the ideal cycle time in the asset's attributes as `idealCycleTimeS` or
 * `idealCycleTimeMs`. Every name can be overridden.
 */
import { XinzhiError } from '../../core/index.js';
import type { Store } from '../../store/index.js';
import { combineOee, computeOee, type OeeResult, type StateClass } from './oee.js';

export type OeeStore = Pick<Store, 'getAsset' | 'getSeries' | 'queryPoints' | 'listAssets'>;

export interface AssetOeeOptions {
  readonly from: number;
  readonly to: number;
  /** How far before `from` to look for the state and counter values in force at `from`. Default 15 min. */
  readonly lookbackMs?: number;
  /** See `OeeTrackerOptions.staleAfterMs`; default: a state holds until the next sample. */
  readonly staleAfterMs?: number;
  /** Overrides the asset's ideal cycle time attribute. */
  readonly idealCycleTimeMs?: number;
  readonly classify?: (code: number) => StateClass;
  /** Metric names; defaults `state`, `parts_total`, `good_total`, `scrap_total`. */
  readonly metrics?: Partial<Record<'state' | 'produced' | 'good' | 'scrap', string>>;
}

const DEFAULT_LOOKBACK_MS = 15 * 60_000;

/** The ideal cycle time in ms from an asset's attributes, if it has one. */
export function idealCycleTimeOf(attributes: Readonly<Record<string, unknown>>): number | undefined {
  const ms = attributes['idealCycleTimeMs'];
  if (typeof ms === 'number' && ms > 0) return ms;
  const s = attributes['idealCycleTimeS'];
  if (typeof s === 'number' && s > 0) return s * 1000;
  return undefined;
}

/**
 * @example const r = await assetOee(store, 'factory1/assembly/line1/cnc-01', { from: shiftStart, to: Date.now() });
 */
export async function assetOee(
  store: OeeStore,
  assetId: string,
  options: AssetOeeOptions,
): Promise<OeeResult> {
  const { from, to } = options;
  const asset = await store.getAsset(assetId);
  if (!asset) throw new XinzhiError('NOT_FOUND', `no asset '${assetId}'`, { field: 'assetId' });
  const ict = options.idealCycleTimeMs ?? idealCycleTimeOf(asset.attributes);
  if (ict === undefined)
    throw new XinzhiError(
      'BAD_INPUT',
      `asset '${assetId}' has no ideal cycle time (attribute idealCycleTimeS or idealCycleTimeMs); pass idealCycleTimeMs`,
      { field: 'idealCycleTimeMs' },
    );
  const names = {
    state: 'state',
    produced: 'parts_total',
    good: 'good_total',
    scrap: 'scrap_total',
    ...options.metrics,
  };
  const lookback = options.lookbackMs ?? DEFAULT_LOOKBACK_MS;
  const read = async (metric: string, required: boolean) => {
    const id = `${assetId}/${metric}`;
    if (!(await store.getSeries(id))) {
      if (required)
        throw new XinzhiError('NOT_FOUND', `OEE needs series '${id}', which does not exist`, { field: id });
      return undefined;
    }
    // [from − lookback, to]: the last sample before `from` gives the state and counter baseline.
    const pts = await store.queryPoints(id, { from: from - lookback, to: to + 1 });
    return pts.map((p) => ({ ts: p.ts, value: p.value }));
  };
  const [states, produced, good, scrap] = await Promise.all([
    read(names.state, true),
    read(names.produced, true),
    read(names.good, false),
    read(names.scrap, false),
  ]);
  // Only the latest sample before `from` matters; earlier ones are dropped so the tracker's
  // baselines are what was in force at `from`.
  const clip = (xs: { ts: number; value: number }[] | undefined) => {
    if (!xs) return undefined;
    let i = 0;
    while (i + 1 < xs.length && xs[i + 1]!.ts <= from) i++;
    return xs.slice(i);
  };
  return computeOee({
    from,
    to,
    idealCycleTimeMs: ict,
    states: clip(states) ?? [],
    produced: clip(produced) ?? [],
    ...(good ? { good: clip(good)! } : {}),
    ...(scrap ? { scrap: clip(scrap)! } : {}),
    ...(options.classify ? { classify: options.classify } : {}),
    ...(options.staleAfterMs !== undefined ? { staleAfterMs: options.staleAfterMs } : {}),
  });
}

export interface GroupOee {
  /** The group's OEE from the summed elements of its machines; null when it has none. */
  readonly group: OeeResult | null;
  readonly machines: ReadonlyArray<{ readonly assetId: string; readonly result: OeeResult }>;
}

/**
 * OEE of every machine under `rootId` (a line, an area, a site) that has an ideal cycle time,
 * and of the group (`combineOee`).
 */
export async function groupOee(
  store: OeeStore,
  rootId: string,
  options: Omit<AssetOeeOptions, 'idealCycleTimeMs'>,
): Promise<GroupOee> {
  const assets = await store.listAssets({ rootId });
  if (assets.length === 0) throw new XinzhiError('NOT_FOUND', `no asset '${rootId}'`, { field: 'rootId' });
  const machines: Array<{ assetId: string; result: OeeResult }> = [];
  for (const a of assets) {
    if (idealCycleTimeOf(a.attributes) === undefined) continue;
    machines.push({ assetId: a.id, result: await assetOee(store, a.id, options) });
  }
  return { group: machines.length > 0 ? combineOee(machines.map((m) => m.result)) : null, machines };
}
