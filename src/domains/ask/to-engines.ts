/**
 * Parsed instructions → inputs of the engines, with the reasons in words:
 * a delivery becomes an order of the delivery planner (`logistics` DayOrder / plan orders: point,
 * demand in the vans' unit, window in UTC ms), a field operation a job of the field-operation
 * scheduler (`agriculture` operations: type, field, hours, earliest/latest dates).
 * What cannot be carried over exactly (a count unit with no weight, an open-ended window) is
 * decided by a stated default and listed in `explanation`, so the user sees it before confirming.
 */
import type { GeocodeHit, Geocoder } from './geocoder.js';
import type { Delivery, FieldOp } from './types.js';

export interface OrderDraft {
  readonly id: string;
  readonly lat: number;
  readonly lon: number;
  /** Demand in kg (the demo vans' capacity unit). */
  readonly demand: number;
  /** [from, to] in UTC ms, both sides set (the planner's order window). */
  readonly window?: readonly [number, number];
  readonly geocode: GeocodeHit;
}

export interface DeliveryOptions {
  /** Weight of one counted unit (箱, case, pallet…), kg. Default 10; 托/pallet default 500. */
  readonly kgPerCount?: number;
  readonly kgPerPallet?: number;
  /** Hours an order stays open when only its start is known. Default 4. */
  readonly openHours?: number;
}

const KG: Record<string, number> = { kg: 1, t: 1000, 斤: 0.5, lb: 0.4536 };

export async function deliveryToOrder(
  d: Delivery,
  geocoder: Geocoder,
  id: string,
  nowMs: number,
  o: DeliveryOptions = {},
): Promise<{ order?: OrderDraft; explanation: string[] }> {
  const why: string[] = [];
  if (d.action !== 'create')
    return {
      explanation: [
        `a ${d.action} changes order "${d.target ?? ''}"; it is applied to that order, not planned anew`,
      ],
    };
  if (!d.address) return { explanation: ['no address: cannot place the order'] };
  const hit = await geocoder.geocode(d.address);
  if (!hit)
    return {
      explanation: [
        `address "${d.address.text}" is not in the gazetteer: give coordinates or use a geocoding service`,
      ],
    };
  why.push(`address placed by its ${hit.precision} (${hit.matched})`);
  let demand = 0;
  for (const it of d.items ?? []) {
    const q = it.quantity ?? 0;
    if (it.unit && KG[it.unit] !== undefined) demand += q * (KG[it.unit] as number);
    else if (it.unit === '托' || it.unit === 'pallet') {
      demand += q * (o.kgPerPallet ?? 500);
      why.push(`${q} ${it.unit} ${it.goods ?? ''} counted as ${o.kgPerPallet ?? 500} kg each`);
    } else {
      demand += q * (o.kgPerCount ?? 10);
      why.push(
        `${q} ${it.unit ?? '×'} ${it.goods ?? ''} counted as ${o.kgPerCount ?? 10} kg each (no weight given)`,
      );
    }
  }
  const w = d.window;
  let window: readonly [number, number] | undefined;
  if (w && (w.start || w.end)) {
    const open = (o.openHours ?? 4) * 3600_000;
    const from = w.start ? Date.parse(w.start) : Math.min(nowMs, Date.parse(w.end as string));
    const to = w.end ? Date.parse(w.end) : from + open;
    window = [from, Math.max(from, to)];
    if (!w.start) why.push('deadline only: the window opens now');
    if (!w.end) why.push(`no end given: the window stays open ${o.openHours ?? 4} h`);
  } else why.push('no time given: any time in the vans’ shift');
  return {
    order: {
      id,
      lat: hit.lat,
      lon: hit.lon,
      demand: Math.round(demand * 1000) / 1000,
      ...(window ? { window } : {}),
      geocode: hit,
    },
    explanation: why,
  };
}

export interface FieldJobDraft {
  readonly id: string;
  readonly type: string;
  readonly field: string;
  readonly hours: number;
  readonly earliest?: string;
  readonly latest?: string;
}

export interface FieldJobOptions {
  /** Hours per 亩 when the area is given. Default 0.1 (a tractor does about 10 亩 an hour). */
  readonly hoursPerMu?: number;
  /** Hours per hectare. Default 1.5. */
  readonly hoursPerHa?: number;
  /** Hours when neither duration nor area is given. Default 4. */
  readonly defaultHours?: number;
}

export function fieldOpToJob(
  f: FieldOp,
  id: string,
  o: FieldJobOptions = {},
): { job: FieldJobDraft; explanation: string[] } {
  const why: string[] = [];
  let hours = o.defaultHours ?? 4;
  if (f.amount?.unit === 'h') hours = f.amount.value;
  else if (f.amount?.unit === '亩') {
    hours = f.amount.value * (o.hoursPerMu ?? 0.1);
    why.push(`${f.amount.value} 亩 at ${o.hoursPerMu ?? 0.1} h/亩`);
  } else if (f.amount?.unit === 'ha') {
    hours = f.amount.value * (o.hoursPerHa ?? 1.5);
    why.push(`${f.amount.value} ha at ${o.hoursPerHa ?? 1.5} h/ha`);
  } else why.push(`no duration or area given: ${hours} h assumed`);
  const date = (iso: string | null) => (iso ? iso.slice(0, 10) : undefined);
  const earliest = date(f.window.start);
  // an end at 00:00 is exclusive: the last day is the one before
  let latest: string | undefined;
  if (f.window.end) {
    const d = new Date(`${f.window.end.slice(0, 10)}T00:00:00Z`);
    if (f.window.end.slice(11, 16) === '00:00') d.setUTCDate(d.getUTCDate() - 1);
    latest = d.toISOString().slice(0, 10);
  }
  if (f.conditions.length)
    why.push(
      `conditions ${f.conditions.join(', ')}: checked by the scheduler's weather rules where it has them (wind, rain), else by the operator`,
    );
  if (f.machine)
    why.push(`machine "${f.machine}" asked for: the scheduler assigns any machine that can ${f.operation}`);
  return {
    job: {
      id,
      type: f.operation,
      field: f.field,
      hours: Math.round(hours * 100) / 100,
      ...(earliest ? { earliest } : {}),
      ...(latest ? { latest } : {}),
    },
    explanation: why,
  };
}
