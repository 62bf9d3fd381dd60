/** Report schedules: cron in a time zone, the last complete period, delivery with retry and a log. */
export { type DeliveryDeps, type DeliveryFile, type DeliveryResult, deliver, targetOf } from './deliver.js';
export { createReportScheduler, type ReportScheduler, type ReportSchedulerDeps } from './report-scheduler.js';
export { periodBefore } from './schedule-period.js';
export {
  type Delivery,
  DeliverySchema,
  nextFire,
  SCHEDULE_PERIODS,
  type ScheduleInput,
  ScheduleInputSchema,
  type ScheduleSpec,
  ScheduleSpecSchema,
} from './schedule-spec.js';
