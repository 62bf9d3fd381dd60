/**
 * The trace view of the ledger page: forward or backward trace of a lot or item
 * (GET /ledger/trace), drawn as an ECharts graph on a time × organisation grid: each organisation is
 * a lane, each identifier a node at its first event in the lane of the organisation that recorded
 * it, edges the material flow (transformed, packed). Clicking a node lists its events, each with its
 * proof size and a Verify button that loads the proof bundle into the in-browser verifier below.
 */
import { useCallback, useMemo, useState } from 'react';
import { apiBase, client, ok, qs, type Schema } from '../../api/client.js';
import { Chart } from '../../components/chart.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ECharts } from '../../lib/echarts.js';
import { useAction } from '../../lib/use-action.js';
import { short } from './short.js';

type TraceResult = Schema<'LedgerTrace'>;
type TraceHop = TraceResult['hops'][number];

const ROLE_COLOURS: Record<string, string> = {
  start: '#d62728',
  derived: '#1f77b4',
  source: '#2ca02c',
  carrier: '#7f7f7f',
  content: '#9467bd',
};

function Graph(props: { trace: TraceResult; onPick: (id: string) => void }) {
  const { t } = useI18n();
  const { onPick } = props;
  const setup = useCallback(
    (c: ECharts) => {
      c.on('click', (p) => {
        const d = p.data as { id?: string } | undefined;
        if (p.dataType === 'node' && d?.id) onPick(d.id);
      });
      return undefined;
    },
    [onPick],
  );
  const tr = props.trace;
  const lanes = useMemo(
    () => [...new Set(tr.nodes.flatMap((n) => (n.orgs.length > 0 ? [n.orgs[0]!] : [])))],
    [tr],
  );
  const option = useMemo(() => {
    const placed = tr.nodes.filter((n) => n.first_time !== null && n.orgs.length > 0);
    const ids = new Set(placed.map((n) => n.id));
    return {
      animation: false,
      aria: { enabled: true, label: { description: t('ledger.traceGraph') } },
      grid: { left: 110, right: 30, top: 20, bottom: 40 },
      tooltip: {
        formatter: (p: { dataType?: string; data?: { id?: string; holder?: string } }) =>
          p.dataType === 'node' ? `${short(p.data?.id ?? '')}<br/>${p.data?.holder ?? ''}` : '',
      },
      xAxis: { type: 'time' },
      yAxis: { type: 'category', data: lanes, inverse: true },
      series: [
        {
          type: 'graph',
          coordinateSystem: 'cartesian2d',
          symbolSize: 14,
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 7,
          label: {
            show: placed.length <= 40,
            position: 'right',
            fontSize: 10,
            formatter: (p: { data: { id: string } }) => short(p.data.id).slice(-18),
          },
          data: placed.map((n) => ({
            id: n.id,
            name: n.id,
            value: [Date.parse(n.first_time!), n.orgs[0]],
            holder: n.holder ? `${n.holder.org} · ${n.holder.location ?? ''}` : '',
            itemStyle: { color: ROLE_COLOURS[n.role] ?? '#333' },
            symbol: n.kind === 'container' ? 'rect' : n.kind === 'item' ? 'triangle' : 'circle',
          })),
          links: tr.edges
            .filter((e) => ids.has(e.from) && ids.has(e.to))
            .map((e) => ({
              source: e.from,
              target: e.to,
              lineStyle: { type: e.kind === 'transformed' ? 'solid' : 'dashed' },
            })),
        },
      ],
    };
  }, [tr, lanes, t]);
  return (
    <Chart
      option={option}
      setup={setup}
      label={t('ledger.traceGraph')}
      height={Math.max(220, 60 * lanes.length + 80)}
      testId="trace-graph"
      className=""
    />
  );
}

export function TraceView(props: { onVerify: (index: number) => void }) {
  const { t, dateTime, plural } = useI18n();
  const [id, setId] = useState('');
  const [direction, setDirection] = useState<'forward' | 'backward'>('forward');
  const [trace, setTrace] = useState<TraceResult>();
  const [picked, setPicked] = useState<string>();
  const action = useAction();
  const run = async () => {
    setPicked(undefined);
    const r = await action.run(() =>
      ok(client.GET('/api/v1/ledger/trace', { params: { query: { id: id.trim(), direction } } })),
    );
    if (r) setTrace(r);
  };
  const hops = picked && trace ? trace.hops.filter((h) => h.keys.includes(picked)) : [];
  const orgs = trace ? new Set(trace.hops.map((h) => h.org)).size : 0;
  return (
    <>
      <p className="small muted">{t('ledger.traceHint')}</p>
      <div className="toolbar">
        <label>
          {t('ledger.traceId')}{' '}
          <input
            type="text"
            className="mono"
            size={50}
            value={id}
            onChange={(e) => setId(e.target.value)}
            data-testid="trace-id"
          />
        </label>
        <select value={direction} onChange={(e) => setDirection(e.target.value as 'forward' | 'backward')}>
          <option value="forward">{t('ledger.forward')}</option>
          <option value="backward">{t('ledger.backward')}</option>
        </select>
        <button type="button" onClick={run} disabled={id.trim() === ''}>
          {t('ledger.traceRun')}
        </button>
        {trace && direction === 'forward' && (
          <a href={`${apiBase()}/ledger/trace/recall.csv${qs({ id: id.trim() })}`}>{t('ledger.recallCsv')}</a>
        )}
      </div>
      {action.error && <ErrorBox error={action.error} />}
      {trace && (
        <>
          <p className="small" role="status">
            {trace.hops.length === 0
              ? t('ledger.traceEmpty')
              : t('ledger.traceSummary', {
                  nodes: String(trace.nodes.length),
                  hops: String(trace.hops.length),
                  orgs: String(orgs),
                })}
          </p>
          {trace.hops.length > 0 && <Graph trace={trace} onPick={setPicked} />}
        </>
      )}
      {picked && (
        <div data-testid="trace-events">
          <h3 className="mono">{t('ledger.traceEvents', { id: short(picked) })}</h3>
          <DataTable<TraceHop>
            variant="compact"
            rows={hops}
            rowKey={(h) => h.index}
            columns={[
              { key: 'index', header: '#', num: true, cell: (h) => h.index },
              { key: 'time', header: t('common.time'), cell: (h) => dateTime(Date.parse(h.time)) },
              { key: 'org', header: t('ledger.org'), cell: (h) => h.org },
              {
                key: 'event',
                header: t('ledger.type'),
                cell: (h) =>
                  [h.event_type.replace(/Event$/, ''), h.action, h.biz_step].filter(Boolean).join(' '),
              },
              {
                key: 'location',
                header: t('ledger.where'),
                className: 'mono small',
                cell: (h) => (h.location ? short(h.location) : ''),
              },
              {
                key: 'proof',
                header: t('ledger.inclusionProof'),
                className: 'small',
                cell: (h) =>
                  h.proof
                    ? plural('ledger.proofHashes', h.proof.proof.length, { size: String(h.proof.tree_size) })
                    : t('ledger.notCheckpointed'),
              },
              {
                key: 'verify',
                header: t('ledger.verify'),
                hiddenHeader: true,
                cell: (h) => (
                  <button type="button" onClick={() => props.onVerify(h.index)}>
                    {t('ledger.verify')}
                  </button>
                ),
              },
            ]}
          />
        </div>
      )}
    </>
  );
}
