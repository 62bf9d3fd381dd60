import { describe, expect, it } from 'vitest';
import { reports } from '../domains/index.js';
import { openSqliteStore } from '../store/index.js';
import { DEMO_REPORT_SCHEDULE, provisionDemoReports } from './demo-reports.js';

describe('the demo’s report schedule', () => {
  it('adds the daily production report once, firing at 06:05 Shanghai for the day before', async () => {
    const store = await openSqliteStore(':memory:');
    expect(await provisionDemoReports(store, 0)).toBe(true);
    expect(await provisionDemoReports(store, 1)).toBe(false);
    const [s] = await store.reportSchedules.list();
    expect(s!.name).toBe(DEMO_REPORT_SCHEDULE);
    const spec = reports.ScheduleSpecSchema.parse(s!.spec);
    expect(spec).toMatchObject({ type: 'production', period: 'day', format: 'pdf', lang: 'zh' });
    // 2024-06-01 12:00Z → next 2024-06-02 06:05 +08:00 = 2024-06-01T22:05Z.
    expect(reports.nextFire(spec, Date.UTC(2024, 5, 1, 12))).toBe(Date.UTC(2024, 5, 1, 22, 5));
    await store.close();
  });
});
