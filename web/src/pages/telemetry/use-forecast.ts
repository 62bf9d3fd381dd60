/**
 * Forecast bands of the chosen series: at the chart's resolution (its buckets, or span/120 for raw
 * windows), a fifth of the shown span ahead, 90 % intervals. Refetched when the series or the
 * window change; none while switched off.
 */
import { useEffect, useState } from 'react';
import { client, ok } from '../../api/client.js';
import type { ChartBand } from '../../components/time-chart.js';
import { useI18n } from '../../i18n/i18n.js';
import { bucketFor } from '../../lib/buckets.js';

export function useForecast(props: {
  on: boolean;
  selected: readonly string[];
  catalog: ReadonlyMap<string, { readonly unit: string }>;
  view: { readonly from: number; readonly to: number };
}) {
  const { t } = useI18n();
  const { on, selected, catalog, view } = props;
  const [bands, setBands] = useState<ChartBand[]>([]);
  const [error, setError] = useState<Error>();
  const key = selected.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for selected
  useEffect(() => {
    if (!on) {
      setBands([]);
      return;
    }
    const ctrl = new AbortController();
    const width = view.to - view.from;
    const stepMs = bucketFor(width) ?? Math.max(1000, Math.round(width / 120 / 1000) * 1000);
    const horizon = Math.max(2, Math.min(500, Math.ceil((0.2 * width) / stepMs)));
    setError(undefined);
    Promise.all(
      selected.map(async (id) => {
        const f = await ok(
          client.GET('/api/v1/series/{id}/forecast', {
            params: { path: { id }, query: { horizon, level: 0.9, bucket: `${stepMs}ms`, history: 1000 } },
            signal: ctrl.signal,
          }),
        );
        return {
          id: `forecast:${id}`,
          name: t('telemetry.forecastOf', { series: id }),
          unit: catalog.get(id)?.unit ?? '',
          data: f.points.map((p) => [p.ts, p.point, p.lower, p.upper] as const),
        } satisfies ChartBand;
      }),
    )
      .then(setBands)
      .catch((e: unknown) => {
        if (!ctrl.signal.aborted) setError(e instanceof Error ? e : new Error(String(e)));
      });
    return () => ctrl.abort();
  }, [on, key, view.from, view.to, catalog]);
  return { bands, error };
}
