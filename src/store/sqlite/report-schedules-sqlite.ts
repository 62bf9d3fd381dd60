/** Report schedules and their delivery log on SQLite (see ../report-schedule-store.ts). */
import type Database from 'better-sqlite3';
import * as scheduleRows from '../report-schedule-rows.js';
import type * as scheduleStore from '../report-schedule-store.js';

export const REPORT_SCHEDULES_SCHEMA = scheduleRows.reportSchedulesSchema({
  id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
  int8: 'INTEGER',
  enabled: 'INTEGER NOT NULL DEFAULT 1',
});

export class SqliteReportScheduleStore implements scheduleStore.ReportScheduleStore {
  constructor(private readonly db: Database.Database) {}

  async create(i: Parameters<scheduleStore.ReportScheduleStore['create']>[0]) {
    const r = this.db
      .prepare(
        'INSERT INTO report_schedules (name, org, enabled, spec, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(i.name, i.org, i.enabled ? 1 : 0, JSON.stringify(i.spec), i.now, i.now);
    return (await this.get(Number(r.lastInsertRowid)))!;
  }

  async get(id: number): Promise<scheduleStore.ReportScheduleRecord | undefined> {
    const r = this.db.prepare('SELECT * FROM report_schedules WHERE id = ?').get(id) as
      | scheduleRows.ScheduleRow
      | undefined;
    return r && scheduleRows.scheduleOfRow(r);
  }

  async list(filter: { org?: string } = {}): Promise<scheduleStore.ReportScheduleRecord[]> {
    const rows = (
      filter.org === undefined
        ? this.db.prepare('SELECT * FROM report_schedules ORDER BY id').all()
        : this.db.prepare('SELECT * FROM report_schedules WHERE org = ? ORDER BY id').all(filter.org)
    ) as scheduleRows.ScheduleRow[];
    return rows.map(scheduleRows.scheduleOfRow);
  }

  async update(id: number, p: Parameters<scheduleStore.ReportScheduleStore['update']>[1]) {
    const cur = await this.get(id);
    if (!cur) return undefined;
    this.db
      .prepare('UPDATE report_schedules SET name = ?, enabled = ?, spec = ?, updated_at = ? WHERE id = ?')
      .run(
        p.name ?? cur.name,
        (p.enabled ?? cur.enabled) ? 1 : 0,
        JSON.stringify(p.spec ?? cur.spec),
        p.now,
        id,
      );
    return this.get(id);
  }

  async remove(id: number): Promise<boolean> {
    return this.db.transaction(() => {
      this.db.prepare('DELETE FROM report_deliveries WHERE schedule_id = ?').run(id);
      return this.db.prepare('DELETE FROM report_schedules WHERE id = ?').run(id).changes > 0;
    })();
  }

  async claimFire(scheduleId: number, slot: number, node: string, now: number): Promise<number | null> {
    const r = this.db
      .prepare(
        `INSERT INTO report_deliveries (schedule_id, slot, node, state, started_at) VALUES (?, ?, ?, 'running', ?)
         ON CONFLICT (schedule_id, slot) DO NOTHING`,
      )
      .run(scheduleId, slot, node, now);
    return r.changes > 0 ? Number(r.lastInsertRowid) : null;
  }

  async finishDelivery(id: number, o: scheduleStore.DeliveryOutcome): Promise<void> {
    this.db
      .prepare(
        'UPDATE report_deliveries SET state = ?, attempts = ?, target = ?, error = ?, files = ?, finished_at = ? WHERE id = ?',
      )
      .run(o.state, o.attempts, o.target, o.error, JSON.stringify(o.files), o.finishedAt, id);
  }

  async deliveries(
    filter: { scheduleId?: number; limit?: number } = {},
  ): Promise<scheduleStore.DeliveryRecord[]> {
    const limit = Math.min(1000, Math.max(1, filter.limit ?? 100));
    const rows = (
      filter.scheduleId === undefined
        ? this.db
            .prepare('SELECT * FROM report_deliveries ORDER BY started_at DESC, id DESC LIMIT ?')
            .all(limit)
        : this.db
            .prepare(
              'SELECT * FROM report_deliveries WHERE schedule_id = ? ORDER BY started_at DESC, id DESC LIMIT ?',
            )
            .all(filter.scheduleId, limit)
    ) as scheduleRows.DeliveryRow[];
    return rows.map(scheduleRows.deliveryOfRow);
  }

  async lastSlot(scheduleId: number): Promise<number | null> {
    const r = this.db
      .prepare('SELECT MAX(slot) AS s FROM report_deliveries WHERE schedule_id = ?')
      .get(scheduleId) as {
      s: number | null;
    };
    return r.s;
  }
}
