/**
 * Training runs: the list of runs, the per-step scalar metrics of a run as charts (polled every 2 s
 * while the run is active, as TensorBoard scalars), a comparison of two runs (their curves on one
 * chart, configuration and evaluation side by side), and the model registry with promote and
 * rollback (operator key needed), and the jobs of the shared queue (training, plans, imports
 * queued over the API, whichever node runs them) with their progress and a cancel button.
 */
import { useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { type Column, DataTable } from '../components/data-table.js';
import { Async, ErrorBox } from '../components/status.js';
import { StepChart, type StepSeries } from '../components/step-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { useAction } from '../lib/use-action.js';
import { useApi } from '../lib/use-api.js';

type RunRecord = Schema<'RunRecord'>;
type RunSummary = Schema<'RunSummary'>;
type Job = Schema<'JobSummary'>;

const fmt = (v: unknown): string =>
  typeof v === 'number' ? String(Number(v.toFixed(4))) : typeof v === 'string' ? v : JSON.stringify(v);

function useRun(id: string | undefined) {
  const load = (signal: AbortSignal) =>
    ok(client.GET('/api/v1/runs/{id}', { params: { path: { id: id ?? '' } }, signal }));
  const first = useApi(id === undefined ? null : `runs/${id}`, load);
  const live = useApi(id !== undefined && first.data?.status === 'running' ? `runs/${id}` : null, load, 2000);
  return live.data ?? first.data;
}

function SideBySide({ title, a, b }: { title: string; a: RunRecord; b: RunRecord | undefined }) {
  const { t } = useI18n();
  const pick = (r: RunRecord) => (title === t('runs.config') ? r.config : r.evaluation);
  const keys = [...new Set([...Object.keys(pick(a)), ...(b ? Object.keys(pick(b)) : [])])].sort();
  return (
    <DataTable
      caption={title}
      rows={keys}
      rowKey={(k) => k}
      columns={[
        { key: 'key', header: t('runs.key'), rowHeader: true, cell: (k) => k },
        { key: 'a', header: a.name, num: true, cell: (k) => fmt(pick(a)[k]) },
        b && { key: 'b', header: b.name, num: true, cell: (k: string) => fmt(pick(b)[k]) },
      ]}
    />
  );
}

function RunDetail({ id, compare }: { id: string; compare: string | undefined }) {
  const { t } = useI18n();
  const a = useRun(id);
  const b = useRun(compare);
  const names = useMemo(
    () => [...new Set([...Object.keys(a?.metrics ?? {}), ...Object.keys(b?.metrics ?? {})])].sort(),
    [a, b],
  );
  const [metric, setMetric] = useState<string>();
  const m =
    metric !== undefined && names.includes(metric)
      ? metric
      : (names.find((n) => n === 'valid_rmse') ?? names[0]);
  const series = useMemo((): StepSeries[] => {
    if (!a || m === undefined) return [];
    const out: StepSeries[] = [{ name: `${a.name} · ${m}`, data: a.metrics?.[m] ?? [] }];
    if (b) out.push({ name: `${b.name} · ${m}`, data: b.metrics?.[m] ?? [], dashed: true });
    return out;
  }, [a, b, m]);
  if (!a) return null;
  return (
    <section aria-labelledby="run-h" data-testid="run-detail">
      <h2 id="run-h">{t('runs.metrics', { run: `${a.name} (${a.id})` })}</h2>
      {a.status === 'running' && <p className="status">{t('runs.live')}</p>}
      <label>
        {t('runs.metric')}{' '}
        <select value={m ?? ''} onChange={(e) => setMetric(e.target.value)}>
          {names.map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </label>
      <StepChart
        series={series}
        xLabel={t('runs.step')}
        yLabel={m ?? ''}
        label={t('runs.metrics', { run: a.name })}
      />
      <div className="grid-2">
        <SideBySide title={t('runs.config')} a={a} b={b} />
        <SideBySide title={t('runs.evaluation')} a={a} b={b} />
      </div>
    </section>
  );
}

function Registry() {
  const { t, dateTime } = useI18n();
  const models = useApi('models', (signal) => ok(client.GET('/api/v1/models', { signal })), 10_000);
  const action = useAction();
  const [msg, setMsg] = useState<string>();
  const act = async (name: string, version?: number) => {
    const params = { path: { name } };
    const r = await action.run(() =>
      ok(
        version === undefined
          ? client.POST('/api/v1/models/{name}/rollback', { params })
          : client.POST('/api/v1/models/{name}/promote', { params, body: { version } }),
      ),
    );
    setMsg(r && t('runs.changed', { name, version: String(r.production) }));
    models.reload();
  };
  return (
    <section aria-labelledby="reg-h">
      <h2 id="reg-h">{t('runs.registry')}</h2>
      {msg && (
        <p className="status" role="status">
          {msg}
        </p>
      )}
      {action.error && <ErrorBox error={action.error} />}
      <Async state={models} isEmpty={(d) => d.models.length === 0} empty={t('runs.registryEmpty')}>
        {(d) =>
          d.models.map((mod) => (
            <div key={mod.name} data-model={mod.name}>
              <DataTable
                caption={
                  <>
                    {mod.name}{' '}
                    <button type="button" disabled={mod.history.length < 2} onClick={() => act(mod.name)}>
                      {t('runs.rollback')}
                    </button>
                  </>
                }
                rows={mod.versions}
                rowKey={(v) => v.version}
                columns={[
                  {
                    key: 'version',
                    header: t('runs.version'),
                    rowHeader: true,
                    cell: (v) => `v${v.version}`,
                  },
                  { key: 'run', header: t('runs.run'), cell: (v) => v.runId },
                  {
                    key: 'started',
                    header: t('runs.started'),
                    num: true,
                    cell: (v) => dateTime(v.createdAt),
                  },
                  {
                    key: 'rmse',
                    header: t('runs.validRmse'),
                    num: true,
                    cell: (v) => fmt(v.evaluation['validRmse'] ?? v.evaluation['valid_rmse'] ?? '—'),
                  },
                  {
                    key: 'status',
                    header: t('runs.status'),
                    cell: (v) =>
                      mod.production === v.version ? (
                        <strong>{t('runs.production')}</strong>
                      ) : (
                        <button type="button" onClick={() => act(mod.name, v.version)}>
                          {t('runs.promote')}
                        </button>
                      ),
                  },
                ]}
              />
            </div>
          ))
        }
      </Async>
    </section>
  );
}

function Jobs() {
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
            <label>
              {t('runs.compareWith')}{' '}
              <select
                value={compare ?? ''}
                onChange={(e) => setCompare(e.target.value === '' ? undefined : e.target.value)}
              >
                <option value="">{t('runs.none')}</option>
                {d.runs
                  .filter((r) => r.id !== shown)
                  .map((r) => (
                    <option key={r.id} value={r.id}>
                      {r.name} ({r.id})
                    </option>
                  ))}
              </select>
            </label>
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
