/**
 * Fires report schedules: each tick, every enabled schedule whose next cron time (in its zone) has
 * come is run for the last complete period and delivered, with the outcome in the delivery log.
 *
 * Once per slot: the scheduler runs on one node (the server holds it under the `reports` lease),
 * and each delivery first claims its (schedule, slot) row in the store, so two nodes that both
 * believe they hold the lease during a hand-over still deliver a slot once. Missed slots (the
 * server was down) are not replayed one by one: the latest due slot is delivered on the next tick.
 */
import { type Clock, type Logger, resolveTimeZone, XinzhiError } from '../../../core/index.js';
import type { ReportScheduleRecord, Store } from '../../../store/index.js';
import { localTime } from '../format-cell.js';
import type { PdfPrinter } from '../render-pdf.js';
import { MEDIA_TYPES, withSuffix } from '../render-report.js';
import { runReport } from '../run-report.js';
import { type DeliveryDeps, type DeliveryFile, deliver } from './deliver.js';
import { periodBefore } from './schedule-period.js';
import { nextFire, type ScheduleSpec, ScheduleSpecSchema } from './schedule-spec.js';

export interface ReportSchedulerDeps extends DeliveryDeps {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodeId: string;
  /** Shared PDF printer, started on first use. */
  readonly pdf: () => Promise<PdfPrinter>;
  /** Between ticks; default 30 s. */
  readonly tickMs?: number;
}

export interface ReportScheduler {
  /** Fires what is due at `now`; resolves when those deliveries are logged. Returns the delivery ids. */
  tick(now?: number): Promise<number[]>;
  /** Runs one schedule now, whatever its cron says (the "run now" button); returns its delivery id. */
  runNow(id: number): Promise<number>;
  start(): void;
  stop(): Promise<void>;
}

export function createReportScheduler(deps: ReportSchedulerDeps): ReportScheduler {
  const { store, clock, logger } = deps;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();

  const fire = async (s: ReportScheduleRecord, spec: ScheduleSpec, slot: number): Promise<number | null> => {
    const id = await store.reportSchedules.claimFire(s.id, slot, deps.nodeId, clock.now());
    if (id === null) return null;
    let files: DeliveryFile[] = [];
    let subject = s.name;
    try {
      const zone = resolveTimeZone(spec.timeZone, 'timeZone');
      const { from, to } = periodBefore(spec.period, slot, zone);
      const out = await runReport(
        store,
        { ...spec, from, to, tz: spec.timeZone },
        { now: clock.now(), pdf: deps.pdf },
      );
      const day = localTime(from, zone).slice(0, 10);
      const base = `${spec.type}_${day}_${spec.lang}.${spec.format}`;
      files = out.files.map((f) => ({
        name: withSuffix(base, f.suffix),
        contentType: MEDIA_TYPES[out.format],
        bytes: f.bytes,
      }));
      subject = `${out.doc.title[spec.lang]} · ${out.doc.site} · ${localTime(from, zone)} – ${localTime(to, zone)}`;
    } catch (e) {
      const error = `report failed: ${e instanceof Error ? e.message : String(e)}`;
      logger.warn({ schedule: s.id, err: e }, 'scheduled report failed');
      await store.reportSchedules.finishDelivery(id, {
        state: 'failed',
        attempts: 0,
        target: '',
        error,
        files: [],
        finishedAt: clock.now(),
      });
      return id;
    }
    const r = await deliver(spec.delivery, files, spec.retries, deps, subject);
    await store.reportSchedules.finishDelivery(id, {
      state: r.ok ? 'delivered' : 'failed',
      attempts: r.attempts,
      target: r.target,
      error: r.error,
      files: r.files,
      finishedAt: clock.now(),
    });
    if (!r.ok) logger.warn({ schedule: s.id, target: r.target, error: r.error }, 'report delivery failed');
    return id;
  };

  const specOf = (s: ReportScheduleRecord): ScheduleSpec | undefined => {
    const p = ScheduleSpecSchema.safeParse(s.spec);
    if (!p.success) logger.warn({ schedule: s.id }, 'report schedule has an invalid spec; skipped');
    return p.success ? p.data : undefined;
  };

  const tick = async (now = clock.now()): Promise<number[]> => {
    const done: number[] = [];
    for (const s of await store.reportSchedules.list()) {
      if (!s.enabled) continue;
      const spec = specOf(s);
      if (!spec) continue;
      const last = (await store.reportSchedules.lastSlot(s.id)) ?? s.createdAt;
      // The latest due slot after the last one delivered.
      let slot: number | null = null;
      for (let t = nextFire(spec, last); t !== null && t <= now; t = nextFire(spec, t)) slot = t;
      if (slot === null) continue;
      const id = await fire(s, spec, slot);
      if (id !== null) done.push(id);
    }
    return done;
  };

  return {
    tick(now) {
      const p = running.then(() => tick(now));
      running = p.catch(() => undefined);
      return p;
    },
    async runNow(id) {
      const s = await store.reportSchedules.get(id);
      if (!s) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
      const spec = specOf(s);
      if (!spec)
        throw new XinzhiError('BAD_INPUT', `report schedule ${id} has an invalid spec`, { field: 'spec' });
      const got = await fire(s, spec, clock.now());
      if (got === null)
        throw new XinzhiError('CONFLICT', `schedule ${id} was just delivered for this instant`, {
          field: 'id',
        });
      return got;
    },
    start() {
      if (timer) return;
      timer = setInterval(() => {
        void this.tick().catch((e: unknown) => logger.warn({ err: e }, 'report scheduler tick failed'));
      }, deps.tickMs ?? 30_000);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
