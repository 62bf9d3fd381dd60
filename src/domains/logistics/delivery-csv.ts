/**
 * Orders and vans as people export them from a shop, an ERP or a spreadsheet: header names in
 * English or Chinese, any case, units in brackets (`weight (kg)`, `载重(吨)`), `,` `;` or tab
 * separated, times as `HH:MM`, `9:30 AM`, a `09:00-12:00` window cell or local date-times. Every
 * problem is reported as `file:line column: message`, all of them at once, so a user fixes the
 * file in one go instead of one error per run.
 */
import { parse } from 'csv-parse/sync';
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import type { Place } from './delivery-types.js';
import { haversineKm } from './haversine-km.js';
import type { PlanClock } from './plan-clock.js';

export interface CsvOrder extends Place {
  readonly id: string;
  readonly name?: string;
  readonly demand: number;
  /** Window bounds (UTC ms) as written; a missing side is open. */
  readonly from?: number;
  readonly to?: number;
  readonly serviceMin?: number;
  /** Line in the file (header = 1). */
  readonly line: number;
}

export interface OrdersFile {
  readonly orders: readonly CsvOrder[];
  /** A row named depot / warehouse / 仓库 … instead of an order. */
  readonly depot?: Place & { readonly line: number };
  /** Unit of the demand column, from the header or the cells (`kg`), when given. */
  readonly unit?: string;
}

export interface CsvVan {
  readonly id: string;
  readonly capacity: number;
  readonly shiftStart: number;
  readonly shiftEnd: number;
  readonly depot?: Place;
  readonly line: number;
}

export interface VansFile {
  /** One entry per van: a row with `count` 3 becomes `<id>-1` … `<id>-3`. */
  readonly vans: readonly CsvVan[];
  readonly unit?: string;
}

/** Most rows read; a plan of more orders is a different tool (and an n² matrix). */
export const MAX_ORDERS = 2000;
export const MAX_VANS = 500;

const ORDER_FIELDS = {
  id: [
    'id',
    'order',
    'order_id',
    'orderid',
    'order_no',
    'order_number',
    'no',
    'ref',
    'reference',
    '订单',
    '订单号',
    '订单编号',
    '单号',
    '编号',
  ],
  name: [
    'customer',
    'name',
    'customer_name',
    'client',
    'consignee',
    'shop',
    'store',
    '客户',
    '客户名称',
    '收货人',
    '名称',
    '门店',
  ],
  lat: ['lat', 'latitude', '纬度'],
  lon: ['lon', 'lng', 'long', 'longitude', '经度'],
  demand: [
    'demand',
    'qty',
    'quantity',
    'weight',
    'volume',
    'load',
    'amount',
    'size',
    '需求',
    '需求量',
    '数量',
    '重量',
    '件数',
    '体积',
    '货量',
  ],
  from: [
    'ready',
    'earliest',
    'from',
    'window_start',
    'start',
    'time_from',
    'ready_time',
    'tw_start',
    'earliest_time',
    '最早',
    '最早时间',
    '最早送达',
    '开始时间',
    '时间窗开始',
  ],
  to: [
    'due',
    'latest',
    'to',
    'window_end',
    'end',
    'time_to',
    'due_time',
    'due_date',
    'tw_end',
    'latest_time',
    '最晚',
    '最晚时间',
    '最晚送达',
    '结束时间',
    '时间窗结束',
  ],
  window: ['window', 'time_window', 'tw', 'delivery_window', '时间窗', '送达时间', '送货时间'],
  service: [
    'service',
    'service_min',
    'service_time',
    'service_minutes',
    'unload_min',
    'stop_min',
    '服务时间',
    '卸货时间',
    '停留时间',
  ],
} as const;

const VAN_FIELDS = {
  id: [
    'id',
    'van',
    'name',
    'vehicle',
    'truck',
    'van_id',
    'vehicle_id',
    'plate',
    '车辆',
    '车辆编号',
    '车牌',
    '车牌号',
    '车号',
    '名称',
  ],
  capacity: ['capacity', 'cap', 'max_load', 'payload', '载重', '载重量', '容量', '最大载重', '额定载重'],
  count: ['count', 'number', 'qty', 'quantity', 'vans', '数量', '车辆数', '台数'],
  start: [
    'shift_start',
    'start',
    'from',
    'start_time',
    'depart',
    'departure',
    '上班',
    '开始时间',
    '出发时间',
    '发车时间',
  ],
  end: [
    'shift_end',
    'end',
    'to',
    'end_time',
    'return',
    'return_by',
    '下班',
    '结束时间',
    '返回时间',
    '收车时间',
  ],
  lat: ['depot_lat', 'lat', 'latitude', 'depot_latitude', '纬度'],
  lon: ['depot_lon', 'depot_lng', 'lon', 'lng', 'longitude', 'depot_longitude', '经度'],
} as const;

const DEPOT_NAMES = new Set(['depot', 'warehouse', 'dc', 'hub', '仓库', '配送中心', '总仓', '发货仓']);

/** kg per unit, for converting van capacities into the orders' unit. */
const MASS: Record<string, number> = {
  g: 0.001,
  kg: 1,
  t: 1000,
  ton: 1000,
  tonne: 1000,
  lb: 0.45359237,
  lbs: 0.45359237,
  克: 0.001,
  公斤: 1,
  千克: 1,
  吨: 1000,
};

/** Factor turning an amount in `from` into `to`, or undefined when the units do not convert. */
export function unitFactor(from: string, to: string): number | undefined {
  const a = from.toLowerCase();
  const b = to.toLowerCase();
  if (a === b) return 1;
  const fa = MASS[a];
  const fb = MASS[b];
  return fa !== undefined && fb !== undefined ? fa / fb : undefined;
}

interface Column {
  readonly header: string;
  readonly index: number;
  readonly unit?: string;
}

/** `Weight (kg)` → { name: 'weight', unit: 'kg' }; `capacity_kg` → { name: 'capacity', unit: 'kg' }. */
function headerName(cell: string): { name: string; unit?: string } {
  let h = cell.replace(/^\uFEFF/, '').trim();
  let unit: string | undefined;
  const br = /^(.*?)\s*[([（【]\s*([^)\]）】]*?)\s*[)\]）】]\s*$/.exec(h);
  if (br) {
    h = br[1]!;
    unit = br[2] || undefined;
  }
  let name = h.toLowerCase().replace(/[\s\-.]+/g, '_');
  const suffix = /^(.+)_(kg|t|g|lb|lbs|pcs|m3|l)$/.exec(name);
  if (suffix && !unit) {
    name = suffix[1]!;
    unit = suffix[2];
  }
  return unit === undefined ? { name } : { name, unit };
}

function mapColumns<F extends string>(
  header: readonly string[],
  fields: Readonly<Record<F, readonly string[]>>,
  where: string,
  issues: Issue[],
): Partial<Record<F, Column>> {
  const found: Partial<Record<F, Column>> = {};
  header.forEach((cell, index) => {
    const { name, unit } = headerName(cell);
    for (const field of Object.keys(fields) as F[]) {
      if (!(fields[field] as readonly string[]).includes(name)) continue;
      const prev = found[field];
      if (prev)
        issues.push({
          code: 'BAD_INPUT',
          message: `columns '${prev.header}' and '${cell.trim()}' both mean ${field}: keep one`,
          where: `${where}:1 ${cell.trim()}`,
        });
      else found[field] = { header: cell.replace(/^\uFEFF/, '').trim(), index, ...(unit ? { unit } : {}) };
      break;
    }
  });
  return found;
}

const aliases = (names: readonly string[]): string => names.filter((n) => /^[a-z_]+$/.test(n)).join(', ');

/** The delimiter used by most of the first lines: `,`, `;`, tab or `|`. */
function delimiterOf(text: string): string {
  const first = text.split(/\r?\n/, 1)[0] ?? '';
  let best = ',';
  let count = 0;
  for (const d of [',', ';', '\t', '|']) {
    const n = first.split(d).length - 1;
    if (n > count) {
      best = d;
      count = n;
    }
  }
  return best;
}

interface Cells {
  readonly line: number;
  readonly cells: readonly string[];
}

function records(text: string, file: string): Result<{ header: string[]; rows: Cells[]; delimiter: string }> {
  if (text.replace(/^\uFEFF/, '').trim() === '')
    return fail({ code: 'BAD_INPUT', message: 'the file is empty', where: file });
  const delimiter = delimiterOf(text.replace(/^\uFEFF/, ''));
  let parsed: { record: string[]; info: { lines: number } }[];
  try {
    parsed = parse(text.replace(/^\uFEFF/, ''), {
      delimiter,
      skip_empty_lines: true,
      relax_column_count: true,
      trim: true,
      info: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    return fail({ code: 'BAD_INPUT', message: `not valid CSV: ${(e as Error).message}`, where: file });
  }
  const [head, ...body] = parsed;
  if (!head) return fail({ code: 'BAD_INPUT', message: 'the file is empty', where: file });
  const rows = body
    .filter((r) => r.record.some((c) => c !== ''))
    .map((r) => ({ line: r.info.lines, cells: r.record }));
  return ok({ header: head.record, rows, delimiter });
}

/** A number cell: `12`, `12.5`, `12,5` (decimal comma when `,` is not the delimiter), `1,200`, `120 kg`. */
function numberCell(raw: string, delimiter: string): { value: number; unit?: string } | undefined {
  const m = /^([+-]?(?:\d[\d,.]*|\.\d+))\s*([^\d\s.,+-][^\d]*)?$/.exec(raw.trim());
  if (!m) return undefined;
  let digits = m[1]!;
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(digits) && delimiter === ',') digits = digits.replace(/,/g, '');
  else if (/^[+-]?\d+,\d+$/.test(digits) && delimiter !== ',') digits = digits.replace(',', '.');
  if (!/^[+-]?(\d+\.?\d*|\.\d+)$/.test(digits)) return undefined;
  const value = Number(digits);
  if (!Number.isFinite(value)) return undefined;
  const unit = m[2]?.trim();
  return unit ? { value, unit } : { value };
}

/** `HH:MM[:SS]`, `9:30 AM`, or a date-time → UTC ms; undefined when not a time. */
export function timeCell(raw: string, clock: PlanClock): number | undefined {
  const s = raw.trim();
  const hm = /^(\d{1,2})[:：](\d{2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$/i.exec(s);
  if (hm) {
    let h = Number(hm[1]);
    const min = Number(hm[2]);
    const sec = Number(hm[3] ?? 0);
    const ampm = hm[4]?.toLowerCase();
    if (ampm) {
      if (h < 1 || h > 12) return undefined;
      h = (h % 12) + (ampm.startsWith('p') ? 12 : 0);
    }
    if (min > 59 || sec > 59 || h > 24 || (h === 24 && (min > 0 || sec > 0))) return undefined;
    return clock.atMinutes(h * 60 + min + sec / 60);
  }
  return clock.dateTime(s);
}

/** A window cell `09:00-12:00`, `09:00~12:00`, `9:00 to 12:00`, `09:00至12:00`. */
function windowCell(raw: string): [string, string] | undefined {
  const s = raw.trim();
  const m =
    /^(.+?)\s*(?:~|–|—|至|到|\s+to\s+|\s+-\s+)\s*(.+)$/i.exec(s) ??
    /^(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)\s*-\s*(\d{1,2}:\d{2}(?::\d{2})?(?:\s*[ap]m)?)$/i.exec(s);
  return m ? [m[1]!, m[2]!] : undefined;
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

export interface OrdersCsvOptions {
  /** File name used in every message. */
  readonly file: string;
  readonly clock: PlanClock;
}

/**
 * Reads an orders file. Needs latitude, longitude and a quantity column; id, customer name,
 * window (`from`/`to` or one `window` cell) and service minutes are optional.
 */
export function parseOrdersCsv(text: string, options: OrdersCsvOptions): Result<OrdersFile> {
  const { file, clock } = options;
  const rec = records(text, file);
  if (!rec.ok) return rec;
  const { header, rows, delimiter } = rec.value;
  const issues: Issue[] = [];
  const col = mapColumns(header, ORDER_FIELDS, file, issues);
  for (const f of ['lat', 'lon', 'demand'] as const)
    if (!col[f])
      issues.push({
        code: 'BAD_INPUT',
        message: `no ${f === 'demand' ? 'quantity' : f === 'lat' ? 'latitude' : 'longitude'} column: name one of ${aliases(ORDER_FIELDS[f])} (or ${ORDER_FIELDS[f].filter((n) => !/^[a-z_]+$/.test(n)).join('、')}); the header has ${header.map((h) => `'${h}'`).join(', ')}`,
        where: `${file}:1`,
      });
  if (col.window && (col.from || col.to))
    issues.push({
      code: 'BAD_INPUT',
      message: `both a window column '${col.window.header}' and from/to columns: keep one form`,
      where: `${file}:1 ${col.window.header}`,
    });
  if (issues.length > 0) return fail(...issues);
  if (rows.length === 0)
    return fail({ code: 'BAD_INPUT', message: 'no orders below the header', where: file });
  if (rows.length > MAX_ORDERS)
    return fail({
      code: 'BAD_INPUT',
      message: `${rows.length} rows: at most ${MAX_ORDERS} orders per plan`,
      where: file,
    });

  const units = new Set<string>();
  if (col.demand?.unit) units.add(col.demand.unit);
  const orders: CsvOrder[] = [];
  let depot: (Place & { line: number }) | undefined;
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const at = (c: Column): string => `${file}:${line} ${c.header}`;
    const cell = (c: Column | undefined): string => (c ? (cells[c.index] ?? '').trim() : '');
    const bad = (c: Column, message: string): void => {
      issues.push({ code: 'BAD_INPUT', message, where: at(c) });
    };
    const num = (c: Column, what: string): number | undefined => {
      const raw = cell(c);
      if (raw === '') {
        bad(c, `${what} is empty`);
        return undefined;
      }
      const n = numberCell(raw, delimiter);
      if (!n) {
        bad(c, `'${raw}' is not a number`);
        return undefined;
      }
      if (n.unit) {
        if (c === col.demand) units.add(n.unit);
        else if (!/^°?$/.test(n.unit)) bad(c, `'${raw}' is not a number`);
      }
      return n.value;
    };
    const id = col.id ? cell(col.id) : `row ${line}`;
    const name = cell(col.name);
    const isDepot = DEPOT_NAMES.has(id.toLowerCase()) || (!!name && DEPOT_NAMES.has(name.toLowerCase()));
    if (col.id && id === '') bad(col.id, 'order id is empty');
    const lat = num(col.lat!, 'latitude');
    const lon = num(col.lon!, 'longitude');
    if (lat !== undefined && lon !== undefined) {
      if (Math.abs(lat) > 90 && Math.abs(lon) <= 90 && Math.abs(lat) <= 180)
        bad(
          col.lat!,
          `latitude ${lat} is out of range (−90…90) and longitude ${lon} would fit: are '${col.lat!.header}' and '${col.lon!.header}' swapped?`,
        );
      else if (Math.abs(lat) > 90) bad(col.lat!, `latitude ${lat} is out of range (−90…90)`);
      else if (Math.abs(lon) > 180) bad(col.lon!, `longitude ${lon} is out of range (−180…180)`);
      else if (lat === 0 && lon === 0) bad(col.lat!, 'latitude and longitude are 0, 0 (a missing geocode?)');
    }
    if (isDepot) {
      if (depot)
        issues.push({
          code: 'BAD_INPUT',
          message: `a second depot row (the first is line ${depot.line}): one depot per plan`,
          where: `${file}:${line}`,
        });
      else if (lat !== undefined && lon !== undefined) depot = { lat, lon, line };
      continue;
    }
    const demand = num(col.demand!, 'quantity');
    if (demand !== undefined && !(demand >= 0)) bad(col.demand!, `quantity ${demand} is negative`);
    else if (demand !== undefined && demand > 1e9)
      bad(col.demand!, `quantity ${demand} is implausibly large`);
    let fromRaw = cell(col.from);
    let toRaw = cell(col.to);
    let fromCol = col.from;
    let toCol = col.to;
    if (col.window && cell(col.window) !== '') {
      const w = windowCell(cell(col.window));
      if (!w) bad(col.window, `'${cell(col.window)}' is not a window like 09:00-12:00`);
      else [fromRaw, toRaw] = w;
      fromCol = col.window;
      toCol = col.window;
    }
    const time = (raw: string, c: Column | undefined): number | undefined => {
      if (raw === '' || !c) return undefined;
      const t = timeCell(raw, clock);
      if (t === undefined) bad(c, `'${raw}' is not a time (HH:MM, 9:30 AM or YYYY-MM-DD HH:MM)`);
      return t;
    };
    const from = time(fromRaw, fromCol);
    const to = time(toRaw, toCol);
    if (from !== undefined && to !== undefined && to < from)
      bad(toCol!, `the window ends (${clock.hhmm(to)}) before it starts (${clock.hhmm(from)})`);
    let serviceMin: number | undefined;
    if (col.service && cell(col.service) !== '') {
      serviceMin = num(col.service, 'service time');
      if (serviceMin !== undefined && !(serviceMin >= 0 && serviceMin <= 24 * 60))
        bad(col.service, `service time ${serviceMin} min is not within 0…1440`);
    }
    if (id !== '') {
      const prev = seen.get(id);
      if (prev !== undefined) bad(col.id!, `order id '${id}' is also on line ${prev}`);
      else seen.set(id, line);
    }
    if (lat === undefined || lon === undefined || demand === undefined) continue;
    orders.push({
      id,
      ...(name ? { name } : {}),
      lat,
      lon,
      demand,
      ...(from !== undefined ? { from } : {}),
      ...(to !== undefined ? { to } : {}),
      ...(serviceMin !== undefined ? { serviceMin } : {}),
      line,
    });
  }
  if (units.size > 1)
    issues.push({
      code: 'BAD_INPUT',
      message: `quantities in different units (${[...units].join(', ')}): use one unit`,
      where: `${file} ${col.demand!.header}`,
    });
  if (orders.length === 0 && issues.length === 0)
    issues.push({ code: 'BAD_INPUT', message: 'no orders below the header (only a depot row)', where: file });
  // Swapped columns that still fall in range (Europe: 52, 13 ↔ 13, 52) land far from every other
  // order, on the other side of the world; the swap would put them among the rest.
  if (issues.length === 0 && orders.length >= 3) {
    const mid = { lat: median(orders.map((o) => o.lat)), lon: median(orders.map((o) => o.lon)) };
    for (const o of orders) {
      const d = haversineKm(o, mid);
      const swapped =
        Math.abs(o.lon) <= 90 ? haversineKm({ lat: o.lon, lon: o.lat }, mid) : Number.POSITIVE_INFINITY;
      if (d > 300 && swapped < 100)
        issues.push({
          code: 'BAD_INPUT',
          message: `${o.lat}, ${o.lon} is ${Math.round(d)} km from the other orders; as ${o.lon}, ${o.lat} it would be ${Math.round(swapped)} km: latitude and longitude look swapped`,
          where: `${file}:${o.line} ${col.lat!.header}`,
        });
    }
  }
  if (issues.length > 0) return fail(...issues);
  const unit = [...units][0];
  return ok({ orders, ...(depot ? { depot } : {}), ...(unit ? { unit } : {}) });
}

export interface VansCsvOptions {
  readonly file: string;
  readonly clock: PlanClock;
  /** Shift when the file has no start / end column (local minutes after midnight). */
  readonly defaultStartMin: number;
  readonly defaultEndMin: number;
}

/** Reads a vans file: capacity required; id, count, shift start/end and depot lat/lon optional. */
export function parseVansCsv(text: string, options: VansCsvOptions): Result<VansFile> {
  const { file, clock } = options;
  const rec = records(text, file);
  if (!rec.ok) return rec;
  const { header, rows, delimiter } = rec.value;
  const issues: Issue[] = [];
  const col = mapColumns(header, VAN_FIELDS, file, issues);
  if (!col.capacity)
    issues.push({
      code: 'BAD_INPUT',
      message: `no capacity column: name one of ${aliases(VAN_FIELDS.capacity)} (or 载重、容量); the header has ${header.map((h) => `'${h}'`).join(', ')}`,
      where: `${file}:1`,
    });
  if (!!col.lat !== !!col.lon)
    issues.push({
      code: 'BAD_INPUT',
      message: 'a depot needs both latitude and longitude columns',
      where: `${file}:1`,
    });
  if (issues.length > 0) return fail(...issues);
  if (rows.length === 0) return fail({ code: 'BAD_INPUT', message: 'no vans below the header', where: file });
  const units = new Set<string>();
  if (col.capacity?.unit) units.add(col.capacity.unit);
  const vans: CsvVan[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of rows) {
    const cell = (c: Column | undefined): string => (c ? (cells[c.index] ?? '').trim() : '');
    const bad = (c: Column, message: string): void => {
      issues.push({ code: 'BAD_INPUT', message, where: `${file}:${line} ${c.header}` });
    };
    const num = (c: Column): number | undefined => {
      const raw = cell(c);
      const n = numberCell(raw, delimiter);
      if (!n) {
        bad(c, raw === '' ? 'empty' : `'${raw}' is not a number`);
        return undefined;
      }
      if (n.unit && c === col.capacity) units.add(n.unit);
      else if (n.unit) bad(c, `'${raw}' is not a number`);
      return n.value;
    };
    const id = col.id ? cell(col.id) : `van-${vans.length + 1}`;
    if (id === '' && col.id) bad(col.id, 'van id is empty');
    const capacity = num(col.capacity!);
    if (capacity !== undefined && !(capacity > 0 && capacity <= 1e9))
      bad(col.capacity!, `capacity ${capacity} must be positive`);
    let count = 1;
    if (col.count && cell(col.count) !== '') {
      const n = num(col.count);
      if (n !== undefined && !(Number.isInteger(n) && n >= 1 && n <= MAX_VANS))
        bad(col.count, `count ${n} must be a whole number from 1 to ${MAX_VANS}`);
      else if (n !== undefined) count = n;
    }
    const shift = (c: Column | undefined, fallback: number): number | undefined => {
      const raw = cell(c);
      if (raw === '' || !c) return clock.atMinutes(fallback);
      const t = timeCell(raw, clock);
      if (t === undefined) bad(c, `'${raw}' is not a time (HH:MM or YYYY-MM-DD HH:MM)`);
      return t;
    };
    const shiftStart = shift(col.start, options.defaultStartMin);
    const shiftEnd = shift(col.end, options.defaultEndMin);
    if (shiftStart !== undefined && shiftEnd !== undefined && !(shiftEnd > shiftStart))
      bad(
        col.end ?? col.start ?? col.capacity!,
        `the shift ends (${clock.hhmm(shiftEnd)}) before it starts (${clock.hhmm(shiftStart)})`,
      );
    let depot: Place | undefined;
    if (col.lat && col.lon && (cell(col.lat) !== '' || cell(col.lon) !== '')) {
      const lat = num(col.lat);
      const lon = num(col.lon);
      if (lat !== undefined && !(Math.abs(lat) <= 90))
        bad(col.lat, `latitude ${lat} is out of range (−90…90)`);
      else if (lon !== undefined && !(Math.abs(lon) <= 180))
        bad(col.lon, `longitude ${lon} is out of range (−180…180)`);
      else if (lat !== undefined && lon !== undefined) depot = { lat, lon };
    }
    if (id !== '') {
      const prev = seen.get(id);
      if (prev !== undefined) bad(col.id!, `van id '${id}' is also on line ${prev}`);
      else seen.set(id, line);
    }
    if (capacity === undefined || shiftStart === undefined || shiftEnd === undefined) continue;
    for (let k = 1; k <= count; k++)
      vans.push({
        id: count === 1 ? id : `${id}-${k}`,
        capacity,
        shiftStart,
        shiftEnd,
        ...(depot ? { depot } : {}),
        line,
      });
  }
  if (vans.length > MAX_VANS)
    issues.push({
      code: 'BAD_INPUT',
      message: `${vans.length} vans: at most ${MAX_VANS} per plan`,
      where: file,
    });
  if (units.size > 1)
    issues.push({
      code: 'BAD_INPUT',
      message: `capacities in different units (${[...units].join(', ')}): use one unit`,
      where: `${file} ${col.capacity!.header}`,
    });
  const withDepot = vans.filter((v) => v.depot);
  const first = withDepot[0]?.depot;
  const other = first && withDepot.find((v) => v.depot?.lat !== first.lat || v.depot?.lon !== first.lon);
  if (first && other)
    issues.push({
      code: 'BAD_INPUT',
      message: `vans ${withDepot[0]!.id} (line ${withDepot[0]!.line}) and ${other.id} (line ${other.line}) start from different depots: one depot per plan (plan each depot separately)`,
      where: `${file}:${other.line} ${col.lat!.header}`,
    });
  if (issues.length > 0) return fail(...issues);
  const unit = [...units][0];
  return ok({ vans, ...(unit ? { unit } : {}) });
}
