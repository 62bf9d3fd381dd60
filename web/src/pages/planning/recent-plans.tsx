import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ApiState } from '../../lib/use-api.js';

type PlanSummary = Schema<'PlanSummary'>;

/** The last stored plans and what-ifs, newest first; a name opens the plan. */
export function RecentPlans({
  recent,
  onOpen,
}: {
  recent: ApiState<{ plans: readonly PlanSummary[] }>;
  onOpen: (id: string) => void;
}) {
  const { t, dateTime, num } = useI18n();
  return (
    <section aria-labelledby="recent-h">
      <h2 id="recent-h">{t('planning.recent')}</h2>
      {recent.error && <ErrorBox error={recent.error} onRetry={recent.reload} />}
      {recent.data && (
        <DataTable<PlanSummary>
          testId="plan-list"
          rows={recent.data.plans}
          rowKey={(p) => p.id}
          empty={t('planning.noPlans')}
          columns={[
            {
              key: 'name',
              header: t('planning.name'),
              rowHeader: true,
              cell: (p) => (
                <>
                  <button type="button" className="link" onClick={() => onOpen(p.id)}>
                    {p.name}
                  </button>
                  {p.parent && <span className="muted small"> ({t('planning.whatIf')})</span>}
                </>
              ),
            },
            { key: 'time', header: t('common.time'), cell: (p) => dateTime(p.createdAt) },
            { key: 'status', header: t('planning.status'), cell: (p) => p.status },
            {
              key: 'total',
              header: t('planning.cost.total'),
              num: true,
              cell: (p) => (p.totalCost === null ? '—' : `${p.currency}${num(p.totalCost, 2)}`),
            },
          ]}
        />
      )}
    </section>
  );
}
