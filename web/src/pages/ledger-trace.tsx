/**
 * The trace view of the ledger page: forward or backward trace of a lot or item
 * (GET /ledger/trace), drawn as an ECharts graph on a time × organisation grid: each organisation is
 * a lane, each identifier a node at its first event in the lane of the organisation that recorded
 * it, edges the material flow (transformed, packed). Clicking a node lists its events, each with its
 * proof size and a Verify button that loads the proof bundle into the in-browser verifier below.
 * Response types live here (not in api/types.ts, which the generated client will replace).
 */
import { GraphChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { apiBase, client, ok, qs } from '../api/client.js';
import { ErrorBox } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';

echarts.use([GraphChart, GridComponent, TooltipComponent, CanvasRenderer]);

export interface TraceHop {
  readonly index: number;
  readonly event_type: string;
  readonly action: string | null;
  readonly biz_step: string | null;
  readonly time: string;
  readonly org: string;
  readonly location: string | null;
  readonly keys: readonly string[];
  readonly destinations: readonly { type: string; id: string }[];
  readonly proof: { tree_size: number; proof: readonly string[] } | null;
}
export interface TraceNode {
  readonly id: string;
  readonly kind: string;
  readonly role: string;
  readonly first_time: string | null;
  readonly holder: { org: string; location: string | null } | null;
  readonly orgs: readonly string[];
}
export interface TraceResult {
  readonly direction: 'forward' | 'backward';
  readonly nodes: readonly TraceNode[];
  readonly edges: readonly { from: string; to: string; kind: string; index: number }[];
  readonly hops: readonly TraceHop[];
  readonly truncated: boolean;
}

const short = (id: string): string => id.replace(/^https:\/\/id\.gs1\.org/, '');
const ROLE_COLOURS: Record<string, string> = {
  start: '#d62728',
  derived: '#1f77b4',
  source: '#2ca02c',
  carrier: '#7f7f7f',
  content: '#9467bd',
};

function Graph(props: { trace: TraceResult; onPick: (id: string) => void }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const { t } = useI18n();
  const pick = useRef(props.onPick);
  pick.current = props.onPick;
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    c.on('click', (p) => {
      const d = p.data as { id?: string } | undefined;
      if (p.dataType === 'node' && d?.id) pick.current(d.id);
    });
    const ro = new ResizeObserver(() => c.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      c.dispose();
      chart.current = null;
    };
  }, []);
  const tr = props.trace;
  const lanes = [...new Set(tr.nodes.flatMap((n) => (n.orgs.length > 0 ? [n.orgs[0]!] : [])))];
  useEffect(() => {
    const placed = tr.nodes.filter((n) => n.first_time !== null && n.orgs.length > 0);
    const ids = new Set(placed.map((n) => n.id));
    chart.current?.setOption(
      {
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
      },
      true,
    );
  });
  return (
    <div
      ref={el}
      style={{ height: Math.max(220, 60 * lanes.length + 80) }}
      role="img"
      aria-label={t('ledger.traceGraph')}
      data-testid="trace-graph"
    />
  );
}

export function TraceView(props: { onVerify: (index: number) => void }) {
  const { t, dateTime, plural } = useI18n();
  const [id, setId] = useState('');
  const [direction, setDirection] = useState<'forward' | 'backward'>('forward');
  const [trace, setTrace] = useState<TraceResult>();
  const [error, setError] = useState<Error>();
  const [picked, setPicked] = useState<string>();
  const run = async () => {
    setError(undefined);
    setPicked(undefined);
    try {
      setTrace(
        (await ok(
          client.GET('/api/v1/ledger/trace', { params: { query: { id: id.trim(), direction } } }),
        )) as TraceResult,
      );
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
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
      {error && <ErrorBox error={error} />}
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
          <table>
            <tbody>
              {hops.map((h) => (
                <tr key={h.index}>
                  <td className="num">{h.index}</td>
                  <td>{dateTime(Date.parse(h.time))}</td>
                  <td>{h.org}</td>
                  <td>
                    {[h.event_type.replace(/Event$/, ''), h.action, h.biz_step].filter(Boolean).join(' ')}
                  </td>
                  <td className="mono small">{h.location ? short(h.location) : ''}</td>
                  <td className="small">
                    {h.proof
                      ? plural('ledger.proofHashes', h.proof.proof.length, {
                          size: String(h.proof.tree_size),
                        })
                      : t('ledger.notCheckpointed')}
                  </td>
                  <td>
                    <button type="button" onClick={() => props.onVerify(h.index)}>
                      {t('ledger.verify')}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
