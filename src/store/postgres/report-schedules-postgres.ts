/** Report schedules and their delivery log on PostgreSQL (see ../report-schedule-store.ts). */
import type pg from 'pg';
import * as scheduleRows from '../report-schedule-rows.js';
import type * as scheduleStore from '../report-schedule-store.js';

export const PG_REPORT_SCHEDULES_SCHEMA = scheduleRows.reportSchedulesSchema({
  id: 'BIGSERIAL PRIMARY KEY',
  int8: 'BIGINT',
  enabled: 'BOOLEAN NOT NULL DEFAULT TRUE',
});

export class PostgresReportScheduleStore implements scheduleStore.ReportScheduleStore {
  constructor(private readonly pool: pg.Pool) {}

  async create(i: Parameters<scheduleStore.ReportScheduleStore['create']>[0]) {
    const r = await this.pool.query<scheduleRows.ScheduleRow>(
      'INSERT INTO report_schedules (name, org, enabled, spec, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING *',
      [i.name, i.org, i.enabled, JSON.stringify(i.spec), i.now],
    );
    return scheduleRows.scheduleOfRow(r.rows[0]!);
  }

  async get(id: number): Promise<scheduleStore.ReportScheduleRecord | undefined> {
    const r = await this.pool.query<scheduleRows.ScheduleRow>(
      'SELECT * FROM report_schedules WHERE id = $1',
      [id],
    );
    return r.rows[0] && scheduleRows.scheduleOfRow(r.rows[0]);
  }

  async list(filter: { org?: string } = {}): Promise<scheduleStore.ReportScheduleRecord[]> {
    const r =
      filter.org === undefined
        ? await this.pool.query<scheduleRows.ScheduleRow>('SELECT * FROM report_schedules ORDER BY id')
        : await this.pool.query<scheduleRows.ScheduleRow>(
            'SELECT * FROM report_schedules WHERE org = $1 ORDER BY id',
            [filter.org],
          );
    return r.rows.map(scheduleRows.scheduleOfRow);
  }

  async update(id: number, p: Parameters<scheduleStore.ReportScheduleStore['update']>[1]) {
    const r = await this.pool.query<scheduleRows.ScheduleRow>(
      `UPDATE report_schedules SET name = COALESCE($2, name), enabled = COALESCE($3, enabled),
         spec = COALESCE($4, spec), updated_at = $5 WHERE id = $1 RETURNING *`,
      [id, p.name ?? null, p.enabled ?? null, p.spec === undefined ? null : JSON.stringify(p.spec), p.now],
    );
    return r.rows[0] && scheduleRows.scheduleOfRow(r.rows[0]);
  }

  async remove(id: number): Promise<boolean> {
    const r = await this.pool.query('DELETE FROM report_schedules WHERE id = $1', [id]);
    return (r.rowCount ?? 0) > 0;
  }

  async claimFire(scheduleId: number, slot: number, node: string, now: number): Promise<number | null> {
    const r = await this.pool.query<{ id: string }>(
      `INSERT INTO report_deliveries (schedule_id, slot, node, state, started_at) VALUES ($1, $2, $3, 'running', $4)
       ON CONFLICT (schedule_id, slot) DO NOTHING RETURNING id`,
      [scheduleId, slot, node, now],
    );
    return r.rows[0] ? Number(r.rows[0].id) : null;
  }

  async finishDelivery(id: number, o: scheduleStore.DeliveryOutcome): Promise<void> {
    await this.pool.query(
      'UPDATE report_deliveries SET state = $2, attempts = $3, target = $4, error = $5, files = $6, finished_at = $7 WHERE id = $1',
      [id, o.state, o.attempts, o.target, o.error, JSON.stringify(o.files), o.finishedAt],
    );
  }

  async deliveries(
    filter: { scheduleId?: number; limit?: number } = {},
  ): Promise<scheduleStore.DeliveryRecord[]> {
    const limit = Math.min(1000, Math.max(1, filter.limit ?? 100));
    const r =
      filter.scheduleId === undefined
        ? await this.pool.query<scheduleRows.DeliveryRow>(
            'SELECT * FROM report_deliveries ORDER BY started_at DESC, id DESC LIMIT $1',
            [limit],
          )
        : await this.pool.query<scheduleRows.DeliveryRow>(
            'SELECT * FROM report_deliveries WHERE schedule_id = $1 ORDER BY started_at DESC, id DESC LIMIT $2',
            [filter.scheduleId, limit],
          );
    return r.rows.map(scheduleRows.deliveryOfRow);
  }

  async lastSlot(scheduleId: number): Promise<number | null> {
    const r = await this.pool.query<{ s: string | null }>(
      'SELECT MAX(slot) AS s FROM report_deliveries WHERE schedule_id = $1',
      [scheduleId],
    );
    return r.rows[0]?.s == null ? null : Number(r.rows[0].s);
  }
}
