/**
 * The route report: a stored delivery plan (`--plan`, else the newest) as
 * `GET /api/v1/logistics/plans/{id}` gives it — per van its departure, return, load, distance and
 * cost, and the route sheet every driver takes: the stops in order with the customer's time window
 * and the planned arrival, start of service and departure, and a map of every route (depot, stops in
 * order, back to the depot) on longitude/latitude axes, drawn from the `route-points` table.
 */
import { XinzhiError } from '../../core/index.js';
import { listPlans, loadPlan } from '../logistics/index.js';
import type { ReportContext } from './report-context.js';
import { type Cell, type ReportDoc, text } from './report-doc.js';

export async function buildRoutesReport(ctx: ReportContext): Promise<ReportDoc> {
  const p = ctx.plan !== undefined ? await loadPlan(ctx.store, ctx.plan) : (await listPlans(ctx.store))[0];
  if (!p)
    throw new XinzhiError(
      'NOT_FOUND',
      ctx.plan ? `no delivery plan '${ctx.plan}'` : 'no delivery plan; pass --plan',
      {
        field: 'plan',
      },
    );
  const orders = new Map(p.problem.orders.map((o) => [o.id, o]));
  const depot = p.problem.depot;
  const points: Cell[][] = [];
  for (const r of p.plan.routes) {
    const place = text('depot', '仓库');
    points.push([r.vanId, 0, place, depot.lon, depot.lat]);
    r.stops.forEach((s, i) => {
      const o = orders.get(s.orderId);
      points.push([r.vanId, i + 1, s.orderId, o?.lon ?? null, o?.lat ?? null]);
    });
    points.push([r.vanId, r.stops.length + 1, place, depot.lon, depot.lat]);
  }
  const stops: Cell[][] = [];
  for (const r of p.plan.routes)
    r.stops.forEach((s, i) => {
      const o = orders.get(s.orderId);
      stops.push([
        r.vanId,
        i + 1,
        s.orderId,
        o?.window?.[0] ?? null,
        o?.window?.[1] ?? null,
        s.arrival,
        s.start,
        s.departure,
        s.loadAfter,
      ]);
    });
  return {
    type: 'routes',
    title: text('Delivery routes', '配送路线报告'),
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections: [
      {
        title: text(`Plan ${p.id} (revision ${p.revision})`, `计划 ${p.id}（第 ${p.revision} 版）`),
        paragraphs: p.plan.violations.map((v) => text(v, v)),
        facts: [
          { label: text('Vans', '车辆'), value: p.plan.routes.length },
          { label: text('Orders', '订单'), value: p.problem.orders.length },
          { label: text('Distance', '总里程'), value: p.plan.distanceKm.toFixed(1), unit: 'km' },
          { label: text('Cost', '成本'), value: p.plan.cost.toFixed(2) },
          { label: text('Feasible', '可行'), value: p.plan.feasible ? 'yes / 是' : 'no / 否' },
        ],
        charts: [
          { title: text('Distance per van', '各车里程'), kind: 'bar', table: 'vans', x: 'van', y: ['km'] },
        ],
        tables: [
          {
            id: 'vans',
            title: text('Vans', '车辆'),
            columns: [
              { key: 'van', label: text('Van', '车辆'), kind: 'text' },
              { key: 'stops', label: text('Stops', '停靠点'), kind: 'integer' },
              { key: 'departure', label: text('Departure', '出发'), kind: 'time' },
              { key: 'return', label: text('Return', '返回'), kind: 'time' },
              { key: 'load', label: text('Load', '装载'), kind: 'number' },
              { key: 'km', label: text('Distance', '里程'), kind: 'number', unit: 'km', decimals: 1 },
              { key: 'cost', label: text('Cost', '成本'), kind: 'number', decimals: 2 },
            ],
            rows: p.plan.routes.map((r) => [
              r.vanId,
              r.stops.length,
              r.departure,
              r.returnAt,
              r.load,
              r.distanceKm,
              r.cost,
            ]),
          },
        ],
      },
      {
        title: text('Route map', '路线图'),
        charts: [
          {
            title: text('Routes: depot and stops in order', '路线：仓库及按顺序的停靠点'),
            kind: 'path',
            table: 'route-points',
            x: 'lon',
            y: ['lat'],
            group: 'van',
            label: 'place',
          },
        ],
        tables: [
          {
            id: 'route-points',
            title: text('Route points', '路线点'),
            columns: [
              { key: 'van', label: text('Van', '车辆'), kind: 'text' },
              { key: 'seq', label: text('#', '序号'), kind: 'integer' },
              { key: 'place', label: text('Place', '地点'), kind: 'text' },
              { key: 'lon', label: text('Longitude', '经度'), kind: 'number', unit: '°', decimals: 5 },
              { key: 'lat', label: text('Latitude', '纬度'), kind: 'number', unit: '°', decimals: 5 },
            ],
            rows: points,
            empty: text('No routes.', '无路线。'),
          },
        ],
      },
      {
        title: text('Route sheets', '司机路线单'),
        tables: [
          {
            id: 'stops',
            title: text('Stops in order', '按顺序的停靠点'),
            columns: [
              { key: 'van', label: text('Van', '车辆'), kind: 'text' },
              { key: 'seq', label: text('#', '序号'), kind: 'integer' },
              { key: 'order', label: text('Order', '订单'), kind: 'text' },
              { key: 'windowFrom', label: text('Window from', '时间窗起'), kind: 'time' },
              { key: 'windowTo', label: text('Window to', '时间窗止'), kind: 'time' },
              { key: 'arrival', label: text('Arrival', '到达'), kind: 'time' },
              { key: 'start', label: text('Service', '开始服务'), kind: 'time' },
              { key: 'departure', label: text('Departure', '离开'), kind: 'time' },
              { key: 'load', label: text('Load after', '剩余装载'), kind: 'number' },
            ],
            rows: stops,
            empty: text('No stops.', '无停靠点。'),
          },
        ],
      },
    ],
  };
}
