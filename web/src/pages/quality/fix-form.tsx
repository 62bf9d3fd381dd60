import { type FormEvent, useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';

type QuarantineRow = Schema<'QuarantineRow'>;

/** Edit a quarantined row's raw text or series and resubmit it. */
export function FixForm({ row, onDone }: { row: QuarantineRow; onDone: (msg: string) => void }) {
  const { t } = useI18n();
  const [raw, setRaw] = useState(row.raw);
  const [seriesId, setSeriesId] = useState(row.seriesId ?? '');
  const action = useAction();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const sent = await action.run(async () => {
      await ok(
        client.POST('/api/v1/quarantine/{id}/resubmit', {
          params: { path: { id: row.id } },
          body: {
            ...(raw !== row.raw ? { raw } : {}),
            ...(seriesId !== '' && seriesId !== row.seriesId ? { seriesId } : {}),
          },
        }),
      );
      return true;
    });
    if (sent) onDone(t('quality.resubmitted', { id: row.id }));
  };
  return (
    <form className="fix-form" onSubmit={submit} aria-label={t('quality.fixTitle', { id: row.id })}>
      <label>
        {t('quality.raw')}
        <textarea
          value={raw}
          onChange={(e) => setRaw(e.target.value)}
          rows={3}
          spellCheck={false}
          data-testid="fix-raw"
        />
      </label>
      <label>
        {t('common.series')}
        <input value={seriesId} onChange={(e) => setSeriesId(e.target.value)} spellCheck={false} />
      </label>
      {/* Not ErrorBox: the row was read, the server refused it again, and says why. */}
      {action.error && (
        <p className="status error" role="alert">
          {t('quality.stillRejected', { message: action.error.message })}
        </p>
      )}
      <button type="submit" disabled={action.busy !== undefined}>
        {t('quality.resubmit')}
      </button>
    </form>
  );
}
