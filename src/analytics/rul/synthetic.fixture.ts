import { createRng } from '../../core/index.js';
import { INFORMATIVE_SENSORS } from './protocol.js';

/**
 * Synthetic run-to-failure data in the C-MAPSS text format, for tests and examples only (never
 * presented as measurements): each engine has a random life; its 14 informative sensors drift
 * with an exponential wear curve plus noise, the other seven stay constant. `truncate` cuts each
 * engine before failure as the test files do and returns the true remaining lives.
 */
export function syntheticCmapss(options: {
  engines: number;
  seed?: number;
  truncate?: boolean;
  /** Six operating conditions (FD002-like) instead of one. */
  multiCondition?: boolean;
}): { text: string; rul: number[] } {
  const rnd = createRng(options.seed ?? 1).next;
  const normal = (): number => {
    const u = Math.max(1e-12, rnd());
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rnd());
  };
  const conditions = options.multiCondition
    ? [
        [0, 0, 100],
        [10, 0.25, 100],
        [20, 0.7, 100],
        [25, 0.62, 60],
        [35, 0.84, 100],
        [42, 0.84, 100],
      ]
    : [[0, 0, 100]];
  const lines: string[] = [];
  const rul: number[] = [];
  for (let u = 1; u <= options.engines; u++) {
    const life = 120 + Math.floor(rnd() * 130);
    const wear0 = rnd() * 0.2;
    const end = options.truncate ? Math.max(31, Math.floor(life * (0.4 + 0.55 * rnd()))) : life;
    if (options.truncate) rul.push(life - end);
    for (let c = 1; c <= end; c++) {
      const cond = conditions[Math.floor(rnd() * conditions.length)]!;
      const h = wear0 + Math.expm1((3 * c) / life) / Math.expm1(3);
      const settings = cond.map((v) => v + normal() * 0.002);
      const sensors = Array.from({ length: 21 }, (_, s) => {
        const n = s + 1;
        const level = 100 + 10 * n + cond[0]! * 2 + cond[1]! * 30;
        if (!(INFORMATIVE_SENSORS as readonly number[]).includes(n)) return level;
        const sign = n % 3 === 0 ? -1 : 1;
        return level + sign * (1 + (n % 4)) * h + normal() * 0.3;
      });
      lines.push([u, c, ...settings.map((v) => v.toFixed(4)), ...sensors.map((v) => v.toFixed(4))].join(' '));
    }
  }
  return { text: `${lines.join(' \n')} \n`, rul };
}

/**
 * Synthetic run-to-failure data as a generic CSV (tests and examples only): machines `P-001`…
 * with a unit id column, a cycle column and named sensors that drift with wear plus noise, one
 * sensor of pure noise and one constant column (a firmware version). `truncate` cuts each machine
 * before failure and returns the true remaining lives in unit order.
 */
export function syntheticRunCsv(options: {
  units: number;
  seed?: number;
  truncate?: boolean;
  /** Header names of the id and cycle columns. Default `machine_id`, `time_cycles`. */
  unitColumn?: string;
  cycleColumn?: string;
}): { text: string; rul: number[] } {
  const rnd = createRng(options.seed ?? 1).next;
  const normal = (): number =>
    Math.sqrt(-2 * Math.log(Math.max(1e-12, rnd()))) * Math.cos(2 * Math.PI * rnd());
  const lines = [
    `${options.unitColumn ?? 'machine_id'},${options.cycleColumn ?? 'time_cycles'},temp_out,pressure,vibration,flow,ambient,firmware`,
  ];
  const rul: number[] = [];
  for (let u = 1; u <= options.units; u++) {
    const life = 150 + Math.floor(rnd() * 200);
    const end = options.truncate ? Math.max(20, Math.floor(life * (0.3 + 0.65 * rnd()))) : life;
    if (options.truncate) rul.push(life - end);
    const wear0 = rnd() * 0.1;
    for (let c = 1; c <= end; c++) {
      const h = wear0 + Math.expm1((3 * c) / life) / Math.expm1(3);
      lines.push(
        [
          `P-${String(u).padStart(3, '0')}`,
          c,
          (350 + 12 * h + normal() * 0.8).toFixed(2),
          (14.2 - 1.5 * h + normal() * 0.15).toFixed(3),
          (0.8 + 0.9 * h * h + normal() * 0.05).toFixed(3),
          (52 - 3 * h + normal() * 0.6).toFixed(2),
          (20 + normal() * 2).toFixed(1),
          3,
        ].join(','),
      );
    }
  }
  return { text: `${lines.join('\n')}\n`, rul };
}
