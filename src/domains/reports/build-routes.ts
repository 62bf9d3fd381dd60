/**
 * The route report: a stored delivery plan (`--plan`, else the newest) as
 * `GET /api/v1/logistics/plans/{id}` gives it — per van its departure, return, load, distance and
 * cost, and the route sheet every driver takes: the stops in order with the customer's time window
 * and the planned arrival, start of service and departure, and a map of every route (depot, stops in
 * order, back to the depot) on longitude/latitude axes, drawn from the `route-points` table.
 */
import { XinzhiError } from '../../core/index.js';
import { listPlans, loadPlan } from '../logistics/index.js';
import { type ColumnSpec, chart, reportDoc, table } from './report-blocks.js';
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
  const van: ColumnSpec = ['van', text('Van', '车辆')];
  const seq: ColumnSpec = ['seq', text('#', '序号'), 'integer'];
  const degrees = { unit: '°', decimals: 5 };
  return reportDoc(ctx, 'routes', text('Delivery routes', '配送路线报告'), [
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
      charts: [chart('bar', text('Distance per van', '各车里程'), 'vans', 'van', ['km'])],
      tables: [
        table(
          'vans',
          text('Vans', '车辆'),
          [
            van,
            ['stops', text('Stops', '停靠点'), 'integer'],
            ['departure', text('Departure', '出发'), 'time'],
            ['return', text('Return', '返回'), 'time'],
            ['load', text('Load', '装载'), 'number'],
            ['km', text('Distance', '里程'), 'number', { unit: 'km', decimals: 1 }],
            ['cost', text('Cost', '成本'), 'number', { decimals: 2 }],
          ],
          p.plan.routes.map((r) => [
            r.vanId,
            r.stops.length,
            r.departure,
            r.returnAt,
            r.load,
            r.distanceKm,
            r.cost,
          ]),
        ),
      ],
    },
    {
      title: text('Route map', '路线图'),
      charts: [
        chart(
          'path',
          text('Routes: depot and stops in order', '路线：仓库及按顺序的停靠点'),
          'route-points',
          'lon',
          ['lat'],
          {
            group: 'van',
            label: 'place',
          },
        ),
      ],
      tables: [
        table(
          'route-points',
          text('Route points', '路线点'),
          [
            van,
            seq,
            ['place', text('Place', '地点')],
            ['lon', text('Longitude', '经度'), 'number', degrees],
            ['lat', text('Latitude', '纬度'), 'number', degrees],
          ],
          points,
          text('No routes.', '无路线。'),
        ),
      ],
    },
    {
      title: text('Route sheets', '司机路线单'),
      tables: [
        table(
          'stops',
          text('Stops in order', '按顺序的停靠点'),
          [
            van,
            seq,
            ['order', text('Order', '订单')],
            ['windowFrom', text('Window from', '时间窗起'), 'time'],
            ['windowTo', text('Window to', '时间窗止'), 'time'],
            ['arrival', text('Arrival', '到达'), 'time'],
            ['start', text('Service', '开始服务'), 'time'],
            ['departure', text('Departure', '离开'), 'time'],
            ['load', text('Load after', '剩余装载'), 'number'],
          ],
          stops,
          text('No stops.', '无停靠点。'),
        ),
      ],
    },
  ]);
}
