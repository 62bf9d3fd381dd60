/** The report schedules with their next fire time, to run now, switch on and off, or delete. */
import { client, ok } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ActionState } from '../../lib/use-action.js';
import type { Schedule } from './index.js';

export function ScheduleTable(props: {
  list: Schedule[];
  action: ActionState<'report' | 'schedule'>;
  /** A schedule changed (or ran): its row and the delivery log are stale. */
  onChange: () => void;
}) {
  const { t, dateTime } = useI18n();
  const call = async (send: () => Promise<unknown>) => {
    const done = await props.action.run(async () => {
      await send();
      return true;
    }, 'schedule');
    if (done) props.onChange();
  };
  // A plain note, not the empty state: a plant without report schedules is missing no data.
  if (props.list.length === 0) return <p>{t('reports.noSchedules')}</p>;
  return (
    <DataTable
      rows={props.list}
      rowKey={(s) => s.id}
      columns={[
        { key: 'name', header: t('reports.name'), cell: (s) => s.name },
        {
          key: 'type',
          header: t('reports.type'),
          cell: (s) => (s.spec ? `${s.spec.type} · ${s.spec.format} · ${s.spec.lang}` : '—'),
        },
        {
          key: 'cron',
          header: 'cron',
          cell: (s) => (s.spec ? `${s.spec.cron} (${s.spec.timeZone})` : '—'),
        },
        {
          key: 'next',
          header: t('reports.next'),
          cell: (s) => (s.enabled && s.next !== null ? dateTime(s.next) : '—'),
        },
        {
          key: 'actions',
          header: '',
          cell: (s) => {
            const params = { path: { id: s.id } };
            return (
              <>
                <button
                  type="button"
                  onClick={() =>
                    call(() => ok(client.POST('/api/v1/reports/schedules/{id}/run', { params })))
                  }
                >
                  {t('reports.runNow')}
                </button>{' '}
                <button
                  type="button"
                  onClick={() =>
                    call(() =>
                      ok(
                        client.PATCH('/api/v1/reports/schedules/{id}', {
                          params,
                          body: { enabled: !s.enabled },
                        }),
                      ),
                    )
                  }
                >
                  {s.enabled ? t('reports.disable') : t('reports.enable')}
                </button>{' '}
                <button
                  type="button"
                  onClick={() => call(() => ok(client.DELETE('/api/v1/reports/schedules/{id}', { params })))}
                >
                  {t('reports.delete')}
                </button>
              </>
            );
          },
        },
      ]}
    />
  );
}
