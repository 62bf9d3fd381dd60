/**
 * Training runs: the list of runs, the per-step scalar metrics of a run as charts (polled every 2 s
 * while the run is active, as TensorBoard scalars), a comparison of two runs (their curves on one
 * chart, configuration and evaluation side by side), and the model registry with promote and
 * rollback (operator key needed), and the jobs of the shared queue (training, plans, imports
 * queued over the API, whichever node runs them) with their progress and a cancel button.
 */
import { useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { Choice } from '../../components/choice.js';
import { type Column, DataTable } from '../../components/data-table.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { fmt } from './format.js';
import { Jobs } from './jobs.js';
import { Registry } from './registry.js';
import { RunDetail } from './run-detail.js';

type RunSummary = Schema<'RunSummary'>;

export default function RunsPage() {
  const { t, dateTime, duration } = useI18n();
  const runs = useApi(
    'runs',
    (signal) => ok(client.GET('/api/v1/runs', { params: { query: { limit: 200 } }, signal })),
    5000,
  );
  const [chosen, setChosen] = useState<string>();
  const [compare, setCompare] = useState<string>();
  const list = runs.data?.runs ?? [];
  const shown = chosen ?? list[0]?.id;
  const columns: ReadonlyArray<Column<RunSummary>> = [
    {
      key: 'name',
      header: t('runs.name'),
      rowHeader: true,
      cell: (r) => (
        <>
          {r.name} <span className="muted small">{r.id}</span>
        </>
      ),
    },
    { key: 'kind', header: t('runs.kind'), cell: (r) => r.kind },
    { key: 'status', header: t('runs.status'), cell: (r) => t(`runs.status.${r.status}`) },
    { key: 'started', header: t('runs.started'), num: true, cell: (r) => dateTime(r.startedAt) },
    {
      key: 'duration',
      header: t('runs.duration'),
      num: true,
      cell: (r) => (r.finishedAt === null ? '—' : duration(r.finishedAt - r.startedAt)),
    },
    {
      key: 'rmse',
      header: t('runs.validRmse'),
      num: true,
      cell: (r) => fmt(r.evaluation['validRmse'] ?? '—'),
    },
    {
      key: 'show',
      header: t('runs.show'),
      hiddenHeader: true,
      cell: (r) => (
        <button type="button" aria-pressed={shown === r.id} onClick={() => setChosen(r.id)}>
          {t('runs.show')}
        </button>
      ),
    },
  ];
  return (
    <div className="page runs">
      <h1>{t('runs.title')}</h1>
      <Async state={runs} isEmpty={(d) => d.runs.length === 0} empty={t('runs.empty')}>
        {(d) => (
          <>
            <DataTable
              testId="runs-table"
              rows={d.runs}
              rowKey={(r) => r.id}
              rowProps={(r) => ({ 'data-run': r.id })}
              columns={columns}
            />
            <Choice
              label={t('runs.compareWith')}
              value={compare ?? ''}
              none={t('runs.none')}
              options={d.runs.filter((r) => r.id !== shown).map((r) => r.id)}
              text={(id) => `${d.runs.find((r) => r.id === id)?.name} (${id})`}
              onChange={(v) => setCompare(v === '' ? undefined : v)}
            />
          </>
        )}
      </Async>
      {shown !== undefined && (
        <RunDetail key={shown} id={shown} compare={compare === shown ? undefined : compare} />
      )}
      <Registry />
      <Jobs />
    </div>
  );
}
