import { client, ok, type Schema } from '../../api/client.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Async, ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';

type Job = Schema<'JobSummary'>;

/** The shared job queue: progress, who submitted, the outcome, and cancel for unfinished jobs. */
export function Jobs() {
  const { t, dateTime } = useI18n();
  const jobs = useApi(
    'jobs',
    (signal) => ok(client.GET('/api/v1/jobs', { params: { query: { limit: 50 } }, signal })),
    3000,
  );
  const action = useAction();
  const cancel = async (id: string) => {
    await action.run(() => ok(client.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } })));
    jobs.reload();
  };
  const columns: ReadonlyArray<Column<Job>> = [
    {
      key: 'kind',
      header: t('runs.jobKind'),
      rowHeader: true,
      cell: (j) => (
        <>
          {j.kind} <span className="muted small">{j.id.slice(0, 8)}</span>
        </>
      ),
    },
    { key: 'state', header: t('runs.jobState'), cell: (j) => t(`runs.jobState.${j.state}`) },
    {
      key: 'progress',
      header: t('runs.jobProgress'),
      num: true,
      cell: (j) => (
        <>
          <progress max={1} value={j.progress} aria-label={t('runs.jobProgress')} />{' '}
          {Math.round(j.progress * 100)} %
        </>
      ),
    },
    { key: 'by', header: t('runs.jobBy'), cell: (j) => j.submittedBy.name },
    { key: 'queued', header: t('runs.jobQueued'), num: true, cell: (j) => dateTime(j.createdAt) },
    {
      key: 'attempts',
      header: t('runs.jobAttempts'),
      num: true,
      cell: (j) => `${j.attempts}/${j.maxAttempts}`,
    },
    {
      key: 'outcome',
      header: t('runs.jobOutcome'),
      cell: (j) =>
        j.error ? `${j.error.field ? `${j.error.field}: ` : ''}${j.error.message}` : (j.message ?? ''),
    },
    {
      key: 'cancel',
      header: t('runs.jobCancel'),
      hiddenHeader: true,
      cell: (j) =>
        (j.state === 'queued' || j.state === 'running') && (
          <button type="button" onClick={() => cancel(j.id)}>
            {t('runs.jobCancel')}
          </button>
        ),
    },
  ];
  return (
    <section aria-labelledby="jobs-h">
      <h2 id="jobs-h">{t('runs.jobs')}</h2>
      {action.error && <ErrorBox error={action.error} />}
      <Async state={jobs} isEmpty={(d) => d.jobs.length === 0} empty={t('runs.jobsEmpty')}>
        {(d) => (
          <DataTable
            testId="jobs-table"
            rows={d.jobs}
            rowKey={(j) => j.id}
            rowProps={(j) => ({ 'data-job': j.id })}
            columns={columns}
          />
        )}
      </Async>
    </section>
  );
}
