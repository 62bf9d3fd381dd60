/** The loop's audit trail, newest first: who changed what, from which value to which, and why. */
import type { Answer } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';

type Entry = Answer<'/api/v1/control/loops/{id}/audit'>['entries'][number];

export function AuditTable({ entries }: { entries: readonly Entry[] }) {
  const { t, dateTime } = useI18n();
  return (
    <DataTable
      testId="audit"
      rows={[...entries].reverse()}
      rowKey={(e) => `${e.ts}-${e.what}-${JSON.stringify(e.new)}`}
      columns={[
        { key: 'when', header: t('control.when'), cell: (e) => dateTime(e.ts) },
        { key: 'who', header: t('control.who'), cell: (e) => e.who },
        { key: 'what', header: t('control.what'), cell: (e) => e.what },
        {
          key: 'change',
          header: t('control.change'),
          className: 'small',
          cell: (e) => (
            <>
              {e.what === 'created' ? '' : `${JSON.stringify(e.old)} → `}
              {e.what === 'created' ? t('control.created') : JSON.stringify(e.new)}
              {e.reason ? ` (${e.reason})` : ''}
            </>
          ),
        },
      ]}
    />
  );
}
