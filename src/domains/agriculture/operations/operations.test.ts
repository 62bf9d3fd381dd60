import { beforeAll, describe, expect, it } from 'vitest';
import { Solver } from '../../../optimize/index.js';
import type { SolveFn } from '../solve-fn.js';
import { addDays } from '../water/field.js';
import { scheduleOperations } from './index.js';

let solve: SolveFn;
beforeAll(async () => {
  const solver = await Solver.load();
  solve = (p, o) => solver.solve(p, o);
});

const weather = (n: number, over: Record<number, { windMs?: number; rainMm?: number }> = {}) =>
  Array.from({ length: n }, (_, i) => ({ date: addDays('2024-06-01', i), windMs: 1, rainMm: 0, ...over[i] }));
const one = {
  machines: [{ id: 'tractor', hoursPerDay: 8, can: ['spray', 'fertilise', 'harvest'] }],
  operators: [{ id: 'li', hoursPerDay: 8, skills: ['spray', 'fertilise', 'harvest'] }],
};
const run = async (json: unknown) => {
  const r = await scheduleOperations(json, solve);
  if (!r.ok) throw new Error(JSON.stringify(r.issues));
  return r.value;
};

describe('scheduleOperations', () => {
  it('sprays only on the day wind and rain allow', async () => {
    // Day 0 too windy; rain on day 2 rules out days 1 (within 24 h) and 2: day 3 is the only one.
    const r = await run({
      ...one,
      weather: weather(4, { 0: { windMs: 6 }, 2: { rainMm: 8 } }),
      jobs: [{ id: 'fungicide', type: 'spray', hours: 4 }],
    });
    expect(r.machines[0]!.days.map((d) => d.date)).toEqual(['2024-06-04']);
    expect(r.jobs[0]!.blocked.map((b) => b.date)).toEqual(['2024-06-01', '2024-06-02', '2024-06-03']);
    expect(r.objective).toBeCloseTo(4, 6);
  });

  it('orders jobs by priority on a single machine (hand optimum 3·1 + 1·2 = 5)', async () => {
    const r = await run({
      ...one,
      weather: weather(3),
      jobs: [
        { id: 'low', type: 'fertilise', hours: 8, priority: 1 },
        { id: 'high', type: 'fertilise', hours: 8, priority: 3 },
      ],
    });
    expect(r.objective).toBeCloseTo(5, 6);
    expect(r.jobs.find((j) => j.id === 'high')!.completionDate).toBe('2024-06-01');
    expect(r.jobs.find((j) => j.id === 'low')!.completionDate).toBe('2024-06-02');
  });

  it('waits a day after heavy rain to harvest and reports lateness when the window is missed', async () => {
    const r = await run({
      ...one,
      weather: weather(4, { 0: { rainMm: 12 } }),
      jobs: [{ id: 'cut', type: 'harvest', hours: 6, latest: '2024-06-01' }],
    });
    // Day 0 rain, day 1 the day after: harvest on day 2, one day past its latest day (day 0).
    expect(r.jobs[0]!.completionDate).toBe('2024-06-03');
    expect(r.jobs[0]!.state).toBe('late');
    expect(r.jobs[0]!.daysLate).toBe(2);
  });

  it('respects operator skills and hours: the only skilled driver works 4 h a day', async () => {
    const r = await run({
      machines: [
        { id: 'combine', hoursPerDay: 10, can: ['harvest'] },
        { id: 'sprayer', hoursPerDay: 10, can: ['spray'] },
      ],
      operators: [
        { id: 'wang', hoursPerDay: 4, skills: ['harvest'] },
        { id: 'zhao', hoursPerDay: 8, skills: ['spray'] },
      ],
      weather: weather(4),
      jobs: [
        { id: 'cut', type: 'harvest', hours: 8 },
        { id: 'spray', type: 'spray', hours: 8 },
      ],
    });
    const combine = r.machines.find((m) => m.id === 'combine')!;
    expect(combine.days.map((d) => d.hours)).toEqual([4, 4]);
    expect(combine.days.every((d) => d.work.every((w) => w.operator === 'wang'))).toBe(true);
    expect(r.objective).toBeCloseTo(2 + 1, 6);
  });

  it('matches brute force on job order with two machines (small instance)', async () => {
    // 3 jobs of 8 h on 2 identical machines, 8 h/day, priorities 1, 2, 3: two on day 1, one on day 2.
    const r = await run({
      machines: [
        { id: 'm1', hoursPerDay: 8, can: ['fertilise'] },
        { id: 'm2', hoursPerDay: 8, can: ['fertilise'] },
      ],
      operators: [
        { id: 'a', hoursPerDay: 8, skills: ['fertilise'] },
        { id: 'b', hoursPerDay: 8, skills: ['fertilise'] },
      ],
      weather: weather(3),
      jobs: [1, 2, 3].map((p) => ({ id: `j${p}`, type: 'fertilise', hours: 8, priority: p })),
    });
    // Brute force over completion days (each day holds at most two 8-h jobs).
    let best = Infinity;
    for (const c of [1, 2, 3].flatMap((a) => [1, 2, 3].flatMap((b) => [1, 2, 3].map((d) => [a, b, d]))))
      if ([1, 2, 3].every((day) => c.filter((x) => x === day).length <= 2))
        best = Math.min(best, c[0]! * 1 + c[1]! * 2 + c[2]! * 3);
    expect(r.objective).toBeCloseTo(best, 6);
    expect(r.jobs.find((j) => j.id === 'j1')!.completionDate).toBe('2024-06-02');
  });

  it('lists every problem in a bad file', async () => {
    const r = await scheduleOperations(
      {
        ...one,
        weather: [{ date: '2024-06-01' }, { date: '2024-06-03' }],
        jobs: [
          { id: 'x', type: 'mow', hours: 2 },
          { id: 'x', type: 'spray', hours: 2, earliest: '2024-06-02', latest: '2024-06-01' },
        ],
      },
      solve,
    );
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.issues.map((i) => i.where).sort()).toEqual(
        ['jobs.0.type', 'jobs.0.type', 'jobs.1.id', 'jobs.1.latest', 'weather.1.date'].sort(),
      );
  });
});
