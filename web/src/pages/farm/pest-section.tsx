/** Degree days since the biofix against each pest model's stage thresholds, and the alarms raised. */
import { useI18n } from '../../i18n/i18n.js';
import { DailyChart } from './daily-chart.js';
import { FarmSection } from './farm-section.js';
import type { Field } from './field.js';

type PestModel = Field['degreeDays']['models'][number];

function PestModelView({ m, biofix }: { m: PestModel; biofix: string }) {
  const { t, num } = useI18n();
  return (
    <div data-testid="farm-dd-model">
      <h3>{m.name}</h3>
      <p className="muted small">
        {t('farm.ddNote', { biofix, base: num(m.lowerC, 1), total: num(m.cumulative, 0) })}{' '}
        {m.next &&
          t('farm.ddNext', {
            stage: m.next.stage,
            remaining: num(m.next.remaining, 0),
            date: m.next.predictedDate ?? '—',
          })}
      </p>
      <DailyChart
        label={m.name}
        testId="farm-dd-chart"
        unit="°C·d"
        height={240}
        days={m.rows}
        series={[
          {
            name: t('farm.ddObserved'),
            type: 'line',
            value: (r) => (r.forecast ? null : r.cumulative),
            color: '#d62728',
          },
          {
            name: t('farm.ddPredicted'),
            type: 'line',
            value: (r) => (r.forecast ? r.cumulative : null),
            dashed: true,
            color: '#d62728',
          },
        ]}
        marks={m.thresholds.map((th) => ({
          name: `${num(th.degreeDays, 0)}: ${th.stage}`,
          value: th.degreeDays,
        }))}
      />
    </div>
  );
}

export function PestSection({ f }: { f: Field }) {
  const { t } = useI18n();
  return (
    <FarmSection id="dd" title={t('farm.ddTitle')}>
      {f.degreeDays.models.length === 0 ? (
        <p className="status empty">{t('farm.noModels')}</p>
      ) : (
        f.degreeDays.models.map((m) => <PestModelView key={m.id} m={m} biofix={f.degreeDays.biofix} />)
      )}
      <h3>{t('farm.alarms')}</h3>
      {f.alarms.length === 0 ? (
        <p className="status empty">{t('farm.noAlarms')}</p>
      ) : (
        <ul data-testid="farm-alarms">
          {f.alarms.map((a) => (
            <li key={a.id} className={`severity-${a.severity ?? 'info'}`}>
              <b>[{a.severity ?? 'info'}]</b> {a.message}
            </li>
          ))}
        </ul>
      )}
    </FarmSection>
  );
}
