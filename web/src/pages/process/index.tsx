/**
 * SCADA-style process view of one line: each machine drawn by type (mill, press, pump,
 * compressor, conveyor), filled by its live state, with its key readings and units; the flow runs
 * left to right. Values arrive over the live feed; a machine silent for 2 minutes shows "unknown".
 */
import { useMemo } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { Choice } from '../../components/choice.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { navigate, useRoute } from '../../router.js';
import { LineDiagram } from './line-diagram.js';

type Asset = Schema<'AssetNode'>;

/** Every line in the asset tree, in tree order. */
function lines(roots: readonly Asset[]): Asset[] {
  const out: Asset[] = [];
  const walk = (a: Asset) => {
    if (a.kind === 'line') out.push(a);
    else for (const c of a.children) walk(c);
  };
  for (const r of roots) walk(r);
  return out;
}

export default function ProcessPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const assets = useApi('assets', (signal) => ok(client.GET('/api/v1/assets', { signal })));
  const all = useApi('series', (signal) => ok(client.GET('/api/v1/series', { signal })));
  const found = useMemo(() => lines(assets.data?.assets ?? []), [assets.data]);
  const lineId = params.get('line') ?? found[0]?.id;
  const line = found.find((l) => l.id === lineId);
  const series = useMemo(
    () => (all.data?.series ?? []).filter((s) => line !== undefined && s.assetId.startsWith(`${line.id}/`)),
    [all.data, line],
  );
  return (
    <div className="page process-page">
      <h1>{t('process.title')}</h1>
      <Async state={assets} isEmpty={() => found.length === 0} empty={t('process.noLines')}>
        {() => (
          <>
            <Choice
              className="toolbar"
              label={t('process.line')}
              value={line?.id ?? ''}
              options={found.map((l) => l.id)}
              onChange={(v) => navigate('/process', { line: v }, true)}
            />
            {/* The machines are told by their series: until those are in, the page is loading, not empty. */}
            {line && (
              <Async state={all}>{() => <LineDiagram key={line.id} line={line} series={series} />}</Async>
            )}
          </>
        )}
      </Async>
    </div>
  );
}
