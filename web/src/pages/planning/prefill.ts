/**
 * What the planning page opens with: the example plan, with the plant's own lines from the asset
 * tree when it has any, and the stored series that can give a product's demand.
 */
import { client, ok } from '../../api/client.js';
import {
  draftFromPlan,
  type PlanDraft,
  type PlantLine,
  plantLines,
  withPlantLines,
} from '../../lib/plan-draft.js';

/** Demand series: a stored series whose metric names demand or orders. */
const DEMAND_METRIC = /demand|orders?$/i;

export interface Prefill {
  readonly plantLines: readonly PlantLine[];
  readonly demandSeries: readonly string[];
  /** Why the asset tree or series could not be read (then the example stands). */
  readonly warning: string | undefined;
}

/**
 * Rejects only when the example cannot be read: without the asset tree or the series the example
 * stands as it is, and the prefill says why.
 */
export async function loadPrefill(
  signal: AbortSignal,
): Promise<{ prefill: Prefill; draft: PlanDraft | undefined }> {
  const [example, assets, series] = await Promise.allSettled([
    ok(client.GET('/api/v1/plans/example', { signal })),
    ok(client.GET('/api/v1/assets', { signal })),
    ok(client.GET('/api/v1/series', { signal })),
  ]);
  if (example.status === 'rejected') throw example.reason;
  const failed = [assets, series].find((r) => r.status === 'rejected');
  const lines = assets.status === 'fulfilled' ? plantLines(assets.value.assets) : [];
  const demandSeries =
    series.status === 'fulfilled'
      ? series.value.series.filter((s) => DEMAND_METRIC.test(s.metric)).map((s) => s.id)
      : [];
  const r = draftFromPlan(example.value);
  return {
    prefill: {
      plantLines: lines,
      demandSeries,
      warning:
        failed?.status === 'rejected'
          ? String((failed.reason as Error)?.message ?? failed.reason)
          : undefined,
    },
    draft: r.ok ? withPlantLines(r.draft, lines) : undefined,
  };
}
