/**
 * Reports: pick a type and a period, preview it (the HTML the PDF prints, in a sandboxed frame with
 * no scripts), download it as PDF, XLSX or CSV; report schedules with their next fire time, run
 * now, switch on and off, delete, add; and the delivery log. Response types come from the
 * generated client.
 */
import { client, ok, type Schema } from '../../api/client.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { AddSchedule } from './add-schedule.js';
import { DeliveryLog } from './delivery-log.js';
import { RunReport } from './run-report.js';
import { ScheduleTable } from './schedule-table.js';

export type Schedule = Schema<'ReportSchedule'>;
export type Delivery = Schema<'ReportDelivery'>;

export default function ReportsPage() {
  const { t } = useI18n();
  const types = useApi('reports/types', (signal) => ok(client.GET('/api/v1/reports/types', { signal })));
  const schedules = useApi('reports/schedules', (signal) =>
    ok(client.GET('/api/v1/reports/schedules', { signal })),
  );
  const log = useApi('reports/deliveries', (signal) =>
    ok(client.GET('/api/v1/reports/deliveries', { params: { query: { limit: 50 } }, signal })),
  );
  // One action for the page: a failed preview, download or schedule change shows under the run form.
  const action = useAction<'report' | 'schedule'>();
  const typeNames = types.data?.types ?? [];

  return (
    <div className="page">
      <h1>{t('nav.reports')}</h1>
      <section className="card">
        <h2>{t('reports.run')}</h2>
        <RunReport types={typeNames} action={action} />
      </section>
      <section className="card">
        <h2>{t('reports.schedules')}</h2>
        <Async state={schedules}>
          {(d) => (
            <ScheduleTable
              list={d.schedules}
              action={action}
              onChange={() => {
                schedules.reload();
                log.reload();
              }}
            />
          )}
        </Async>
        <AddSchedule types={typeNames} action={action} onAdded={() => schedules.reload()} />
      </section>
      <section className="card">
        <h2>{t('reports.log')}</h2>
        <Async state={log}>{(d) => <DeliveryLog deliveries={d.deliveries} />}</Async>
      </section>
    </div>
  );
}
