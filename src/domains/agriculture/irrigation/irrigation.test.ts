import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, type Field } from '../water/field.js';
import { compareWithCalendar, type IrrigationFieldInput, planIrrigation } from './index.js';

const field = (id: string, areaHa: number, rootDepthM = 0.8): Field => ({
  id,
  areaHa,
  plantingDate: '2024-04-01',
  kc: { stageDays: [20, 35, 40, 30], kcIni: 0.3, kcMid: 1.2, kcEnd: 0.35 },
  p: 0.55,
  thetaFc: 0.22,
  thetaWp: 0.1,
  rootDepthM,
});
const weather = (n: number, rainOn: Record<number, number> = {}) =>
  Array.from({ length: n }, (_, i) => ({
    date: addDays('2024-06-01', i),
    et0: 6 + (i % 3) * 0.5,
    rain: rainOn[i] ?? 0,
  }));

describe('planIrrigation', () => {
  it('without limits keeps every day stress-free and drains nothing', () => {
    const inputs: IrrigationFieldInput[] = [
      { field: field('a', 2), days: weather(30, { 10: 15 }), initialDepletion: 20 },
    ];
    const plan = planIrrigation(inputs);
    const s = plan.fields[0]!.summary;
    expect(plan.events.length).toBeGreaterThanOrEqual(3);
    expect(s.stressDays).toBe(0);
    expect(s.deepPercolationMm).toBeCloseTo(0, 9);
    for (const d of plan.fields[0]!.days) expect(d.dr).toBeLessThanOrEqual(d.raw + 1e-9);
    for (const e of plan.events) expect(e.volumeM3).toBeCloseTo(e.grossMm * 20, 9);
  });

  it('respects pump capacity and the water budget, serving the most urgent field first', () => {
    const inputs: IrrigationFieldInput[] = [
      { field: field('a', 5), days: weather(20), initialDepletion: 40 },
      { field: field('b', 5), days: weather(20), initialDepletion: 45 },
      { field: field('c', 5), days: weather(20), initialDepletion: 44 },
    ];
    const plan = planIrrigation(inputs, { pumpCapacityM3PerDay: 3000, waterBudgetM3: 12_000 });
    const byDate = new Map<string, number>();
    for (const e of plan.events) byDate.set(e.date, (byDate.get(e.date) ?? 0) + e.volumeM3);
    for (const v of byDate.values()) expect(v).toBeLessThanOrEqual(3000 + 1e-6);
    expect(plan.totals.volumeM3).toBeLessThanOrEqual(12_000 + 1e-6);
    expect(plan.events[0]!.fieldId).toBe('b');
    expect(plan.totals.constrainedDates.length).toBeGreaterThan(0);
    expect(plan.totals.budgetLeftM3).toBeGreaterThanOrEqual(-1e-6);
  });

  it('never exceeds the limits (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 500, max: 5000 }),
        fc.integer({ min: 1000, max: 20_000 }),
        fc.array(fc.double({ min: 0, max: 80, noNaN: true }), { minLength: 1, maxLength: 4 }),
        (pump, budget, starts) => {
          const inputs = starts.map((dr0, i) => ({
            field: field(`f${i}`, 3),
            days: weather(12),
            initialDepletion: dr0,
          }));
          const plan = planIrrigation(inputs, { pumpCapacityM3PerDay: pump, waterBudgetM3: budget });
          expect(plan.totals.volumeM3).toBeLessThanOrEqual(budget + 1e-6);
          const perDay = new Map<string, number>();
          for (const e of plan.events) perDay.set(e.date, (perDay.get(e.date) ?? 0) + e.volumeM3);
          for (const v of perDay.values()) expect(v).toBeLessThanOrEqual(pump + 1e-6);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('reacts to a soil-moisture reading that shows a drier field than modelled', () => {
    const days = weather(10);
    const base = planIrrigation([{ field: field('a', 1), days, initialDepletion: 0 }]);
    const dry = days.map((d, i) => (i === 1 ? { ...d, theta: 0.22 - 50 / 800 } : d));
    const corrected = planIrrigation([{ field: field('a', 1), days: dry, initialDepletion: 0 }]);
    expect(corrected.events[0]!.date < (base.events[0]?.date ?? '9999')).toBe(true);
    expect(corrected.fields[0]!.days[1]!.moistureCorrection?.measuredDr).toBeCloseTo(50, 9);
  });

  it('rejects fields with different dates', () => {
    expect(() =>
      planIrrigation([
        { field: field('a', 1), days: weather(3) },
        { field: field('b', 1), days: weather(4) },
      ]),
    ).toThrow(RangeError);
  });
});

describe('saving against a fixed calendar', () => {
  it('uses less water than a weekly 45 mm calendar with no more stress', () => {
    const inputs: IrrigationFieldInput[] = [
      { field: field('a', 4), days: weather(42, { 8: 20, 25: 30 }), initialDepletion: 10 },
      { field: field('b', 2, 0.6), days: weather(42, { 8: 20, 25: 30 }), initialDepletion: 10 },
    ];
    const plan = planIrrigation(inputs);
    const cmp = compareWithCalendar(inputs, plan, { intervalDays: 5, grossMm: 45 });
    expect(cmp.savingM3).toBeGreaterThan(0);
    expect(cmp.savingFraction).toBeCloseTo(cmp.savingM3 / (cmp.calendarM3 + cmp.calendarRefillM3), 12);
    // The schedule ends with the soil drier than the calendar does: that water is owed, not saved.
    expect(cmp.scheduledRefillM3).toBeGreaterThan(cmp.calendarRefillM3);
    expect(cmp.savingM3).toBeCloseTo(
      cmp.calendarM3 + cmp.calendarRefillM3 - cmp.scheduledM3 - cmp.scheduledRefillM3,
      9,
    );
    expect(cmp.savingM3).toBeLessThan(cmp.calendarM3 - cmp.scheduledM3);
    expect(cmp.scheduledStressDays).toBeLessThanOrEqual(cmp.calendarStressDays);
    expect(cmp.scheduledDeepPercolationMm).toBeLessThan(cmp.calendarDeepPercolationMm);
    expect(cmp.scheduledRelativeEt).toBeCloseTo(1, 9);
  });
});
