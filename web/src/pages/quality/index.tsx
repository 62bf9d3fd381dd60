/**
 * Data quality: the per-series report (score, completeness, validity, gaps, outliers, stuck
 * runs, freshness) with CSV export, and the quarantine of rejected input with its reasons, where a
 * row can be fixed and resubmitted, or discarded.
 */
import { useI18n } from '../../i18n/i18n.js';
import { Quarantine } from './quarantine.js';
import { Report } from './report.js';

export default function QualityPage() {
  const { t } = useI18n();
  return (
    <div className="page quality">
      <h1>{t('quality.title')}</h1>
      <section aria-labelledby="report-h">
        <h2 id="report-h" className="sr-only">
          {t('quality.title')}
        </h2>
        <Report />
      </section>
      <section aria-labelledby="q-h">
        <h2 id="q-h">{t('quality.quarantine')}</h2>
        <Quarantine />
      </section>
    </div>
  );
}
