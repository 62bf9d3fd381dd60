import type { AssetInput, SeriesInput, Store } from '../store/index.js';
import type { AssetMeta } from './types.js';

/**
 * What a platform learns from one retained `xinzhi/meta/v1/<asset>` document: the asset (kind,
 * name, attributes such as the ideal cycle time) and its series (canonical unit, physical range,
 * expected interval). Created before the first reading, a series keeps its declared unit, so a
 * device sending `[degF]` is converted instead of creating a Fahrenheit series.
 */
export function storeInputsOf(meta: AssetMeta): { asset: AssetInput; series: SeriesInput[] } {
  return {
    asset: {
      id: meta.id,
      kind: meta.kind,
      name: meta.name,
      attributes: { type: meta.type, ...meta.attributes },
    },
    series: Object.entries(meta.metrics).map(([metric, m]) => ({
      assetId: meta.id,
      metric,
      unit: m.unit,
      description: m.codes
        ? m.description
        : `${m.description}${m.signal === 'gauge' ? '' : ` (${m.signal})`}`,
      minValue: m.min,
      maxValue: m.max,
      expectedIntervalMs: m.intervalMs,
      signal: m.signal,
    })),
  };
}

/** Creates the demo's assets (parents first) and series in a store. Idempotent. */
export async function provisionAssets(
  store: Pick<Store, 'upsertAsset' | 'upsertSeries'>,
  assets: readonly AssetMeta[],
): Promise<{ assets: number; series: number }> {
  let series = 0;
  const ordered = [...assets].sort((a, b) => a.id.split('/').length - b.id.split('/').length);
  for (const meta of ordered) {
    const inputs = storeInputsOf(meta);
    await store.upsertAsset(inputs.asset);
    for (const s of inputs.series) {
      await store.upsertSeries(s);
      series++;
    }
  }
  return { assets: ordered.length, series };
}
