/** The latest deliveries of scheduled reports: for which slot, how they went, where, which files. */
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import type { Delivery } from './index.js';

export function DeliveryLog({ deliveries }: { deliveries: Delivery[] }) {
  const { t, dateTime } = useI18n();
  // A plain note, not the empty state: a plant without report schedules is missing no data.
  if (deliveries.length === 0) return <p>{t('reports.noDeliveries')}</p>;
  return (
    <DataTable
      rows={deliveries}
      rowKey={(x) => x.id}
      columns={[
        { key: 'slot', header: t('reports.slot'), cell: (x) => dateTime(x.slot) },
        { key: 'schedule', header: '#', num: true, cell: (x) => x.scheduleId },
        {
          key: 'state',
          header: t('reports.state'),
          // The last error, as the state's tooltip.
          cellProps: (x) => ({ title: x.error ?? '' }),
          cell: (x) => x.state,
        },
        { key: 'attempts', header: t('reports.attempts'), num: true, cell: (x) => x.attempts },
        { key: 'target', header: t('reports.target'), cell: (x) => x.target },
        {
          key: 'files',
          header: t('reports.files'),
          cell: (x) => x.files.map((f) => f.split('/').pop()).join(', '),
        },
      ]}
    />
  );
}
