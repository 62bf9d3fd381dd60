/**
 * SCADA-style process view of one line: each machine drawn by type (mill, press, pump,
 * compressor, conveyor), filled by its live state, with its key readings and units; the flow runs
 * left to right. Values arrive over the live feed; a machine silent for 2 minutes shows "unknown".
 */
import { useEffect, useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { subscribePoints } from '../api/live.js';
import { Async, Empty } from '../components/status.js';
import { type MessageKey, useI18n } from '../i18n/i18n.js';
import { downloadCsv, fileStamp } from '../lib/csv.js';
import { useApi } from '../lib/use-api.js';

type Asset = Schema<'AssetNode'>;
type Series = Schema<'Series'>;

import { href, navigate, useRoute } from '../router.js';

const STALE_MS = 120_000;
const STATE_CLASS: Record<number, string> = { 0: 'off', 1: 'run', 2: 'idle', 3: 'down', 4: 'planned' };
/** Readings shown on a machine, in this order of preference. */
const SHOWN = ['current', 'bearing_temp', 'spindle_temp', 'vibration', 'pressure', 'flow', 'parts_total'];
const COLS = 5;
const W = 190;
const H = 150;
const GAP = 40;

function lines(roots: readonly Asset[]): Asset[] {
  const out: Asset[] = [];
  const walk = (a: Asset) => {
    if (a.kind === 'line') out.push(a);
    else for (const c of a.children) walk(c);
  };
  for (const r of roots) walk(r);
  return out;
}

type Values = Map<string, { ts: number; value: number }>;

function Shape({ type, x, y }: { type: string; x: number; y: number }) {
  const cx = x + W / 2;
  if (/pump/.test(type)) return <circle cx={cx} cy={y + 48} r={26} className="shape" />;
  if (/compressor/.test(type))
    return <rect x={cx - 40} y={y + 26} width={80} height={44} rx={22} className="shape" />;
  if (/conveyor/.test(type))
    return (
      <g className="shape-g">
        <rect x={x + 20} y={y + 38} width={W - 40} height={18} rx={9} className="shape" />
        {[0, 1, 2, 3, 4].map((i) => (
          <circle key={i} cx={x + 32 + i * ((W - 64) / 4)} cy={y + 47} r={5} className="roller" />
        ))}
      </g>
    );
  if (/press/.test(type))
    return (
      <g className="shape-g">
        <rect x={cx - 34} y={y + 20} width={68} height={56} className="shape" />
        <path d={`M${cx - 14} ${y + 36} h28 l-14 22 z`} className="roller" />
      </g>
    );
  return (
    <g className="shape-g">
      <rect x={cx - 40} y={y + 22} width={80} height={52} rx={4} className="shape" />
      <rect x={cx - 6} y={y + 28} width={12} height={30} className="roller" />
    </g>
  );
}

function LineDiagram({ line, series }: { line: Asset; series: readonly Series[] }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const [values, setValues] = useState<Values>(new Map());
  const [now, setNow] = useState(Date.now());
  const ids = useMemo(() => series.map((s) => s.id), [series]);
  const unitOf = useMemo(() => new Map(series.map((s) => [s.id, s.unit])), [series]);
  const key = ids.join(',');

  // biome-ignore lint/correctness/useExhaustiveDependencies: key stands for ids
  useEffect(() => {
    if (ids.length === 0) return;
    let pending: Values | undefined;
    ok(client.GET('/api/v1/points/latest', { params: { query: { series: ids.join(',') } } }))
      .then((r) =>
        setValues((old) => {
          const m = new Map(old);
          for (const p of r.latest)
            if ((m.get(p.series)?.ts ?? 0) < p.ts) m.set(p.series, { ts: p.ts, value: p.value });
          return m;
        }),
      )
      .catch(() => undefined);
    const off = subscribePoints(ids, (sid, pts) => {
      const last = pts[pts.length - 1];
      if (!last) return;
      pending ??= new Map();
      pending.set(sid, { ts: last.ts, value: last.value });
    });
    // Batch live values into one render per second.
    const timer = setInterval(() => {
      setNow(Date.now());
      if (!pending) return;
      const batch = pending;
      pending = undefined;
      setValues((old) => {
        const m = new Map(old);
        for (const [k, v] of batch) if ((m.get(k)?.ts ?? 0) <= v.ts) m.set(k, v);
        return m;
      });
    }, 1000);
    return () => {
      off();
      clearInterval(timer);
    };
  }, [key]);

  // The process is drawn from the machines that report a state; other equipment on the line (a
  // camera, an energy meter) has its own page.
  const stated = new Set(
    series.filter((s) => s.id.endsWith('/state')).map((s) => s.id.slice(0, -'/state'.length)),
  );
  const machines = line.children.filter((m) => stated.has(m.id));
  if (machines.length === 0) return <Empty>{t('process.noLines')}</Empty>;
  const rows = Math.ceil(machines.length / COLS);
  const width = Math.min(machines.length, COLS) * (W + GAP) + GAP;
  const height = rows * (H + GAP) + GAP;
  const pos = (i: number) => ({ x: GAP + (i % COLS) * (W + GAP), y: GAP + Math.floor(i / COLS) * (H + GAP) });
  let latestTs = 0;
  for (const v of values.values()) latestTs = Math.max(latestTs, v.ts);

  const exportCsv = () =>
    downloadCsv(`process-${line.id.replace(/\//g, '_')}-${fileStamp(Date.now())}.csv`, [
      ['series', 'time', 'value', 'unit'],
      ...[...values].map(([k, v]) => [k, new Date(v.ts).toISOString(), v.value, unitOf.get(k) ?? '']),
    ]);

  return (
    <>
      <div className="toolbar">
        <span className="muted small">
          {latestTs > 0 ? t('process.updated', { time: i18n.time(latestTs) }) : t('common.noData')}
        </span>
        <button type="button" onClick={exportCsv}>
          {t('common.exportCsv')}
        </button>
      </div>
      <svg
        className="process"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby="process-title"
        data-testid="process-svg"
      >
        <title id="process-title">{line.name}</title>
        {machines.slice(1).map((m, i) => {
          const a = pos(i);
          const b = pos(i + 1);
          const sameRow = a.y === b.y;
          const d = sameRow
            ? `M${a.x + W} ${a.y + 48} H${b.x}`
            : `M${a.x + W / 2} ${a.y + H} V${a.y + H + GAP / 2} H${b.x + W / 2} V${b.y}`;
          return <path key={m.id} d={d} className="pipe" markerEnd="url(#arrow)" />;
        })}
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="6"
            markerHeight="6"
            orient="auto-start-reverse"
          >
            <path d="M0 0 L10 5 L0 10 z" className="arrow" />
          </marker>
        </defs>
        {machines.map((m, i) => {
          const { x, y } = pos(i);
          const st = values.get(`${m.id}/state`);
          const stale = !st || now - st.ts > STALE_MS;
          const cls = stale ? 'unknown' : (STATE_CLASS[st.value] ?? 'unknown');
          const stateLabel =
            stale || !(st.value in STATE_CLASS) ? t('state.unknown') : t(`state.${st.value}` as MessageKey);
          const shown = SHOWN.map((metric) => ({ metric, id: `${m.id}/${metric}` }))
            .filter((s) => unitOf.has(s.id))
            .slice(0, 3);
          const type = String(m.attributes['type'] ?? m.id.slice(m.id.lastIndexOf('/') + 1));
          return (
            <g key={m.id} className={`machine st-${cls}`} data-machine={m.id} data-state={cls}>
              <a href={href('/telemetry', { asset: m.id, series: shown.map((s) => s.id).join(',') })}>
                <rect x={x} y={y} width={W} height={H} rx={8} className="frame" />
                <Shape type={type} x={x} y={y} />
                <text x={x + 10} y={y + 16} className="name">
                  {m.name}
                </text>
                <text x={x + W - 10} y={y + H - 8} textAnchor="end" className="state">
                  {stateLabel}
                </text>
                {shown.map((s, k) => {
                  const v = values.get(s.id);
                  return (
                    <text key={s.id} x={x + 10} y={y + 92 + k * 16} className="reading">
                      <tspan className="metric">{s.metric}</tspan>
                      <tspan x={x + W - 10} textAnchor="end" data-series={s.id}>
                        {v ? num(v.value, 1) : '—'} {unitOf.get(s.id)}
                      </tspan>
                    </text>
                  );
                })}
              </a>
            </g>
          );
        })}
      </svg>
      <ul className="legend" aria-label={t('process.legend')}>
        {(['0', '1', '2', '3', '4'] as const).map((c) => (
          <li key={c}>
            <span className={`swatch st-${STATE_CLASS[Number(c)]}`} aria-hidden="true" /> {t(`state.${c}`)}
          </li>
        ))}
        <li>
          <span className="swatch st-unknown" aria-hidden="true" /> {t('state.unknown')}
        </li>
      </ul>
    </>
  );
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
            <label className="toolbar">
              {t('process.line')}{' '}
              <select
                value={line?.id ?? ''}
                onChange={(e) => navigate('/process', { line: e.target.value }, true)}
              >
                {found.map((l) => (
                  <option key={l.id} value={l.id}>
                    {l.id}
                  </option>
                ))}
              </select>
            </label>
            {line && <LineDiagram key={line.id} line={line} series={series} />}
          </>
        )}
      </Async>
    </div>
  );
}
