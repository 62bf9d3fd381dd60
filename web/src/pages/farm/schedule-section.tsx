/** The irrigation planned for the coming days: how it was planned, the events, and the daily bars. */
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { DailyChart } from './daily-chart.js';
import { FarmSection } from './farm-section.js';
import type { Field } from './field.js';

export function ScheduleSection({ f }: { f: Field }) {
  const { t, num, plural } = useI18n();
  const { schedule } = f;
  return (
    <FarmSection id="sched" title={t('farm.scheduleTitle')}>
      <p className="muted small">
        {t('farm.scheduleNote', {
          method: schedule.method === 'lp' ? 'MILP' : t('farm.greedy'),
          volume: num(schedule.volumeM3, 0),
          stress: plural('farm.stressDays', schedule.stressDays),
        })}
        {schedule.calendar &&
          ` ${t('farm.calendarNote', { volume: num(schedule.calendar.volumeM3, 0), stress: plural('farm.stressDays', schedule.calendar.stressDays) })}`}
      </p>
      {schedule.events.length === 0 ? (
        <p className="status empty" data-testid="farm-no-irrigation">
          {t('farm.noIrrigation')}
        </p>
      ) : (
        <DataTable
          testId="farm-schedule"
          rows={schedule.events}
          rowKey={(e) => e.date}
          columns={[
            { key: 'date', header: t('farm.date'), rowHeader: true, cell: (e) => e.date },
            { key: 'net', header: t('farm.net'), num: true, cell: (e) => num(e.netMm, 1) },
            { key: 'gross', header: t('farm.gross'), num: true, cell: (e) => num(e.grossMm, 1) },
            { key: 'volume', header: t('farm.volume'), num: true, cell: (e) => num(e.volumeM3, 0) },
            {
              key: 'reason',
              header: t('farm.reason'),
              cell: (e) => `${e.reason}${e.limitedBy ? ` (${e.limitedBy})` : ''}`,
            },
          ]}
        />
      )}
      <DailyChart
        label={t('farm.scheduleTitle')}
        testId="farm-schedule-chart"
        unit="mm"
        height={200}
        days={f.plan}
        series={[{ name: t('farm.gross'), type: 'bar', value: (d) => d.irrigationGross, color: '#2ca02c' }]}
      />
    </FarmSection>
  );
}
