/** Reference and crop evapotranspiration per day: measured ET0, forecast ET0, and ETc. */
import { useI18n } from '../../i18n/i18n.js';
import { DailyChart } from './daily-chart.js';
import { FarmSection } from './farm-section.js';
import type { FieldDay } from './field.js';

/** `past`: how many of `days` are history; the rest is the plan. */
export function EtSection({ days, past }: { days: readonly FieldDay[]; past: number }) {
  const { t } = useI18n();
  return (
    <FarmSection id="et" title={t('farm.etTitle')}>
      <DailyChart
        label={t('farm.etTitle')}
        testId="farm-et-chart"
        unit="mm/d"
        height={240}
        days={days}
        series={[
          { name: 'ET0', type: 'bar', value: (d, i) => (i < past ? d.et0 : null), color: '#9467bd' },
          {
            name: t('farm.et0Forecast'),
            type: 'bar',
            value: (d, i) => (i >= past ? d.et0 : null),
            color: '#c5b0d5',
          },
          { name: 'ETc', type: 'line', value: (d) => d.etcAdj, color: '#2ca02c' },
        ]}
      />
    </FarmSection>
  );
}
