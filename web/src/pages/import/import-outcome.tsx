/** What an import did: accepted, quarantined (linking to the quarantine), duplicates, outliers, and why rows were rejected. */
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { href } from '../../router.js';
import type { ImportResult } from './upload.js';

export function ImportOutcome({ result }: { result: ImportResult }) {
  const { t, num } = useI18n();
  const counts: ReadonlyArray<{ label: string; value: ReactNode; testId?: string }> = [
    { label: t('import.accepted'), value: num(result.accepted, 0), testId: 'accepted' },
    {
      label: t('import.quarantinedCount'),
      value: <a href={href('/quality')}>{num(result.quarantined, 0)}</a>,
      testId: 'quarantined',
    },
    { label: t('import.duplicates'), value: num(result.duplicates, 0) },
    { label: t('import.outliers'), value: num(result.outliers, 0) },
    { label: t('import.seriesTouched'), value: num(result.series.length, 0) },
  ];
  return (
    <section
      className="result"
      data-testid="import-result"
      aria-label={t('import.done', { id: result.import_id })}
    >
      <dl className="counts">
        {counts.map((c) => (
          <div key={c.label}>
            <dt>{c.label}</dt>
            <dd data-testid={c.testId}>{c.value}</dd>
          </div>
        ))}
      </dl>
      {result.quarantine.length > 0 && (
        <>
          <h3>{t('import.rejections')}</h3>
          <ul className="reasons">
            {result.quarantine.slice(0, 50).map((q) => (
              <li key={q.location}>
                <code>{q.location}</code> {q.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
