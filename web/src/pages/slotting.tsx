/**
 * Warehouse slotting: SKUs and locations as CSV (as `xinzhi slot` reads them), the exact
 * assignment from the API, and two heat maps of the warehouse: locations in order of distance
 * from the pick/pack point, coloured by the picks of the SKU stored there, before and after.
 */
import { useMemo, useState } from 'react';
import { type Answer, client, ok } from '../api/client.js';
import { Chart } from '../components/chart.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { html } from '../lib/escape-html.js';
import { useAction } from '../lib/use-action.js';

type SlottingResponse = Answer<'/api/v1/logistics/slotting', 'post'>;

/** A worked example: 24 SKUs with a skewed pick profile stored in the order they arrived. */
function example(): { skus: string; locations: string } {
  const n = 24;
  const skus = ['sku,picks,current_location'];
  const locs = ['location,distance'];
  for (let i = 0; i < n; i++) {
    // Picks fall off like 1/rank (a common ABC profile); arrival order scatters them over the aisles.
    const rank = (i * 7) % n;
    skus.push(
      `S${String(i + 1).padStart(2, '0')},${Math.round(240 / (rank + 1))},L${String(i + 1).padStart(2, '0')}`,
    );
    locs.push(`L${String(i + 1).padStart(2, '0')},${(4 + 2.5 * i).toFixed(1)}`);
  }
  return { skus: `${skus.join('\n')}\n`, locations: `${locs.join('\n')}\n` };
}

function Heat({ r, after, title }: { r: SlottingResponse; after: boolean; title: string }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const picks = new Map(r.skus.map((s) => [s.id, s.picks]));
    const skuAt = new Map<string, string>();
    if (after) for (const a of r.assignments) skuAt.set(a.location, a.sku);
    else for (const s of r.skus) if (s.currentLocation) skuAt.set(s.currentLocation, s.id);
    const locs = [...r.locations].sort((a, b) => a.distance - b.distance);
    const cols = Math.ceil(Math.sqrt(locs.length * 2));
    const rows = Math.ceil(locs.length / cols);
    const max = Math.max(1, ...r.skus.map((s) => s.picks));
    const data = locs.map((l, i) => {
      const sku = skuAt.get(l.id);
      return {
        value: [i % cols, Math.floor(i / cols), sku ? (picks.get(sku) ?? 0) : 0],
        name: `${l.id} ${sku ?? '—'}`,
      };
    });
    return {
      animation: false,
      title: { text: title, left: 'center', textStyle: { fontSize: 14 } },
      tooltip: {
        formatter: (p: { name: string; value: number[]; dataIndex: number }) =>
          html`${p.name}<br/>${t('slotting.distance')}: ${locs[p.dataIndex]?.distance}<br/>${t('slotting.picks')}: ${p.value[2]}`,
      },
      grid: { left: 30, right: 30, top: 36, bottom: 60 },
      xAxis: { type: 'category', data: Array.from({ length: cols }, (_, i) => i + 1), show: false },
      yAxis: { type: 'category', data: Array.from({ length: rows }, (_, i) => i + 1), show: false },
      visualMap: { min: 0, max, calculable: false, orient: 'horizontal', left: 'center', bottom: 0 },
      series: [
        {
          type: 'heatmap',
          data,
          label: { show: true, formatter: (p: { name: string }) => p.name.split(' ')[1] ?? '' },
        },
      ],
    };
  }, [r, after, title, t]);
  return <Chart option={option} label={`${title}: ${t('slotting.heatLabel')}`} height={300} />;
}

export default function SlottingPage() {
  const { t } = useI18n();
  const [skus, setSkus] = useState('');
  const [locations, setLocations] = useState('');
  const [result, setResult] = useState<SlottingResponse>();
  const action = useAction();
  const compute = async () => {
    const r = await action.run(() =>
      ok(client.POST('/api/v1/logistics/slotting', { body: { skusCsv: skus, locationsCsv: locations } })),
    );
    if (r) setResult(r);
  };
  const fmt = (v: number | undefined) =>
    v === undefined ? '—' : v.toLocaleString(undefined, { maximumFractionDigits: 1 });
  return (
    <section>
      <h1>{t('slotting.title')}</h1>
      <div className="row" style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
        <label style={{ flex: 1 }}>
          {t('slotting.skus')}
          <textarea
            rows={8}
            style={{ width: '100%' }}
            value={skus}
            onChange={(e) => setSkus(e.target.value)}
          />
        </label>
        <label style={{ flex: 1 }}>
          {t('slotting.locations')}
          <textarea
            rows={8}
            style={{ width: '100%' }}
            value={locations}
            onChange={(e) => setLocations(e.target.value)}
          />
        </label>
      </div>
      <p>
        <button
          type="button"
          onClick={() => {
            const e = example();
            setSkus(e.skus);
            setLocations(e.locations);
          }}
        >
          {t('slotting.example')}
        </button>{' '}
        <button
          type="button"
          onClick={compute}
          disabled={action.busy !== undefined || skus === '' || locations === ''}
        >
          {t('slotting.compute')}
        </button>
      </p>
      {action.error && <ErrorBox error={action.error} />}
      {result && (
        <div data-testid="slotting-result">
          <p>
            {t('slotting.travel', { after: fmt(result.travel), before: fmt(result.currentTravel) })}
            {result.saving !== undefined && (
              <>
                {' · '}
                <strong data-testid="slotting-saving">
                  {t('slotting.saving', { saving: fmt(result.saving), pct: fmt(result.savingPct) })}
                </strong>
              </>
            )}
            {' · '}
            {t('slotting.method', { method: result.method })}
          </p>
          <div style={{ display: 'flex', gap: 16, flexWrap: 'wrap' }}>
            <div style={{ flex: 1, minWidth: 320 }}>
              <Heat r={result} after={false} title={t('slotting.before')} />
            </div>
            <div style={{ flex: 1, minWidth: 320 }}>
              <Heat r={result} after={true} title={t('slotting.after')} />
            </div>
          </div>
        </div>
      )}
    </section>
  );
}
