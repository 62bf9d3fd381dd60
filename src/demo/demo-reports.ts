/**
 * The demo's report schedule: the daily production report of the factory, in Chinese, as a PDF
 * filed at 06:05 Shanghai time into `reports/daily-production/` (under the server's reports
 * directory) for the day before. Added once; an operator's later changes (or deletion) are kept.
 */
import { reports } from '../domains/index.js';
import type { Store } from '../store/index.js';
import { FACTORY } from './machines.js';

export const DEMO_REPORT_SCHEDULE = 'Daily production report (factory)';

export const DEMO_REPORT_SPEC: reports.ScheduleSpec = reports.ScheduleSpecSchema.parse({
  type: 'production',
  cron: '5 6 * * *',
  timeZone: 'Asia/Shanghai',
  period: 'day',
  format: 'pdf',
  lang: 'zh',
  asset: FACTORY.site,
  delivery: { kind: 'folder', path: 'daily-production' },
});

/** Adds the schedule unless one of that name exists; returns whether it was added. */
export async function provisionDemoReports(store: Store, now: number): Promise<boolean> {
  if ((await store.reportSchedules.list()).some((s) => s.name === DEMO_REPORT_SCHEDULE)) return false;
  await store.reportSchedules.create({
    name: DEMO_REPORT_SCHEDULE,
    org: 'default',
    enabled: true,
    spec: DEMO_REPORT_SPEC,
    now,
  });
  return true;
}
