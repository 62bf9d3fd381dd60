/**
 * `xinzhi route plan <orders.csv> --vans <vans.csv>`: a day's delivery plan from the files a
 * dispatcher has (columns in docs/routing.md): per van its stops with local arrival times, load,
 * km and duration, and every order that cannot be served with the reason. Exit 3 when not every
 * order is served (the plan of the rest is still printed), 2 for a bad file, naming file:line
 * and column.
 */
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { CommandUnknownOpts } from '@commander-js/extra-typings';
import { Presets, SingleBar } from 'cli-progress';
import {
  EXIT_CODES,
  type Issue,
  issuesError,
  type Result,
  textTable,
  XinzhiError,
} from '../../core/index.js';
import { logistics } from '../../domains/index.js';
import { createDecoder, detectEncoding, parseEncoding } from '../../ingest/csv/detect-encoding.js';
import { solveInWorker } from '../../optimize/routing/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { jsonOption, requiredNumberFlag } from '../options.js';

/** Larger files are not order lists (5,000 orders of 200 bytes is 1 MB). */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

function unwrap<T>(r: Result<T>): T {
  if (r.ok) return r.value;
  const list = r.issues.map((i: Issue) => `${i.where ? `${i.where}: ` : ''}${i.message}`);
  throw issuesError(r.issues, {
    fallback: 'input',
    detail: r.issues.length === 1 ? list[0]! : `${r.issues.length} problems: ${list.join('; ')}`,
  });
}

/** Reads a CSV in its own encoding (BOM, UTF-8, else GB18030 / Windows-1252), or `--encoding`. */
function readText(path: string, encoding: string | undefined): string {
  let buf: Buffer;
  try {
    if (statSync(path).size > MAX_FILE_BYTES)
      throw new XinzhiError('BAD_INPUT', `${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`, {
        field: path,
      });
    buf = readFileSync(path);
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError('NOT_FOUND', `cannot read ${path}: ${(e as Error).message}`, {
      field: path,
      cause: e,
    });
  }
  const enc = encoding ? parseEncoding(encoding) : detectEncoding(buf, false).encoding;
  const name = basename(path);
  const dec = createDecoder(enc, name, (text) => `${name}:${text.split('\n').length}`);
  return dec.write(buf) + dec.end();
}

function clockMinutes(flag: string, v: string): number {
  const m = /^(\d{1,2}):(\d{2})$/.exec(v.trim());
  if (!m || Number(m[1]) > 24 || Number(m[2]) > 59)
    throw new XinzhiError('BAD_INPUT', `${flag} must be a time like 08:00, got '${v}'`, { field: flag });
  return Number(m[1]) * 60 + Number(m[2]);
}

function depotFlag(v: string): logistics.Place {
  const m = /^\s*([+-]?\d+(?:\.\d+)?)\s*[,;\s]\s*([+-]?\d+(?:\.\d+)?)\s*$/.exec(v);
  const lat = Number(m?.[1]);
  const lon = Number(m?.[2]);
  if (!m || !(Math.abs(lat) <= 90) || !(Math.abs(lon) <= 180))
    throw new XinzhiError('BAD_INPUT', `--depot must be 'lat,lon' within ±90, ±180, got '${v}'`, {
      field: '--depot',
    });
  return { lat, lon };
}

/** A CSV cell, quoted when needed; a leading = + - @ is defused so a spreadsheet shows text, not a formula. */
function csvCell(v: string | number): string {
  let s = String(v);
  if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const r2 = (x: number): number => Math.round(x * 100) / 100;

export function registerRoutePlan(route: CommandUnknownOpts, ctx: CliContext): void {
  route
    .command('plan <orders>')
    .description('plan deliveries from an orders CSV (lat/lon, quantity, optional windows) and a vans CSV')
    .requiredOption('--vans <file>', 'vans CSV: id, capacity, optional count, shift start/end, depot lat/lon')
    .option('--depot <lat,lon>', 'depot position (else a depot row in orders or depot columns in vans)')
    .option('--speed-kmh <v>', 'average road speed', '40')
    .option('--service-min <m>', 'minutes per stop when the order has no service column', '5')
    .option('--road-factor <f>', 'road distance / great-circle distance', '1.3')
    .option('--start <HH:MM>', 'shift start when vans.csv has none', '08:00')
    .option('--end <HH:MM>', 'shift end when vans.csv has none', '18:00')
    .option('--date <YYYY-MM-DD>', 'the delivery day (default: today in --tz)')
    .option(
      '--tz <zone>',
      'time zone of the times in the files (IANA name or +08:00; default: this computer’s)',
    )
    .option('--encoding <enc>', 'file encoding (default: detected): utf-8, gb18030, windows-1252, utf-16le')
    .option('--time-limit <s>', 'search time in seconds', '5')
    .option('--seed <n>', 'random seed', '1')
    .option('--out <file>', 'also write the stops as CSV')
    .addOption(jsonOption())
    .action(
      action(ctx, async (ordersFile, o) => {
        const speedKmh = requiredNumberFlag('--speed-kmh', o.speedKmh, { min: 1, max: 200 });
        const serviceMin = requiredNumberFlag('--service-min', o.serviceMin, { min: 0, max: 1440 });
        const roadFactor = requiredNumberFlag('--road-factor', o.roadFactor, { min: 1, max: 5 });
        const timeLimitS = requiredNumberFlag('--time-limit', o.timeLimit, { min: 0.05, max: 3600 });
        const seed = requiredNumberFlag('--seed', o.seed, { integer: true });
        const startMin = clockMinutes('--start', o.start);
        const endMin = clockMinutes('--end', o.end);
        if (endMin <= startMin)
          throw new XinzhiError('BAD_INPUT', `--end ${o.end} is not after --start ${o.start}`, {
            field: '--end',
          });
        const tz = o.tz ?? Intl.DateTimeFormat().resolvedOptions().timeZone ?? 'UTC';
        const clock = logistics.createPlanClock(o.date ?? logistics.todayIn(tz), tz);
        const depotGiven = o.depot !== undefined ? depotFlag(o.depot) : undefined;

        const vansName = basename(o.vans);
        const ordersName = basename(ordersFile);
        const vansText = readText(o.vans, o.encoding);
        const ordersText = readText(ordersFile, o.encoding);
        const vansRead = logistics.parseVansCsv(vansText, {
          file: vansName,
          clock,
          defaultStartMin: startMin,
          defaultEndMin: endMin,
        });
        const ordersRead = logistics.parseOrdersCsv(ordersText, { file: ordersName, clock });
        // Both files' problems at once: fixing one file and only then hearing about the other is a wasted run.
        if (!vansRead.ok || !ordersRead.ok)
          unwrap({
            ok: false,
            issues: [...(ordersRead.ok ? [] : ordersRead.issues), ...(vansRead.ok ? [] : vansRead.issues)],
          } as Result<never>);
        const fleet = unwrap(vansRead);
        const book = unwrap(ordersRead);

        let factor = 1;
        if (book.unit && fleet.unit) {
          const f = logistics.unitFactor(fleet.unit, book.unit);
          if (f === undefined)
            throw new XinzhiError(
              'BAD_INPUT',
              `${ordersName} counts quantities in ${book.unit} but ${vansName} gives capacities in ${fleet.unit}`,
              { field: vansName },
            );
          factor = f;
        }
        const unit = book.unit ?? fleet.unit;
        const vanDepot = fleet.vans.find((v) => v.depot)?.depot;
        const depot = depotGiven ?? book.depot ?? vanDepot;
        const depotSource = depotGiven
          ? '--depot'
          : book.depot
            ? `${ordersName}:${book.depot.line}`
            : vansName;
        if (!depot)
          throw new XinzhiError(
            'BAD_INPUT',
            `no depot: pass --depot lat,lon, add a row with id 'depot' to ${ordersName}, or depot_lat/depot_lon columns to ${vansName}`,
            { field: '--depot' },
          );

        const bar =
          process.stderr.isTTY && !o.json
            ? new SingleBar(
                { format: 'planning [{bar}] {value}/{total} s', hideCursor: true },
                Presets.shades_classic,
              )
            : undefined;
        bar?.start(Math.ceil(timeLimitS), 0);
        const started = performance.now();
        const timer = bar
          ? setInterval(() => bar.update(Math.floor((performance.now() - started) / 1000)), 250)
          : undefined;
        const planned = await logistics
          .planDay(
            {
              depot,
              orders: book.orders,
              vans: fleet.vans.map((v) => ({
                id: v.id,
                capacity: v.capacity * factor,
                shiftStart: v.shiftStart,
                shiftEnd: v.shiftEnd,
              })),
              speedKmh,
              roadFactor,
              serviceMin,
              ...(unit ? { unit } : {}),
              hhmm: clock.hhmm,
            },
            { timeLimitS, seed },
            solveInWorker,
          )
          .finally(() => {
            if (timer) clearInterval(timer);
            bar?.stop();
          });
        const plan = unwrap(planned);
        const byId = new Map(book.orders.map((x) => [x.id, x]));
        const window = (id: string): [string | null, string | null] | null => {
          const x = byId.get(id);
          return x && (x.from !== undefined || x.to !== undefined)
            ? [x.from !== undefined ? clock.hhmm(x.from) : null, x.to !== undefined ? clock.hhmm(x.to) : null]
            : null;
        };
        const doc = {
          date: clock.date,
          timeZone: clock.zone.name,
          depot: { lat: depot.lat, lon: depot.lon, source: depotSource },
          unit: unit ?? null,
          feasible: plan.feasible,
          reasons: plan.reasons,
          totals: {
            ...plan.totals,
            demand: r2(plan.totals.demand),
            capacity: r2(plan.totals.capacity),
            distanceKm: r2(plan.totals.distanceKm),
            durationMin: Math.round(plan.totals.durationMin),
            vans: fleet.vans.length,
          },
          routes: plan.routes.map((r) => ({
            van: r.vanId,
            capacity: r2(r.capacity),
            load: r2(r.load),
            departure: r.stops.length > 0 ? clock.hhmm(r.departure) : null,
            return: r.stops.length > 0 ? clock.hhmm(r.returnAt) : null,
            distanceKm: r2(r.distanceKm),
            durationMin: Math.round(r.durationMin),
            stops: r.stops.map((s, i) => ({
              seq: i + 1,
              order: s.orderId,
              name: s.name ?? null,
              lat: s.lat,
              lon: s.lon,
              demand: s.demand,
              loadAfter: r2(s.loadAfter),
              legKm: r2(s.legKm),
              arrival: clock.hhmm(s.arrival),
              start: clock.hhmm(s.start),
              departure: clock.hhmm(s.departure),
              window: window(s.orderId),
              startAt: new Date(s.start).toISOString(),
            })),
          })),
          unserved: plan.unserved.map((u) => ({
            order: u.orderId,
            line: byId.get(u.orderId)?.line ?? null,
            demand: u.demand,
            reason: u.reason,
          })),
        };
        if (o.out) {
          const head =
            'van,seq,order,customer,lat,lon,demand,load_after,arrival,start,departure,leg_km,window_from,window_to';
          const lines = doc.routes.flatMap((r) =>
            r.stops.map((s) =>
              [
                r.van,
                s.seq,
                s.order,
                s.name ?? '',
                s.lat,
                s.lon,
                s.demand,
                s.loadAfter,
                s.arrival,
                s.start,
                s.departure,
                s.legKm,
                s.window?.[0] ?? '',
                s.window?.[1] ?? '',
              ]
                .map(csvCell)
                .join(','),
            ),
          );
          try {
            writeFileSync(o.out, `${[head, ...lines].join('\n')}\n`);
          } catch (e) {
            throw new XinzhiError('BAD_INPUT', `cannot write ${o.out}: ${(e as Error).message}`, {
              field: '--out',
              cause: e,
            });
          }
        }
        if (o.json) printJson(ctx, doc);
        else printPlan(ctx, doc);
        if (!plan.feasible) process.exitCode = EXIT_CODES.NO_RESULT;
      }),
    );
}

type PlanDoc = {
  date: string;
  timeZone: string;
  unit: string | null;
  feasible: boolean;
  reasons: readonly string[];
  totals: {
    orders: number;
    served: number;
    demand: number;
    capacity: number;
    distanceKm: number;
    durationMin: number;
    vansUsed: number;
    vans: number;
  };
  routes: {
    van: string;
    capacity: number;
    load: number;
    departure: string | null;
    return: string | null;
    distanceKm: number;
    durationMin: number;
    stops: {
      seq: number;
      order: string;
      name: string | null;
      demand: number;
      loadAfter: number;
      legKm: number;
      arrival: string;
      start: string;
      departure: string;
      window: [string | null, string | null] | null;
    }[];
  }[];
  unserved: { order: string; line: number | null; reason: string }[];
};

const duration = (min: number): string =>
  `${Math.floor(min / 60)} h ${String(Math.round(min % 60)).padStart(2, '0')} min`;

function printPlan(ctx: CliContext, d: PlanDoc): void {
  const u = d.unit ? ` ${d.unit}` : '';
  const t = d.totals;
  if (t.served === 0 && d.reasons.length > 0) {
    ctx.stdout(
      `Deliveries on ${d.date} (${d.timeZone}): no plan for the ${t.orders} orders on ${t.vans} vans; demand ${t.demand}${u}, capacity ${t.capacity}${u}.`,
    );
    for (const x of d.unserved) ctx.stdout(`  ${x.order}${x.line ? ` (line ${x.line})` : ''}: ${x.reason}`);
    for (const r of d.reasons) ctx.stdout(`Infeasible: ${r}`);
    return;
  }
  ctx.stdout(
    `Deliveries on ${d.date} (${d.timeZone}): ${t.served} of ${t.orders} orders on ${t.vansUsed} of ${t.vans} vans, ${t.distanceKm} km, ${duration(t.durationMin)} on the road; demand ${t.demand}${u}, capacity ${t.capacity}${u}.`,
  );
  for (const r of d.routes) {
    if (r.stops.length === 0) {
      ctx.stdout(`\n${r.van} (capacity ${r.capacity}${u}): not used`);
      continue;
    }
    ctx.stdout(
      `\n${r.van} (capacity ${r.capacity}${u}): ${r.departure} → ${r.return}, ${r.stops.length} stop${r.stops.length === 1 ? '' : 's'}, load ${r.load}${u} (${Math.round((100 * r.load) / r.capacity)} %), ${r.distanceKm} km, ${duration(r.durationMin)}`,
    );
    const rows = [
      ['#', 'arrive', 'start', 'leave', 'order', 'customer', `qty${u}`, 'on board after', 'window', 'leg km'],
    ];
    for (const s of r.stops)
      rows.push([
        String(s.seq),
        s.arrival,
        s.start,
        s.departure,
        s.order,
        s.name ?? '',
        String(s.demand),
        String(s.loadAfter),
        s.window ? `${s.window[0] ?? ''}–${s.window[1] ?? ''}` : '',
        String(s.legKm),
      ]);
    for (const line of textTable(rows, { indent: '  ' })) ctx.stdout(line);
  }
  if (d.unserved.length > 0) {
    ctx.stdout(`\nNot served (${d.unserved.length}):`);
    for (const x of d.unserved) ctx.stdout(`  ${x.order}${x.line ? ` (line ${x.line})` : ''}: ${x.reason}`);
  }
  for (const r of d.reasons) ctx.stdout(`\nInfeasible: ${r}`);
}
