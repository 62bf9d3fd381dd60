import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async, ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { FixForm } from './fix-form.js';

/** The open quarantined rows with their reasons; each can be fixed and resubmitted, or discarded. */
export function Quarantine() {
  const { t, dateTime } = useI18n();
  const rows = useApi(
    'quarantine',
    (signal) =>
      ok(client.GET('/api/v1/quarantine', { params: { query: { status: 'open', limit: 100 } }, signal })),
    15_000,
  );
  const [open, setOpen] = useState<number>();
  const [message, setMessage] = useState<string>();
  const action = useAction();
  const done = (msg: string) => {
    setMessage(msg);
    setOpen(undefined);
    rows.reload();
  };
  const discard = async (id: number) => {
    const gone = await action.run(async () => {
      await ok(client.POST('/api/v1/quarantine/{id}/discard', { params: { path: { id } } }));
      return true;
    });
    if (gone) done(t('quality.discarded', { id }));
  };
  return (
    <>
      {message && (
        <p className="status" role="status">
          {message}
        </p>
      )}
      {action.error && <ErrorBox error={action.error} />}
      <Async state={rows} isEmpty={(r) => r.rows.length === 0} empty={t('quality.noQuarantine')}>
        {(r) => (
          <DataTable
            testId="quarantine-table"
            rows={r.rows}
            rowKey={(q) => q.id}
            rowProps={(q) => ({ 'data-quarantine': q.id })}
            columns={[
              { key: 'id', header: '#', num: true, cell: (q) => q.id },
              { key: 'time', header: t('common.time'), cell: (q) => dateTime(q.ts) },
              {
                key: 'location',
                header: t('quality.location'),
                cell: (q) => (
                  <>
                    <code>{q.location}</code>
                    {q.seriesId && <div className="muted small">{q.seriesId}</div>}
                  </>
                ),
              },
              {
                key: 'reasons',
                header: t('quality.reasons'),
                cell: (q) => (
                  <ul className="reasons">
                    {q.reasons.map((x) => (
                      <li key={`${x.code}:${x.where ?? ''}:${x.message}`}>
                        <code>{x.code}</code> {x.message}
                      </li>
                    ))}
                  </ul>
                ),
              },
              {
                key: 'raw',
                header: t('quality.raw'),
                cell: (q) =>
                  open === q.id ? (
                    <FixForm row={q} onDone={done} />
                  ) : (
                    <code className="raw">{q.raw.length > 160 ? `${q.raw.slice(0, 160)}…` : q.raw}</code>
                  ),
              },
              {
                key: 'fix',
                header: t('quality.fix'),
                hiddenHeader: true,
                className: 'actions',
                cell: (q) => (
                  <>
                    <button
                      type="button"
                      onClick={() => setOpen(open === q.id ? undefined : q.id)}
                      aria-expanded={open === q.id}
                    >
                      {open === q.id ? t('common.cancel') : t('quality.fix')}
                    </button>{' '}
                    <button type="button" onClick={() => discard(q.id)}>
                      {t('quality.discard')}
                    </button>
                  </>
                ),
              },
            ]}
          />
        )}
      </Async>
    </>
  );
}
