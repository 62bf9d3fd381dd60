import { afterEach, describe, expect, it } from 'vitest';
import { manualClock } from '../../core/index.js';
import { openSqliteStore, type Store } from '../../store/index.js';
import { planStaffing } from './staffing-service.js';

let store: Store | undefined;
afterEach(async () => {
  await store?.close();
  store = undefined;
});

const target = { serviceMinutes: 4, serviceLevel: 0.8, answerMinutes: 0.5, shrinkage: 0.3 };

describe('the staffing service', () => {
  it('staffs given shifts: more arrivals never need fewer people, and the summary adds them up', async () => {
    store = await openSqliteStore(':memory:');
    const plan = await planStaffing(
      { store, clock: manualClock(0) },
      {
        ...target,
        shifts: [
          { label: 'early', arrivalsPerHour: 30 },
          { label: 'late', arrivalsPerHour: 90 },
        ],
      },
    );
    const [early, late] = plan.shifts;
    expect(early!.scheduled).toBeLessThanOrEqual(late!.scheduled);
    expect(early!.scheduled).toBeGreaterThanOrEqual(early!.servers);
    expect(plan.forecast).toBeNull();
    expect(plan.summary).toContain(`${early!.scheduled + late!.scheduled} people scheduled in all`);
    expect(plan.summary).toContain('30 s');
  });

  it('refuses neither or both of shifts and forecast, and an unknown series, naming the field', async () => {
    store = await openSqliteStore(':memory:');
    const deps = { store, clock: manualClock(0) };
    await expect(planStaffing(deps, target)).rejects.toMatchObject({ code: 'BAD_INPUT', field: 'shifts' });
    const forecast = { series: 'no/such', shiftHours: 8, horizon: 3, aggregate: 'sum' as const, history: 30 };
    await expect(planStaffing(deps, { ...target, shifts: [], forecast })).rejects.toMatchObject({
      field: 'shifts',
    });
    await expect(planStaffing(deps, { ...target, forecast })).rejects.toMatchObject({
      code: 'NOT_FOUND',
      field: 'forecast.series',
    });
  });
});
