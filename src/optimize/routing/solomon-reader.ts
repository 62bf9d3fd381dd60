/**
 * Reader of Solomon VRPTW files (name, VEHICLE NUMBER/CAPACITY, then one line per node:
 * id x y demand ready due service, depot first). Distances are real Euclidean; travel time equals
 * distance. The vehicle number becomes the fleet limit unless overridden.
 */
import { fail, type Issue, type Result } from '../../core/index.js';
import { createInstance } from './create-instance.js';
import type { RoutingInstance } from './types.js';

export function parseSolomon(text: string, options: { maxVehicles?: number } = {}): Result<RoutingInstance> {
  const issues: Issue[] = [];
  const lines = text.split(/\r?\n/);
  const name = (lines.find((l) => l.trim() !== '') ?? 'instance').trim();
  let vehicles: number | undefined;
  let capacity: number | undefined;
  const rows: number[][] = [];
  let mode = '';
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '') return;
    if (/^VEHICLE/i.test(line)) {
      mode = 'vehicle';
      return;
    }
    if (/^CUSTOMER/i.test(line)) {
      mode = 'customer';
      return;
    }
    if (/^[A-Z]/i.test(line)) return;
    const nums = line.split(/\s+/).map(Number);
    if (nums.some((x) => !Number.isFinite(x))) {
      issues.push({
        code: 'BAD_INPUT',
        message: `expected numbers, got '${line.slice(0, 40)}'`,
        where: `line ${i + 1}`,
      });
      return;
    }
    if (mode === 'vehicle' && vehicles === undefined) {
      if (nums.length < 2)
        issues.push({ code: 'BAD_INPUT', message: 'expected: number capacity', where: `line ${i + 1}` });
      vehicles = nums[0];
      capacity = nums[1];
    } else if (mode === 'customer') {
      if (nums.length < 7)
        issues.push({
          code: 'BAD_INPUT',
          message: 'expected: id x y demand ready due service',
          where: `line ${i + 1}`,
        });
      else rows.push(nums);
    }
  });
  if (capacity === undefined)
    issues.push({ code: 'BAD_INPUT', message: 'no VEHICLE section', where: 'VEHICLE' });
  if (rows.length < 2)
    issues.push({ code: 'BAD_INPUT', message: 'need a depot and customers', where: 'CUSTOMER' });
  if (issues.length > 0) return fail(...issues);
  const maxVehicles = options.maxVehicles ?? vehicles;
  return createInstance({
    name,
    xy: rows.map((r) => [r[1]!, r[2]!] as const),
    demand: rows.map((r) => r[3]!),
    capacity: capacity!,
    windows: rows.map((r) => [r[4]!, r[5]!] as const),
    service: rows.map((r) => r[6]!),
    ...(maxVehicles !== undefined ? { maxVehicles } : {}),
    labels: rows.map((r) => r[0]!),
  });
}
