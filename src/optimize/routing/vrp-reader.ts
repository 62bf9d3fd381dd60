/**
 * Reader of CVRPLIB/TSPLIB `.vrp` files: keywords (NAME, COMMENT, TYPE, DIMENSION, CAPACITY,
 * EDGE_WEIGHT_TYPE EUC_2D/CEIL_2D/FLOOR_2D/EXPLICIT, EDGE_WEIGHT_FORMAT in the TSPLIB layouts,
 * DISTANCE, SERVICE_TIME, VEHICLES) and sections (NODE_COORD, DEMAND, DEPOT, EDGE_WEIGHT).
 * Every problem is reported with its line. EUC_2D is rounded with TSPLIB's nint, except for the
 * Christofides–Mingozzi–Toth files (name CMT…), which the literature scores with real distances;
 * `rounding` overrides either.
 */
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import { createInstance } from './create-instance.js';
import type { Rounding } from './distances.js';
import type { RoutingInstance } from './types.js';

export interface VrpReadOptions {
  /** Override the rounding of Euclidean distances (default: nint, none for CMT files). */
  readonly rounding?: Rounding;
  /** At most this many routes (default: the file's VEHICLES, else unlimited). */
  readonly maxVehicles?: number;
}

export interface VrpFile {
  readonly instance: RoutingInstance;
  readonly name: string;
  readonly comment: string;
  readonly edgeWeightType: string;
  /** k of names like A-n32-k5 (the fleet size the A/B/P optima assume), if any. */
  readonly kInName?: number;
}

const FORMATS = [
  'FULL_MATRIX',
  'UPPER_ROW',
  'LOWER_ROW',
  'UPPER_DIAG_ROW',
  'LOWER_DIAG_ROW',
  'UPPER_COL',
  'LOWER_COL',
  'UPPER_DIAG_COL',
  'LOWER_DIAG_COL',
] as const;

export function parseVrp(text: string, options: VrpReadOptions = {}): Result<VrpFile> {
  const issues: Issue[] = [];
  const bad = (line: number, message: string): void => {
    issues.push({ code: 'BAD_INPUT', message, where: `line ${line}` });
  };
  const kw = new Map<string, string>();
  const lines = text.split(/\r?\n/);
  let section = '';
  const coords = new Map<number, [number, number]>();
  const demands = new Map<number, number>();
  const depots: number[] = [];
  const weights: number[] = [];
  let weightsLine = 0;
  for (let li = 0; li < lines.length; li++) {
    const raw = (lines[li] ?? '').trim();
    const ln = li + 1;
    if (raw === '' || raw === 'EOF') continue;
    const m = /^([A-Z_]+)\s*:\s*(.*)$/.exec(raw);
    if (m) {
      kw.set(m[1]!, m[2]!.trim().replace(/^"|"$/g, ''));
      section = '';
      continue;
    }
    if (/^[A-Z_]+_SECTION$/.test(raw)) {
      section = raw;
      if (raw === 'EDGE_WEIGHT_SECTION') weightsLine = ln;
      continue;
    }
    const parts = raw.split(/\s+/);
    const nums = parts.map(Number);
    if (nums.some((x) => !Number.isFinite(x))) {
      bad(ln, `expected numbers in ${section || 'the header'}, got '${raw.slice(0, 40)}'`);
      continue;
    }
    switch (section) {
      case 'NODE_COORD_SECTION':
        if (nums.length < 3) bad(ln, 'a coordinate line needs: id x y');
        else coords.set(nums[0]!, [nums[1]!, nums[2]!]);
        break;
      case 'DEMAND_SECTION':
        if (nums.length < 2) bad(ln, 'a demand line needs: id demand');
        else demands.set(nums[0]!, nums[1]!);
        break;
      case 'DEPOT_SECTION':
        for (const x of nums) if (x !== -1) depots.push(x);
        break;
      case 'EDGE_WEIGHT_SECTION':
        weights.push(...nums);
        break;
      default:
        bad(ln, `unexpected data outside a section: '${raw.slice(0, 40)}'`);
    }
  }
  const dim = Number(kw.get('DIMENSION'));
  const cap = Number(kw.get('CAPACITY'));
  if (!Number.isInteger(dim) || dim < 2) bad(0, 'DIMENSION must be an integer ≥ 2');
  if (!(cap > 0)) bad(0, 'CAPACITY must be a positive number');
  const type = (kw.get('EDGE_WEIGHT_TYPE') ?? '').toUpperCase();
  if (!['EUC_2D', 'CEIL_2D', 'FLOOR_2D', 'EXPLICIT'].includes(type))
    bad(0, `EDGE_WEIGHT_TYPE '${type}' is not supported (EUC_2D, CEIL_2D, FLOOR_2D, EXPLICIT)`);
  if (depots.length > 1) bad(0, `${depots.length} depots given: one depot is supported`);
  if (issues.length > 0) return fail(...issues);
  const depot = depots[0] ?? 1;
  const ids: number[] = [depot];
  for (let i = 1; i <= dim; i++) if (i !== depot) ids.push(i);
  if (depot < 1 || depot > dim)
    return fail({ code: 'BAD_INPUT', message: `depot ${depot} is not a node`, where: 'DEPOT_SECTION' });
  for (const id of ids) if (!demands.has(id)) bad(0, `node ${id} has no demand in DEMAND_SECTION`);
  let matrix: number[][] | undefined;
  if (type === 'EXPLICIT') {
    const fmt = (kw.get('EDGE_WEIGHT_FORMAT') ?? '').toUpperCase();
    if (!(FORMATS as readonly string[]).includes(fmt))
      bad(0, `EDGE_WEIGHT_FORMAT '${fmt}' is not supported (${FORMATS.join(', ')})`);
    else {
      const full = explicitMatrix(fmt as (typeof FORMATS)[number], dim, weights);
      if (typeof full === 'string') bad(weightsLine, full);
      else matrix = ids.map((a) => ids.map((b) => full[a - 1]![b - 1]!));
    }
  } else for (const id of ids) if (!coords.has(id)) bad(0, `node ${id} has no coordinates`);
  const service = kw.has('SERVICE_TIME') ? Number(kw.get('SERVICE_TIME')) : 0;
  const maxDur = kw.has('DISTANCE') ? Number(kw.get('DISTANCE')) : undefined;
  const vehicles = kw.has('VEHICLES') ? Number(kw.get('VEHICLES')) : undefined;
  if (!(service >= 0)) bad(0, 'SERVICE_TIME must be a non-negative number');
  if (maxDur !== undefined && !(maxDur > 0)) bad(0, 'DISTANCE must be a positive number');
  if (issues.length > 0) return fail(...issues);
  const name = kw.get('NAME') ?? 'instance';
  const rounding: Rounding =
    options.rounding ??
    (type === 'CEIL_2D' ? 'ceil' : type === 'FLOOR_2D' ? 'floor' : /^CMT/i.test(name) ? 'none' : 'nint');
  const maxVehicles = options.maxVehicles ?? vehicles;
  const built = createInstance({
    name,
    ...(matrix ? { matrix } : {}),
    ...(coords.size > 0 && ids.every((i) => coords.has(i)) ? { xy: ids.map((i) => coords.get(i)!) } : {}),
    rounding,
    demand: ids.map((i) => demands.get(i) ?? 0),
    capacity: cap,
    service: ids.map((_, k) => (k === 0 ? 0 : service)),
    ...(maxDur !== undefined ? { maxDuration: maxDur } : {}),
    ...(maxVehicles !== undefined ? { maxVehicles } : {}),
    labels: ids,
  });
  if (!built.ok) return built;
  const k = /-k(\d+)\b/.exec(name);
  return ok({
    instance: built.value,
    name,
    comment: kw.get('COMMENT') ?? '',
    edgeWeightType: type,
    ...(k ? { kInName: Number(k[1]) } : {}),
  });
}

/** Expands a TSPLIB EDGE_WEIGHT_SECTION into a full matrix, or says what is wrong. */
export function explicitMatrix(
  fmt: (typeof FORMATS)[number],
  n: number,
  w: readonly number[],
): number[][] | string {
  const m = Array.from({ length: n }, () => new Array<number>(n).fill(0));
  const diag = fmt.includes('DIAG');
  const expected = fmt === 'FULL_MATRIX' ? n * n : diag ? (n * (n + 1)) / 2 : (n * (n - 1)) / 2;
  if (w.length !== expected) return `${fmt} of dimension ${n} needs ${expected} weights, got ${w.length}`;
  let k = 0;
  if (fmt === 'FULL_MATRIX') {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) m[i]![j] = w[k++]!;
    return m;
  }
  // Row layouts of the upper triangle equal column layouts of the lower one, and vice versa.
  const upperRow =
    fmt === 'UPPER_ROW' || fmt === 'UPPER_DIAG_ROW' || fmt === 'LOWER_COL' || fmt === 'LOWER_DIAG_COL';
  for (let i = 0; i < n; i++) {
    const from = upperRow ? (diag ? i : i + 1) : 0;
    const to = upperRow ? n - 1 : diag ? i : i - 1;
    for (let j = from; j <= to; j++) {
      const x = w[k++]!;
      m[i]![j] = x;
      m[j]![i] = x;
    }
  }
  return m;
}
