/** Row ↔ record mapping shared by the SQLite and PostgreSQL report-schedule stores. */
import type { DeliveryRecord, DeliveryState, ReportScheduleRecord } from './report-schedule-store.js';

export interface ScheduleRow {
  id: number | string;
  name: string;
  org: string;
  enabled: number | boolean;
  spec: string;
  created_at: number | string;
  updated_at: number | string;
}

export interface DeliveryRow {
  id: number | string;
  schedule_id: number | string;
  slot: number | string;
  node: string;
  state: string;
  attempts: number;
  target: string;
  error: string | null;
  files: string;
  started_at: number | string;
  finished_at: number | string | null;
}

export const scheduleOfRow = (r: ScheduleRow): ReportScheduleRecord => ({
  id: Number(r.id),
  name: r.name,
  org: r.org,
  enabled: r.enabled === true || r.enabled === 1,
  spec: JSON.parse(r.spec) as Record<string, unknown>,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
});

export const deliveryOfRow = (r: DeliveryRow): DeliveryRecord => ({
  id: Number(r.id),
  scheduleId: Number(r.schedule_id),
  slot: Number(r.slot),
  node: r.node,
  state: r.state as DeliveryState,
  attempts: r.attempts,
  target: r.target,
  error: r.error,
  files: JSON.parse(r.files) as string[],
  startedAt: Number(r.started_at),
  finishedAt: r.finished_at === null ? null : Number(r.finished_at),
});

/**
 * The report tables (one migration in each store), in the column types of a dialect: SQLite's
 * INTEGER, or PostgreSQL's BIGINT, BIGSERIAL and BOOLEAN.
 */
export const reportSchedulesSchema = (t: { id: string; int8: string; enabled: string }): string => `
CREATE TABLE report_schedules (
  id         ${t.id},
  name       TEXT NOT NULL,
  org        TEXT NOT NULL,
  enabled    ${t.enabled},
  spec       TEXT NOT NULL,
  created_at ${t.int8} NOT NULL,
  updated_at ${t.int8} NOT NULL
);
CREATE TABLE report_deliveries (
  id          ${t.id},
  schedule_id ${t.int8} NOT NULL REFERENCES report_schedules (id) ON DELETE CASCADE,
  slot        ${t.int8} NOT NULL,
  node        TEXT NOT NULL,
  state       TEXT NOT NULL CHECK (state IN ('running', 'delivered', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  target      TEXT NOT NULL DEFAULT '',
  error       TEXT,
  files       TEXT NOT NULL DEFAULT '[]',
  started_at  ${t.int8} NOT NULL,
  finished_at ${t.int8},
  UNIQUE (schedule_id, slot)
);
CREATE INDEX report_deliveries_started ON report_deliveries (started_at);
`;
