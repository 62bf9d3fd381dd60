/**
 * The server's reporting: one PDF printer (a Chromium started on the first PDF and closed with the
 * server) and the report scheduler. `startServer` runs the scheduler under the `reports` lease, so
 * in a cluster one node fires the schedules (and the store's per-slot claim keeps a hand-over from
 * delivering a slot twice).
 */
import { resolve } from 'node:path';
import type { Clock, Logger } from '../../core/index.js';
import { reports } from '../../domains/index.js';
import type { Store } from '../../store/index.js';
import type { ReportsDeps } from '../routes/reports.js';

export interface ReportServiceOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly nodeId: string;
  /** Root of folder deliveries; default `$XINZHI_REPORTS_DIR` or `./reports`. */
  readonly reportsDir?: string;
  /** SMTP transport URL; default `$XINZHI_SMTP_URL`. */
  readonly smtpUrl?: string;
  readonly mailFrom?: string;
  readonly tickMs?: number;
}

export interface ReportService extends ReportsDeps {
  close(): Promise<void>;
}

export function createReportService(
  o: ReportServiceOptions,
  env: NodeJS.ProcessEnv = process.env,
): ReportService {
  let printer: Promise<reports.PdfPrinter> | undefined;
  const pdf = (): Promise<reports.PdfPrinter> => {
    printer ??= reports.createPdfPrinter().catch((e: unknown) => {
      printer = undefined;
      throw e;
    });
    return printer;
  };
  const smtpUrl = o.smtpUrl ?? env['XINZHI_SMTP_URL'];
  const mailFrom = o.mailFrom ?? env['XINZHI_MAIL_FROM'];
  const scheduler = reports.createReportScheduler({
    store: o.store,
    clock: o.clock,
    logger: o.logger,
    nodeId: o.nodeId,
    pdf,
    reportsDir: resolve(o.reportsDir ?? env['XINZHI_REPORTS_DIR'] ?? 'reports'),
    ...(smtpUrl ? { smtpUrl } : {}),
    ...(mailFrom ? { mailFrom } : {}),
    ...(o.tickMs === undefined ? {} : { tickMs: o.tickMs }),
  });
  return {
    scheduler,
    pdf,
    async close() {
      await scheduler.stop();
      const p = printer;
      printer = undefined;
      if (p) await (await p.catch(() => undefined))?.close();
    },
  };
}
