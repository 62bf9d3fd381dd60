/**
 * The fleet: the routes of a delivery plan drawn on the longitude/latitude plane (no map tiles,
 * so it works offline), a table of each van's stops, load, distance and times, and the live vans
 * of the demo (`depot1/<van>/latitude|longitude`) as markers that move with the live feed.
 */
import { useEffect, useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { subscribePoints } from '../api/live.js';
import { CommandBox } from '../components/command-box.js';
import { DataTable } from '../components/data-table.js';
import { Async, Empty } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';
import { useChart } from '../lib/use-chart.js';

type StoredDeliveryPlan = Schema<'StoredDeliveryPlan'>;
type Route = StoredDeliveryPlan['plan']['routes'][number];

const DEPOT = 'depot1';
const COLORS = ['#2f6fdf', '#d9480f', '#2b8a3e', '#862e9c', '#c2255c', '#0b7285', '#e67700', '#5c940d'];

type Pos = Record<string, { lat?: number; lon?: number; ts: number }>;

/** Latest van positions: one read of /points/latest, then the live feed. */
function useVanPositions(vans: readonly string[]): Pos {
  const [pos, setPos] = useState<Pos>({});
  const key = vans.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed by the van list
  useEffect(() => {
    const ids = vans.flatMap((v) => [`${DEPOT}/${v}/latitude`, `${DEPOT}/${v}/longitude`]);
    if (ids.length === 0) return;
    const apply = (series: string, value: number, ts: number) => {
      const [, van, metric] = series.split('/');
      if (!van) return;
      setPos((p) => {
        const cur = p[van] ?? { ts: 0 };
        if (ts < cur.ts - 60_000) return p;
        return {
          ...p,
          [van]: { ...cur, ts: Math.max(ts, cur.ts), [metric === 'latitude' ? 'lat' : 'lon']: value },
        };
      });
    };
    ok(client.GET('/api/v1/points/latest', { params: { query: { series: ids.join(',') } } }))
      .then((r) => {
        for (const l of r.latest) apply(l.series, l.value, l.ts);
      })
      .catch(() => undefined);
    return subscribePoints(ids, (series, points) => {
      const last = points[points.length - 1];
      if (last) apply(series, last.value, last.ts);
    });
  }, [key]);
  return pos;
}

function RouteMap({ p, pos }: { p: StoredDeliveryPlan; pos: Pos }) {
  const { t } = useI18n();
  const option = useMemo(() => {
    const byId = new Map(p.problem.orders.map((o) => [o.id, o]));
    const d = p.problem.depot;
    const routes = p.plan.routes
      .filter((r) => r.stops.length > 0)
      .map((r, i) => ({
        name: r.vanId,
        type: 'line' as const,
        color: COLORS[i % COLORS.length],
        symbolSize: 7,
        data: [
          [d.lon, d.lat],
          ...r.stops.map((s) => {
            const o = byId.get(s.orderId);
            return [o?.lon ?? d.lon, o?.lat ?? d.lat];
          }),
          [d.lon, d.lat],
        ],
      }));
    const live = Object.entries(pos)
      .filter(([, v]) => v.lat !== undefined && v.lon !== undefined)
      .map(([van, v]) => ({ name: van, value: [v.lon, v.lat] }));
    return {
      animation: false,
      grid: { left: 60, right: 20, top: 40, bottom: 40 },
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      xAxis: {
        type: 'value',
        scale: true,
        name: '°E',
        axisLabel: { formatter: (v: number) => v.toFixed(2) },
      },
      yAxis: {
        type: 'value',
        scale: true,
        name: '°N',
        axisLabel: { formatter: (v: number) => v.toFixed(2) },
      },
      series: [
        ...routes,
        {
          name: t('fleet.depot'),
          type: 'scatter',
          symbol: 'rect',
          symbolSize: 16,
          color: '#222',
          data: [[d.lon, d.lat]],
        },
        {
          name: t('fleet.live'),
          type: 'scatter',
          symbol: 'triangle',
          symbolSize: 18,
          color: '#e03131',
          label: { show: true, position: 'right', formatter: '{b}' },
          data: live,
        },
      ],
    };
  }, [p, pos, t]);
  const { el } = useChart(option);
  // Not `<Chart>`: the element also carries the live positions, which the browser test reads.
  return (
    <div
      ref={el}
      className="chart"
      style={{ height: 520 }}
      role="img"
      aria-label={t('fleet.chartLabel')}
      data-testid="fleet-map"
      data-vans={Object.keys(pos).length}
      data-live={JSON.stringify(pos)}
    />
  );
}

/** Each van's route: stops, load against capacity, distance and the hours it is out. */
function RouteTable({ p }: { p: StoredDeliveryPlan }) {
  const { t, locale } = useI18n();
  const time = new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit' });
  return (
    <DataTable<Route>
      testId="fleet-routes"
      rows={p.plan.routes}
      rowKey={(r) => r.vanId}
      columns={[
        { key: 'van', header: t('fleet.van'), rowHeader: true, cell: (r) => r.vanId },
        { key: 'stops', header: t('fleet.stops'), num: true, cell: (r) => r.stops.length },
        {
          key: 'load',
          header: t('fleet.load'),
          num: true,
          cell: (r) => {
            const cap = p.problem.vans.find((v) => v.id === r.vanId)?.capacity;
            return `${Math.round(r.load)}${cap !== undefined ? ` / ${cap}` : ''}`;
          },
        },
        { key: 'distance', header: t('fleet.distance'), num: true, cell: (r) => r.distanceKm.toFixed(1) },
        {
          key: 'time',
          header: t('fleet.time'),
          cell: (r) =>
            r.stops.length > 0 ? `${time.format(r.departure)} → ${time.format(r.returnAt)}` : '—',
        },
      ]}
    />
  );
}

function PlanView({ id }: { id: string }) {
  const { t, plural } = useI18n();
  const state = useApi(
    `logistics/plans/${id}`,
    (signal) => ok(client.GET('/api/v1/logistics/plans/{id}', { params: { path: { id } }, signal })),
    60_000,
  );
  const vans = useMemo(() => state.data?.problem.vans.map((v) => v.id) ?? [], [state.data]);
  const pos = useVanPositions(vans);
  return (
    <Async state={state}>
      {(p) => (
        <>
          <p>
            {t('fleet.summary', {
              orders: plural('fleet.orders', p.problem.orders.length),
              vans: plural('fleet.vans', p.problem.vans.length),
              km: p.plan.distanceKm.toFixed(1),
              revision: p.revision,
            })}
            {' · '}
            {p.plan.feasible
              ? t('fleet.feasible')
              : t('fleet.infeasible', { list: p.plan.violations.join('; ') })}
          </p>
          <RouteMap p={p} pos={pos} />
          <RouteTable p={p} />
        </>
      )}
    </Async>
  );
}

export default function FleetPage() {
  const { t } = useI18n();
  const list = useApi(
    'logistics/plans',
    (signal) => ok(client.GET('/api/v1/logistics/plans', { signal })),
    60_000,
  );
  const [chosen, setChosen] = useState<string>();
  const plans = list.data?.plans ?? [];
  const today = `demo-${new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)}`;
  const id = chosen ?? plans.find((p) => p.id === today)?.id ?? plans[0]?.id;
  return (
    <section>
      <h1>{t('fleet.title')}</h1>
      <Async state={list} isEmpty={(d) => d.plans.length === 0} empty={<Empty>{t('fleet.noPlans')}</Empty>}>
        {(d) => (
          <label>
            {t('fleet.plan')}{' '}
            <select value={id} onChange={(e) => setChosen(e.target.value)}>
              {d.plans.map((p) => (
                <option key={p.id} value={p.id}>
                  {p.id} ({p.orders} / {p.distanceKm.toFixed(0)} km)
                </option>
              ))}
            </select>
          </label>
        )}
      </Async>
      <CommandBox mode="delivery" planId={id} />
      {id !== undefined && <PlanView id={id} />}
    </section>
  );
}
