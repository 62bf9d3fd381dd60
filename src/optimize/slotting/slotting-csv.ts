/**
 * CSV inputs of slotting. skus.csv: `sku,picks[,size][,current_location]`; locations.csv:
 * `location,distance[,capacity]`. Header names are case-insensitive; every bad cell is reported
 * with its row.
 */
import { parse } from 'csv-parse/sync';
import { fail, type Issue, ok, type Result } from '../../core/index.js';
import type { Sku, SlotLocation } from './slot-skus.js';

function rows(text: string, file: string, issues: Issue[]): Record<string, string>[] {
  try {
    const recs = parse(text, {
      columns: (h: string[]) => h.map((x) => x.trim().toLowerCase()),
      skip_empty_lines: true,
      trim: true,
    });
    return recs as Record<string, string>[];
  } catch (e) {
    issues.push({ code: 'BAD_INPUT', message: `not a readable CSV: ${(e as Error).message}`, where: file });
    return [];
  }
}

function num(
  v: string | undefined,
  where: string,
  col: string,
  issues: Issue[],
  min = 0,
): number | undefined {
  if (v === undefined || v === '') return undefined;
  const x = Number(v);
  if (!Number.isFinite(x) || x < min) {
    issues.push({ code: 'BAD_INPUT', message: `${col} must be a number ≥ ${min}, got '${v}'`, where });
    return undefined;
  }
  return x;
}

/** `file` names the input in every issue (default `skus.csv`). */
export function parseSkusCsv(text: string, file = 'skus.csv'): Result<Sku[]> {
  const issues: Issue[] = [];
  const recs = rows(text, file, issues);
  if (recs.length > 0 && (!('sku' in recs[0]!) || !('picks' in recs[0]!)))
    issues.push({
      code: 'BAD_INPUT',
      message: `${file} needs columns sku and picks`,
      where: `${file} header`,
    });
  if (issues.length > 0) return fail(...issues);
  const out: Sku[] = [];
  recs.forEach((r, i) => {
    const where = `${file} row ${i + 2}`;
    const id = r['sku'] ?? '';
    if (id === '') issues.push({ code: 'BAD_INPUT', message: 'sku is empty', where });
    const picks = num(r['picks'], where, 'picks', issues);
    if (picks === undefined && !issues.some((x) => x.where === where))
      issues.push({ code: 'BAD_INPUT', message: 'picks is required', where });
    const size = num(r['size'], where, 'size', issues);
    const cur = r['current_location'];
    out.push({
      id,
      picks: picks ?? 0,
      ...(size !== undefined ? { size } : {}),
      ...(cur ? { currentLocation: cur } : {}),
    });
  });
  return issues.length > 0 ? fail(...issues) : ok(out);
}

/** `file` names the input in every issue (default `locations.csv`). */
export function parseLocationsCsv(text: string, file = 'locations.csv'): Result<SlotLocation[]> {
  const issues: Issue[] = [];
  const recs = rows(text, file, issues);
  if (recs.length > 0 && (!('location' in recs[0]!) || !('distance' in recs[0]!)))
    issues.push({
      code: 'BAD_INPUT',
      message: `${file} needs columns location and distance`,
      where: `${file} header`,
    });
  if (issues.length > 0) return fail(...issues);
  const out: SlotLocation[] = [];
  recs.forEach((r, i) => {
    const where = `${file} row ${i + 2}`;
    const id = r['location'] ?? '';
    if (id === '') issues.push({ code: 'BAD_INPUT', message: 'location is empty', where });
    const distance = num(r['distance'], where, 'distance', issues);
    if (distance === undefined && !issues.some((x) => x.where === where))
      issues.push({ code: 'BAD_INPUT', message: 'distance is required', where });
    const capacity = num(r['capacity'], where, 'capacity', issues);
    out.push({ id, distance: distance ?? 0, ...(capacity !== undefined ? { capacity } : {}) });
  });
  return issues.length > 0 ? fail(...issues) : ok(out);
}
