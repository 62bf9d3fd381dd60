/** Calendar buckets (days, weeks, months) with their local start in the zone and each series' mean. */
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { type BucketChoice, formatInZone } from '../../lib/time-zone.js';
import type { CalendarRow } from './load-window.js';

/** More rows than anyone reads; the chart shows them all. */
const MAX_ROWS = 400;

export function CalendarTable(props: {
  rows: readonly CalendarRow[];
  selected: readonly string[];
  catalog: ReadonlyMap<string, { readonly unit: string }>;
  bucket: BucketChoice;
  zone: string;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const { selected, catalog, zone } = props;
  return (
    <div className="table-wrap calendar-buckets">
      <DataTable
        variant="compact"
        testId="calendar-buckets"
        caption={t('telemetry.calendarTable', { bucket: t(`telemetry.bucket.${props.bucket}`), zone })}
        rows={props.rows.slice(-MAX_ROWS)}
        rowKey={(r) => r.ts}
        columns={[
          {
            key: 'start',
            header: t('telemetry.bucketStart'),
            rowHeader: true,
            cellProps: (r) => ({ 'data-time': r.time }),
            cell: (r) => formatInZone(r.ts, zone, i18n.locale),
          },
          ...selected.map((id) => ({
            key: id,
            num: true,
            header: (
              <>
                {id} <span className="muted small">({t('telemetry.mean')})</span>
              </>
            ),
            cell: (r: CalendarRow) => {
              const v = r.avg.get(id);
              return v === undefined ? '—' : `${i18n.num(v, 3)} ${catalog.get(id)?.unit ?? ''}`;
            },
          })),
        ]}
      />
    </div>
  );
}
