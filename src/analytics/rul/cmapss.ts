import { fail, type Issue, ok, type Result } from '../../core/index.js';

/**
 * The NASA C-MAPSS text format: one row per engine cycle, space-separated, 26 numbers
 * (unit, cycle, 3 operational settings, 21 sensors). Rows of one unit are consecutive with
 * increasing cycles. Parsed by hand: it is a fixed whitespace table, and a CSV library would add
 * nothing but the trailing-space quirk of NASA's files.
 */
export interface CmapssEngine {
  readonly unit: number;
  /** The unit id as written in a run-to-failure CSV when it is not a positive integer (`M-07`). */
  readonly id?: string;
  /** Cycle numbers, ascending. */
  readonly cycles: Float64Array;
  /** `settings[k][t]`: operational setting k (0..2) at row t. */
  readonly settings: readonly Float64Array[];
  /** `sensors[s][t]`: sensor s+1 (0..20) at row t. */
  readonly sensors: readonly Float64Array[];
}

export const CMAPSS_COLUMNS = 26;

/** Parses a train_/test_FD00x.txt file; every malformed row is listed as an issue with its line. */
export function parseCmapss(text: string, source = 'input'): Result<CmapssEngine[]> {
  const issues: Issue[] = [];
  const rows = new Map<number, number[][]>();
  const order: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const where = `${source}:${i + 1}`;
    const cells = line.split(/\s+/);
    if (cells.length !== CMAPSS_COLUMNS) {
      issues.push({
        code: 'BAD_INPUT',
        message: `expected ${CMAPSS_COLUMNS} space-separated numbers (unit, cycle, 3 settings, 21 sensors), got ${cells.length}`,
        where,
      });
      continue;
    }
    const nums = cells.map(Number);
    const bad = nums.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      issues.push({
        code: 'BAD_INPUT',
        message: `column ${bad + 1} is not a number: '${cells[bad]}'`,
        where,
      });
      continue;
    }
    const unit = nums[0]!;
    const cycle = nums[1]!;
    if (!Number.isInteger(unit) || unit < 1 || !Number.isInteger(cycle) || cycle < 1) {
      issues.push({ code: 'BAD_INPUT', message: 'unit and cycle must be positive integers', where });
      continue;
    }
    let list = rows.get(unit);
    if (!list) {
      list = [];
      rows.set(unit, list);
      order.push(unit);
    }
    const prev = list[list.length - 1];
    if (prev && prev[1]! >= cycle) {
      issues.push({
        code: 'BAD_INPUT',
        message: `cycle ${cycle} of unit ${unit} does not follow cycle ${prev[1]} (cycles must increase)`,
        where,
      });
      continue;
    }
    list.push(nums);
  }
  if (issues.length > 0) return fail(...issues);
  if (order.length === 0) return fail({ code: 'BAD_INPUT', message: 'no data rows', where: source });
  const engines = order
    .sort((a, b) => a - b)
    .map((unit): CmapssEngine => {
      const list = rows.get(unit)!;
      const col = (c: number): Float64Array => Float64Array.from(list, (r) => r[c]!);
      return {
        unit,
        cycles: col(1),
        settings: [col(2), col(3), col(4)],
        sensors: Array.from({ length: 21 }, (_, s) => col(5 + s)),
      };
    });
  return ok(engines);
}

/** Parses RUL_FD00x.txt: one true remaining life per test engine, in unit order. */
export function parseRulFile(text: string, source = 'input'): Result<number[]> {
  const issues: Issue[] = [];
  const out: number[] = [];
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '') continue;
    const v = Number(line);
    if (!Number.isFinite(v) || v < 0)
      issues.push({
        code: 'BAD_INPUT',
        message: `not a non-negative number: '${line}'`,
        where: `${source}:${i + 1}`,
      });
    else out.push(v);
  }
  return issues.length > 0 ? fail(...issues) : ok(out);
}

/** Rows of an engine. */
export const engineLength = (e: CmapssEngine): number => e.cycles.length;
