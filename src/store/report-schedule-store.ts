/**
 * Report schedules and their delivery log: the storage half of scheduled reports
 * (src/domains/reports/schedule/). A schedule's settings are one JSON document the domain validates;
 * the store keeps it with its id, name, org and whether it is enabled.
 *
 * Firing once: a delivery row is keyed by (schedule, slot), the fire time. `claimFire` inserts it
 * or, when another node already did, returns null — so on several nodes sharing one database a
 * slot is delivered once, even in the seconds a lease changes hands.
 */

export interface ReportScheduleRecord {
  readonly id: number;
  readonly name: string;
  readonly org: string;
  readonly enabled: boolean;
  /** The schedule's settings (type, cron, zone, format, delivery …) as the domain wrote them. */
  readonly spec: Readonly<Record<string, unknown>>;
  readonly createdAt: number;
  readonly updatedAt: number;
}

export const DELIVERY_STATES = ['running', 'delivered', 'failed'] as const;
export type DeliveryState = (typeof DELIVERY_STATES)[number];

export interface DeliveryRecord {
  readonly id: number;
  readonly scheduleId: number;
  /** The fire time this delivery is for. */
  readonly slot: number;
  readonly node: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  /** Where it went (a folder, a URL, addresses), for people reading the log. */
  readonly target: string;
  readonly error: string | null;
  readonly files: readonly string[];
  readonly startedAt: number;
  readonly finishedAt: number | null;
}

export interface DeliveryOutcome {
  readonly state: Exclude<DeliveryState, 'running'>;
  readonly attempts: number;
  readonly target: string;
  readonly error: string | null;
  readonly files: readonly string[];
  readonly finishedAt: number;
}

export interface ReportScheduleStore {
  create(input: {
    name: string;
    org: string;
    enabled: boolean;
    spec: Record<string, unknown>;
    now: number;
  }): Promise<ReportScheduleRecord>;
  get(id: number): Promise<ReportScheduleRecord | undefined>;
  /** Every schedule (of `org` when given), by id. */
  list(filter?: { org?: string }): Promise<ReportScheduleRecord[]>;
  update(
    id: number,
    patch: { name?: string; enabled?: boolean; spec?: Record<string, unknown>; now: number },
  ): Promise<ReportScheduleRecord | undefined>;
  /** Removes the schedule and its delivery log; false when there was none. */
  remove(id: number): Promise<boolean>;
  /** Records that `node` delivers `slot` of a schedule; null when some node already claimed that slot. */
  claimFire(scheduleId: number, slot: number, node: string, now: number): Promise<number | null>;
  finishDelivery(id: number, outcome: DeliveryOutcome): Promise<void>;
  /** Newest first. */
  deliveries(filter?: { scheduleId?: number; limit?: number }): Promise<DeliveryRecord[]>;
  /** The latest slot claimed for a schedule, or null. */
  lastSlot(scheduleId: number): Promise<number | null>;
}
