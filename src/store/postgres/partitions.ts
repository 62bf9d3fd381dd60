/**
 * Monthly partitions of `points` (declarative RANGE partitioning on `ts`, UTC calendar months).
 * A partition is created the first time a write needs it, and the current and next month are
 * created ahead, so the common write never waits on DDL. Creation runs in its own short
 * transaction before the write (DDL takes a strong lock on the parent), under an advisory lock so
 * concurrent nodes do not race on the same name. `points_before` and `points_after` (made by
 * the migration) hold times before 1970 and from 2200 on.
 */
import type pg from 'pg';
import { LOCK, LOCK_CLASS, tx } from './db.js';

/** 2200-01-01T00:00:00Z: where `points_after` starts. */
export const PARTITIONED_UNTIL = 7_258_118_400_000;

/** Start (epoch ms) of the UTC month holding `ts`. */
export function monthStart(ts: number): number {
  const d = new Date(ts);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1);
}

export function nextMonth(start: number): number {
  const d = new Date(start);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
}

/** `points_y2024m01` for the month starting at `start`. */
export function partitionName(start: number): string {
  const d = new Date(start);
  return `points_y${d.getUTCFullYear()}m${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** Whether `ts` falls in a monthly partition (not in points_before / points_after). */
export const isMonthly = (ts: number): boolean => ts >= 0 && ts < PARTITIONED_UNTIL;

export class Partitions {
  private readonly known = new Set<number>();

  constructor(private readonly pool: pg.Pool) {}

  /** Makes sure the monthly partitions for the times of these points exist. */
  async ensureFor(points: Iterable<{ readonly ts: number }>): Promise<void> {
    const months = new Set<number>();
    // The month of the previous point is remembered: a batch's times mostly share one, and
    // finding a month through Date for every point was a visible share of a batch's time.
    let from = 0;
    let to = 0;
    for (const { ts } of points) {
      if ((ts >= from && ts < to) || !isMonthly(ts)) continue;
      from = monthStart(ts);
      to = nextMonth(from);
      months.add(from);
    }
    const todo = [...months].filter((m) => !this.known.has(m));
    if (todo.length === 0) return;
    await tx(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS, LOCK.partitions]);
      for (const m of todo.sort((a, b) => a - b))
        await c.query(
          `CREATE TABLE IF NOT EXISTS ${partitionName(m)} PARTITION OF points FOR VALUES FROM (${m}) TO (${nextMonth(m)})`,
        );
    });
    for (const m of todo) this.known.add(m);
  }

  /** Creates the partitions of the month of `now` and the next one. */
  async ahead(now: number): Promise<void> {
    const m = monthStart(now);
    await this.ensureFor([{ ts: m }, { ts: nextMonth(m) }]);
  }

  /** Forgets what exists (another node may have dropped a partition); the next write re-checks. */
  forget(): void {
    this.known.clear();
  }

  /** The monthly partitions that exist, with their bounds, oldest first. */
  async list(c: Pick<pg.PoolClient, 'query'>): Promise<Array<{ name: string; from: number; to: number }>> {
    const r = await c.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_class p ON p.oid = i.inhparent
       WHERE p.oid = 'points'::regclass AND c.relname ~ '^points_y[0-9]+m[0-9]{2}$'`,
    );
    return r.rows
      .map(({ name }) => {
        const m = /^points_y(\d+)m(\d{2})$/.exec(name)!;
        const from = Date.UTC(Number(m[1]), Number(m[2]) - 1, 1);
        return { name, from, to: nextMonth(from) };
      })
      .sort((a, b) => a.from - b.from);
  }

  /** Called after a partition was dropped. */
  dropped(from: number): void {
    this.known.delete(from);
  }
}
