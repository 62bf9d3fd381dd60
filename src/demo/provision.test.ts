import { describe, expect, it } from 'vitest';
import type { AssetInput, SeriesInput } from '../store/index.js';
import { createDemoModel } from './model.js';
import { provisionAssets, storeInputsOf } from './provision.js';

describe('provisionAssets', () => {
  it('creates every asset parents-first and every series with unit, range and interval', async () => {
    const model = createDemoModel({ seed: 1, start: 0 });
    const assets: AssetInput[] = [];
    const series: SeriesInput[] = [];
    const counts = await provisionAssets(
      {
        upsertAsset: async (a) => {
          const parent = a.id.includes('/') ? a.id.slice(0, a.id.lastIndexOf('/')) : undefined;
          if (parent)
            expect(
              assets.some((x) => x.id === parent),
              `${a.id} before its parent`,
            ).toBe(true);
          assets.push(a);
          return {
            ...a,
            parentId: parent ?? null,
            name: a.name ?? a.id,
            kind: a.kind ?? 'other',
            attributes: {},
            createdAt: 0,
          };
        },
        upsertSeries: async (s) => {
          series.push(s);
          return {} as never;
        },
      },
      model.assets,
    );
    expect(counts).toEqual({ assets: 42, series: 185 });
    const spindle = series.find((s) => s.assetId.endsWith('line2/cnc-06') && s.metric === 'spindle_temp');
    expect(spindle).toMatchObject({ unit: 'Cel', minValue: -20, maxValue: 150, expectedIntervalMs: 1000 });
    const cnc = storeInputsOf(model.assets.find((a) => a.id.endsWith('line1/cnc-02'))!);
    expect(cnc.asset).toMatchObject({
      kind: 'equipment',
      attributes: { type: 'cnc-mill', idealCycleTimeS: 48 },
    });
    expect(cnc.series.find((s) => s.metric === 'parts_total')?.description).toMatch(/\(counter\)$/);
  });
});
