/** Root-zone depletion, replayed and planned, against RAW and TAW, with irrigation and rain. */
import { useI18n } from '../../i18n/i18n.js';
import { DailyChart } from './daily-chart.js';
import { FarmSection } from './farm-section.js';
import type { FieldDay } from './field.js';

/** `past`: how many of `days` are history; the rest is the plan. */
export function WaterSection({ days, past }: { days: readonly FieldDay[]; past: number }) {
  const { t } = useI18n();
  const title = t('farm.waterTitle');
  return (
    <FarmSection id="water" title={title}>
      <DailyChart
        label={title}
        testId="farm-water-chart"
        unit="mm"
        days={days}
        series={[
          {
            name: t('farm.depletion'),
            type: 'line',
            value: (d, i) => (i < past ? d.dr : null),
            color: '#1f77b4',
          },
          {
            name: t('farm.depletionPlanned'),
            type: 'line',
            // From the last replayed day on, so the planned line joins the replayed one.
            value: (d, i) => (i >= past - 1 ? d.dr : null),
            dashed: true,
            color: '#1f77b4',
          },
          { name: t('farm.raw'), type: 'line', value: (d) => d.raw, color: '#e67e22' },
          { name: t('farm.taw'), type: 'line', value: (d) => d.taw, color: '#c0392b' },
          {
            name: t('farm.irrigation'),
            type: 'bar',
            value: (d) => (d.irrigationGross > 0 ? d.irrigationGross : null),
            color: '#2ca02c',
          },
          { name: t('farm.rain'), type: 'bar', value: (d) => (d.rain > 0 ? d.rain : null), color: '#17becf' },
        ]}
      />
    </FarmSection>
  );
}
