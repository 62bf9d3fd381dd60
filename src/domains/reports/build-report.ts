/** The report types and the builder of each: one call from the CLI, the API and the scheduler. */
import { XinzhiError } from '../../core/index.js';
import { buildAgricultureReport } from './build-agriculture.js';
import { buildAlarmsReport } from './build-alarms.js';
import { buildLedgerAuditReport } from './build-ledger-audit.js';
import { buildMaintenanceReport } from './build-maintenance.js';
import { buildPlanReport } from './build-plan.js';
import { buildProductionReport } from './build-production.js';
import { buildQualityReport } from './build-quality.js';
import { buildRoutesReport } from './build-routes.js';
import { buildTrainingReport } from './build-training.js';
import type { ReportContext } from './report-context.js';
import { REPORT_TYPES, type ReportDoc, type ReportType } from './report-doc.js';

type Builder = (ctx: ReportContext) => Promise<ReportDoc>;

const BUILDERS: Partial<Record<ReportType, Builder>> = {
  quality: buildQualityReport,
  alarms: buildAlarmsReport,
  production: buildProductionReport,
  maintenance: buildMaintenanceReport,
  training: buildTrainingReport,
  plan: buildPlanReport,
  agriculture: buildAgricultureReport,
  routes: buildRoutesReport,
  'ledger-audit': buildLedgerAuditReport,
};

export const isReportType = (s: string): s is ReportType => (REPORT_TYPES as readonly string[]).includes(s);

/** Report types this build can produce. */
export const availableReportTypes = (): ReportType[] => REPORT_TYPES.filter((t) => BUILDERS[t] !== undefined);

/**
 * @example const doc = await buildReport('quality', { store, from, to, now: Date.now(), zone, site: 'plant' });
 */
export async function buildReport(type: string, ctx: ReportContext): Promise<ReportDoc> {
  const b = isReportType(type) ? BUILDERS[type] : undefined;
  if (!b)
    throw new XinzhiError(
      'BAD_INPUT',
      `unknown report type "${type}"; one of ${availableReportTypes().join(', ')}`,
      { field: 'type' },
    );
  if (!(ctx.from < ctx.to)) throw new XinzhiError('BAD_INPUT', 'from must be before to', { field: 'from' });
  return b(ctx);
}
