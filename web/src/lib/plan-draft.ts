/**
 * The planning page's table editor model: a plan document (docs/planning.md) held as the strings
 * typed into table cells, so a half-typed or wrong cell stays on screen with a message naming it
 * instead of being lost. `draftFromPlan` reads a plan object (from the example, a stored plan or
 * the YAML editor); `planFromDraft` checks every cell and builds the plan object that is posted,
 * or lists the problems (and nothing is posted).
 */

export const PRODUCT_FIELDS = [
  'id',
  'name',
  'holdingCost',
  'backlogCost',
  'lostSaleCost',
  'initialInventory',
  'minLot',
  'setupCost',
  'setupHours',
] as const;
export const LINE_FIELDS = ['id', 'name', 'overtimeHours', 'overtimeCost'] as const;
export const ROUTING_FIELDS = ['product', 'line', 'hoursPerUnit', 'costPerUnit'] as const;
export const BOM_FIELDS = ['parent', 'component', 'quantity'] as const;

export type ProductField = (typeof PRODUCT_FIELDS)[number];
export type LineField = (typeof LINE_FIELDS)[number];
export type RoutingField = (typeof ROUTING_FIELDS)[number];
export type BomField = (typeof BOM_FIELDS)[number];

export type ProductRow = Record<ProductField, string> & { readonly demand: readonly string[] };
export type LineRow = Record<LineField, string> & { readonly hours: readonly string[] };
export type RoutingRow = Record<RoutingField, string>;
export type BomRow = Record<BomField, string>;

export interface PlanDraft {
  readonly name: string;
  readonly currency: string;
  readonly periods: readonly string[];
  readonly products: readonly ProductRow[];
  readonly lines: readonly LineRow[];
  readonly routings: readonly RoutingRow[];
  readonly bom: readonly BomRow[];
  /** Solver options, kept as written (edited in YAML only). */
  readonly options: Readonly<Record<string, unknown>>;
}

export type Table = 'plan' | 'periods' | 'products' | 'lines' | 'hours' | 'routings' | 'bom' | 'demand';

export type ProblemCode =
  | 'required'
  | 'notNumber'
  | 'negative'
  | 'notPositive'
  | 'duplicate'
  | 'unknownProduct'
  | 'unknownLine'
  | 'countMismatch'
  | 'selfComponent'
  | 'noRouting';

/** One bad cell: the table, the row's label (an id, or the row number), the column and the text. */
export interface CellProblem {
  readonly table: Table;
  readonly row: string;
  readonly column: string;
  /** Stable key of the cell: `${table}.${rowIndex}.${column}`, used to mark the input. */
  readonly key: string;
  readonly code: ProblemCode;
  readonly value: string;
}

export type PlanDoc = Record<string, unknown>;

export type DraftResult =
  | { readonly ok: true; readonly draft: PlanDraft }
  | { readonly ok: false; readonly error: string };

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const cell = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

/** Per-period values of a number-or-array field as cells (one number stands for every period). */
function perPeriodCells(v: unknown, periods: number, where: string): string[] | string {
  if (Array.isArray(v)) {
    if (v.length !== periods) return `${where} has ${v.length} values for ${periods} periods`;
    return v.map(cell);
  }
  return Array.from({ length: periods }, () => cell(v));
}

/** A plan object (as the API, the CLI files or the YAML editor give it) as table cells. */
export function draftFromPlan(plan: unknown): DraftResult {
  if (!isObj(plan)) return { ok: false, error: 'the plan is not a mapping of fields' };
  const { periods, products, lines, routings, bom = [], demand = {}, options = {} } = plan;
  if (!Array.isArray(periods) || periods.length === 0)
    return { ok: false, error: '`periods` must be a list of labels' };
  for (const [k, v] of Object.entries({ products, lines, routings, bom }))
    if (!Array.isArray(v) || !v.every(isObj))
      return { ok: false, error: `\`${k}\` must be a list of mappings` };
  if (!isObj(demand)) return { ok: false, error: '`demand` must map product ids to lists' };
  if (!isObj(options)) return { ok: false, error: '`options` must be a mapping' };
  const T = periods.length;
  const productRows: ProductRow[] = [];
  for (const p of products as Record<string, unknown>[]) {
    const id = cell(p.id);
    const d = demand[id];
    const dem =
      d === undefined ? Array.from({ length: T }, () => '0') : perPeriodCells(d, T, `demand of '${id}'`);
    if (typeof dem === 'string') return { ok: false, error: dem };
    const row = Object.fromEntries(PRODUCT_FIELDS.map((f) => [f, cell(p[f])])) as Record<
      ProductField,
      string
    >;
    productRows.push({ ...row, demand: dem });
  }
  for (const id of Object.keys(demand))
    if (!productRows.some((p) => p.id === id))
      return { ok: false, error: `demand for unknown product '${id}'` };
  const lineRows: LineRow[] = [];
  for (const l of lines as Record<string, unknown>[]) {
    const hours = perPeriodCells(l.hours, T, `hours of line '${cell(l.id)}'`);
    if (typeof hours === 'string') return { ok: false, error: hours };
    const ot = l.overtimeHours;
    const row = Object.fromEntries(LINE_FIELDS.map((f) => [f, cell(l[f])])) as Record<LineField, string>;
    // Overtime per period is one cell: a number, or one number per period separated by commas.
    lineRows.push({ ...row, overtimeHours: Array.isArray(ot) ? ot.map(cell).join(', ') : cell(ot), hours });
  }
  const pick = <F extends string>(rows: unknown[], fields: readonly F[]) =>
    rows.map(
      (r) =>
        Object.fromEntries(fields.map((f) => [f, cell((r as Record<string, unknown>)[f])])) as Record<
          F,
          string
        >,
    );
  return {
    ok: true,
    draft: {
      name: cell(plan.name) || 'plan',
      currency: cell(plan.currency) || '¥',
      periods: periods.map(cell),
      products: productRows,
      lines: lineRows,
      routings: pick(routings as unknown[], ROUTING_FIELDS),
      bom: pick(bom as unknown[], BOM_FIELDS),
      options,
    },
  };
}

type Check = 'nonNeg' | 'positive';

/** A cell as a number, or the problem with it; blank is `undefined` when `optional`. */
function num(
  value: string,
  check: Check,
  optional: boolean,
  at: Omit<CellProblem, 'code' | 'value'>,
  problems: CellProblem[],
): number | undefined {
  const s = value.trim();
  if (s === '') {
    if (!optional) problems.push({ ...at, code: 'required', value });
    return undefined;
  }
  // Number('') and Number(' ') are 0 and Number('0x10') is 16: only plain decimals are numbers here.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(s)) {
    problems.push({ ...at, code: 'notNumber', value });
    return undefined;
  }
  const n = Number(s);
  if (!Number.isFinite(n)) {
    problems.push({ ...at, code: 'notNumber', value });
    return undefined;
  }
  if (check === 'positive' && n <= 0) {
    problems.push({ ...at, code: 'notPositive', value });
    return undefined;
  }
  if (n < 0) {
    problems.push({ ...at, code: 'negative', value });
    return undefined;
  }
  return n;
}

/** Equal values per period collapse to one number, as a person would write the file. */
const collapse = (xs: number[]): number | number[] => (xs.every((x) => x === xs[0]) ? (xs[0] ?? 0) : xs);

export type PlanResultOrProblems =
  | { readonly ok: true; readonly plan: PlanDoc }
  | { readonly ok: false; readonly problems: readonly CellProblem[] };

/** Checks every cell and builds the plan document; any problem means no plan. */
export function planFromDraft(d: PlanDraft): PlanResultOrProblems {
  const problems: CellProblem[] = [];
  const T = d.periods.length;
  const at = (table: Table, i: number, row: string, column: string) => ({
    table,
    row: row.trim() || `#${i + 1}`,
    column,
    key: `${table}.${i}.${column}`,
  });
  const ids = (table: Table, values: readonly string[]) => {
    const seen = new Set<string>();
    values.forEach((v, i) => {
      const s = v.trim();
      if (s === '') problems.push({ ...at(table, i, '', 'id'), code: 'required', value: v });
      else if (seen.has(s)) problems.push({ ...at(table, i, s, 'id'), code: 'duplicate', value: v });
      seen.add(s);
    });
    return seen;
  };
  if (T === 0) problems.push({ ...at('periods', 0, '', 'id'), code: 'required', value: '' });
  ids('periods', d.periods);
  const productIds = ids(
    'products',
    d.products.map((p) => p.id),
  );
  const lineIds = ids(
    'lines',
    d.lines.map((l) => l.id),
  );
  if (d.products.length === 0) problems.push({ ...at('products', 0, '', 'id'), code: 'required', value: '' });
  if (d.lines.length === 0) problems.push({ ...at('lines', 0, '', 'id'), code: 'required', value: '' });
  if (d.routings.length === 0)
    problems.push({ ...at('routings', 0, '', 'product'), code: 'required', value: '' });

  const products = d.products.map((p, i) => {
    const where = (c: string) => at('products', i, p.id, c);
    const out: Record<string, unknown> = { id: p.id.trim() };
    if (p.name.trim()) out.name = p.name.trim();
    for (const f of [
      'holdingCost',
      'backlogCost',
      'lostSaleCost',
      'initialInventory',
      'minLot',
      'setupCost',
      'setupHours',
    ] as const) {
      const v = num(p[f], 'nonNeg', true, where(f), problems);
      if (v !== undefined) out[f] = v;
    }
    return out;
  });
  const demand: Record<string, number[]> = {};
  d.products.forEach((p, i) => {
    demand[p.id.trim()] = d.periods.map(
      (period, t) => num(p.demand[t] ?? '', 'nonNeg', false, at('demand', i, p.id, period), problems) ?? 0,
    );
  });
  const lines = d.lines.map((l, i) => {
    const out: Record<string, unknown> = { id: l.id.trim() };
    if (l.name.trim()) out.name = l.name.trim();
    const hours = d.periods.map(
      (period, t) => num(l.hours[t] ?? '', 'nonNeg', false, at('hours', i, l.id, period), problems) ?? 0,
    );
    out.hours = collapse(hours);
    const parts = l.overtimeHours.trim() === '' ? [] : l.overtimeHours.split(',');
    if (parts.length > 1 && parts.length !== T)
      problems.push({
        ...at('lines', i, l.id, 'overtimeHours'),
        code: 'countMismatch',
        value: l.overtimeHours,
      });
    else if (parts.length > 0) {
      const ot = parts.map(
        (s) => num(s, 'nonNeg', false, at('lines', i, l.id, 'overtimeHours'), problems) ?? 0,
      );
      out.overtimeHours = ot.length === 1 ? ot[0] : collapse(ot);
    }
    const oc = num(l.overtimeCost, 'nonNeg', true, at('lines', i, l.id, 'overtimeCost'), problems);
    if (oc !== undefined) out.overtimeCost = oc;
    return out;
  });
  const routed = new Set<string>();
  const routings = d.routings.map((r, i) => {
    const label = `${r.product.trim()} → ${r.line.trim()}`;
    const where = (c: string) => at('routings', i, label, c);
    if (!productIds.has(r.product.trim()))
      problems.push({ ...where('product'), code: 'unknownProduct', value: r.product });
    if (!lineIds.has(r.line.trim())) problems.push({ ...where('line'), code: 'unknownLine', value: r.line });
    routed.add(r.product.trim());
    const out: Record<string, unknown> = { product: r.product.trim(), line: r.line.trim() };
    const h = num(r.hoursPerUnit, 'positive', false, where('hoursPerUnit'), problems);
    if (h !== undefined) out.hoursPerUnit = h;
    const c = num(r.costPerUnit, 'nonNeg', true, where('costPerUnit'), problems);
    if (c !== undefined) out.costPerUnit = c;
    return out;
  });
  const bom = d.bom.map((b, i) => {
    const where = (c: string) => at('bom', i, `${b.parent.trim()} ← ${b.component.trim()}`, c);
    if (!productIds.has(b.parent.trim()))
      problems.push({ ...where('parent'), code: 'unknownProduct', value: b.parent });
    if (!productIds.has(b.component.trim()))
      problems.push({ ...where('component'), code: 'unknownProduct', value: b.component });
    else if (b.parent.trim() === b.component.trim())
      problems.push({ ...where('component'), code: 'selfComponent', value: b.component });
    const q = num(b.quantity, 'positive', false, where('quantity'), problems);
    return { parent: b.parent.trim(), component: b.component.trim(), quantity: q ?? 0 };
  });
  d.products.forEach((p, i) => {
    const id = p.id.trim();
    if (id !== '' && !routed.has(id) && (demand[id] ?? []).some((x) => x > 0))
      problems.push({ ...at('demand', i, id, 'id'), code: 'noRouting', value: id });
  });
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    plan: {
      name: d.name.trim() || 'plan',
      currency: d.currency.trim() || '¥',
      periods: d.periods.map((p) => p.trim()),
      products,
      lines,
      routings,
      ...(bom.length > 0 ? { bom } : {}),
      demand,
      ...(Object.keys(d.options).length > 0 ? { options: d.options } : {}),
    },
  };
}

/** A blank row of each table, sized to the periods. */
export const emptyProduct = (periods: number): ProductRow => ({
  ...(Object.fromEntries(PRODUCT_FIELDS.map((f) => [f, ''])) as Record<ProductField, string>),
  demand: Array.from({ length: periods }, () => '0'),
});
export const emptyLine = (periods: number): LineRow => ({
  ...(Object.fromEntries(LINE_FIELDS.map((f) => [f, ''])) as Record<LineField, string>),
  hours: Array.from({ length: periods }, () => ''),
});

/** Adds a period at the end (next label after W1, W2 …), copying the last period's hours. */
export function addPeriod(d: PlanDraft): PlanDraft {
  const last = d.periods.at(-1) ?? '';
  const m = /^(.*?)(\d+)$/.exec(last);
  let label = m ? `${m[1]}${Number(m[2]) + 1}` : `P${d.periods.length + 1}`;
  while (d.periods.includes(label)) label = `${label}'`;
  return {
    ...d,
    periods: [...d.periods, label],
    products: d.products.map((p) => ({ ...p, demand: [...p.demand, '0'] })),
    lines: d.lines.map((l) => ({ ...l, hours: [...l.hours, l.hours.at(-1) ?? ''] })),
  };
}

/** Removes period `t` with its demand and hours. */
export function removePeriod(d: PlanDraft, t: number): PlanDraft {
  const drop = <T>(xs: readonly T[]) => xs.filter((_, i) => i !== t);
  return {
    ...d,
    periods: drop(d.periods),
    products: d.products.map((p) => ({ ...p, demand: drop(p.demand) })),
    lines: d.lines.map((l) => ({ ...l, hours: drop(l.hours) })),
  };
}

/** A line of the plant's asset tree, with its regular hours per week when the site says its shifts. */
export interface PlantLine {
  readonly assetId: string;
  readonly id: string;
  readonly name: string;
  /** Hours per week from the site's `shifts` attribute (every day), or undefined. */
  readonly hoursPerWeek: number | undefined;
  /** The `shifts` text the hours came from. */
  readonly shifts: string | undefined;
}

interface AssetLike {
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly children: readonly AssetLike[];
}

/** Hours a day of shifts like "06:00-14:00, 14:00-22:00" (a shift past midnight wraps), or undefined. */
export function shiftHoursPerDay(text: string): number | undefined {
  let total = 0;
  const parts = text
    .split(/[,;]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return undefined;
  for (const part of parts) {
    const m = /^(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})$/.exec(part);
    if (!m) return undefined;
    const [a, b, c, e] = m.slice(1).map(Number) as [number, number, number, number];
    if (a > 24 || c > 24 || b > 59 || e > 59) return undefined;
    const start = a * 60 + b;
    const end = c * 60 + e;
    total += (end > start ? end - start : end + 1440 - start) / 60;
  }
  return total <= 24 ? total : undefined;
}

/** The `line` assets of a tree, each with the shifts of its nearest ancestor that has them. */
export function plantLines(roots: readonly AssetLike[]): PlantLine[] {
  const out: PlantLine[] = [];
  const walk = (a: AssetLike, shifts: string | undefined) => {
    const own = typeof a.attributes.shifts === 'string' ? a.attributes.shifts : shifts;
    if (a.kind === 'line') {
      const perDay = own === undefined ? undefined : shiftHoursPerDay(own);
      out.push({
        assetId: a.id,
        id: a.id.split('/').at(-1) ?? a.id,
        name: a.name,
        hoursPerWeek: perDay === undefined ? undefined : perDay * 7,
        shifts: perDay === undefined ? undefined : own,
      });
    }
    for (const c of a.children) walk(c, own);
  };
  for (const r of roots) walk(r, undefined);
  // Two areas may both have a "line1": then the full asset id tells them apart.
  const count = new Map<string, number>();
  for (const l of out) count.set(l.id, (count.get(l.id) ?? 0) + 1);
  return out.map((l) => ((count.get(l.id) ?? 0) > 1 ? { ...l, id: l.assetId } : l));
}

/**
 * The draft with the plant's lines instead of its own: the i-th line of the draft becomes the i-th
 * plant line (routings follow; with more draft lines than plant lines they wrap around), hours
 * come from the site's shifts when known, else stay those of the line replaced.
 */
export function withPlantLines(d: PlanDraft, plant: readonly PlantLine[]): PlanDraft {
  if (plant.length === 0) return d;
  const T = d.periods.length;
  const lines: LineRow[] = plant.map((p, i) => {
    const old = d.lines[i % Math.max(1, d.lines.length)] ?? emptyLine(T);
    return {
      ...old,
      id: p.id,
      name: p.name === p.id ? '' : p.name,
      hours:
        p.hoursPerWeek === undefined ? old.hours : Array.from({ length: T }, () => String(p.hoursPerWeek)),
    };
  });
  const rename = new Map(d.lines.map((l, i) => [l.id, plant[i % plant.length]?.id ?? l.id]));
  const seen = new Set<string>();
  const routings = d.routings
    .map((r) => ({ ...r, line: rename.get(r.line) ?? r.line }))
    // Two old lines mapped onto one plant line would give a product two routings there: keep the first.
    .filter((r) => {
      const k = `${r.product}\u0000${r.line}`;
      if (seen.has(k)) return false;
      seen.add(k);
      return true;
    });
  return { ...d, lines, routings };
}
