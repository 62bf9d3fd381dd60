/**
 * Training runs: the list of runs, the per-step scalar metrics of a run as charts (polled every 2 s
 * while the run is active, as TensorBoard scalars), a comparison of two runs (their curves on one
 * chart, configuration and evaluation side by side), and the model registry with promote and
 * rollback (operator key needed), and the jobs of the shared queue (training, plans, imports
 * queued over the API, whichever node runs them) with their progress and a cancel button.
 */
import { useMemo, useState } from 'react';
import { ApiError, client, ok, type Schema } from '../api/client.js';
import { Async } from '../components/status.js';
import { StepChart, type StepSeries } from '../components/step-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

type RunRecord = Schema<'RunRecord'>;

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
    <div className="table-wrap">
      <table className="data">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">{t('runs.key')}</th>
            <th scope="col">{a.name}</th>
            {b && <th scope="col">{b.name}</th>}
          </tr>
        </thead>
        <tbody>
          {keys.map((k) => (
            <tr key={k}>
              <th scope="row">{k}</th>
              <td className="num">{fmt(pick(a)[k])}</td>
              {b && <td className="num">{fmt(pick(b)[k])}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
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
  const [msg, setMsg] = useState<string>();
  const act = async (name: string, version?: number) => {
    try {
      const params = { path: { name } };
      const r = await ok(
        version === undefined
          ? client.POST('/api/v1/models/{name}/rollback', { params })
          : client.POST('/api/v1/models/{name}/promote', { params, body: { version } }),
      );
      setMsg(t('runs.changed', { name, version: String(r.production) }));
    } catch (e) {
      setMsg(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    }
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
      <Async state={models} isEmpty={(d) => d.models.length === 0} empty={t('runs.registryEmpty')}>
        {(d) =>
          d.models.map((mod) => (
            <div key={mod.name} className="table-wrap">
              <table className="data" data-model={mod.name}>
                <caption>
                  {mod.name}{' '}
                  <button type="button" disabled={mod.history.length < 2} onClick={() => act(mod.name)}>
                    {t('runs.rollback')}
                  </button>
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{t('runs.version')}</th>
                    <th scope="col">{t('runs.run')}</th>
                    <th scope="col">{t('runs.started')}</th>
                    <th scope="col">{t('runs.validRmse')}</th>
                    <th scope="col">{t('runs.status')}</th>
                  </tr>
                </thead>
                <tbody>
                  {mod.versions.map((v) => (
                    <tr key={v.version}>
                      <th scope="row">v{v.version}</th>
                      <td>{v.runId}</td>
                      <td className="num">{dateTime(v.createdAt)}</td>
                      <td className="num">
                        {fmt(v.evaluation['validRmse'] ?? v.evaluation['valid_rmse'] ?? '—')}
                      </td>
                      <td>
                        {mod.production === v.version ? (
                          <strong>{t('runs.production')}</strong>
                        ) : (
                          <button type="button" onClick={() => act(mod.name, v.version)}>
                            {t('runs.promote')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
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
  const [msg, setMsg] = useState<string>();
  const cancel = async (id: string) => {
    try {
      await ok(client.POST('/api/v1/jobs/{id}/cancel', { params: { path: { id } } }));
      setMsg(undefined);
    } catch (e) {
      setMsg(e instanceof ApiError || e instanceof Error ? e.message : String(e));
    }
    jobs.reload();
  };
  return (
    <section aria-labelledby="jobs-h">
      <h2 id="jobs-h">{t('runs.jobs')}</h2>
      {msg && (
        <p className="status" role="status">
          {msg}
        </p>
      )}
      <Async state={jobs} isEmpty={(d) => d.jobs.length === 0} empty={t('runs.jobsEmpty')}>
        {(d) => (
          <div className="table-wrap">
            <table className="data" data-testid="jobs-table">
              <thead>
                <tr>
                  <th scope="col">{t('runs.jobKind')}</th>
                  <th scope="col">{t('runs.jobState')}</th>
                  <th scope="col">{t('runs.jobProgress')}</th>
                  <th scope="col">{t('runs.jobBy')}</th>
                  <th scope="col">{t('runs.jobQueued')}</th>
                  <th scope="col">{t('runs.jobAttempts')}</th>
                  <th scope="col">{t('runs.jobOutcome')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('runs.jobCancel')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.jobs.map((j) => (
                  <tr key={j.id} data-job={j.id}>
                    <th scope="row">
                      {j.kind} <span className="muted small">{j.id.slice(0, 8)}</span>
                    </th>
                    <td>{t(`runs.jobState.${j.state}`)}</td>
                    <td className="num">
                      <progress max={1} value={j.progress} aria-label={t('runs.jobProgress')} />{' '}
                      {Math.round(j.progress * 100)} %
                    </td>
                    <td>{j.submittedBy.name}</td>
                    <td className="num">{dateTime(j.createdAt)}</td>
                    <td className="num">
                      {j.attempts}/{j.maxAttempts}
                    </td>
                    <td>
                      {j.error
                        ? `${j.error.field ? `${j.error.field}: ` : ''}${j.error.message}`
                        : (j.message ?? '')}
                    </td>
                    <td>
                      {(j.state === 'queued' || j.state === 'running') && (
                        <button type="button" onClick={() => cancel(j.id)}>
                          {t('runs.jobCancel')}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
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
  return (
    <div className="page runs">
      <h1>{t('runs.title')}</h1>
      <Async state={runs} isEmpty={(d) => d.runs.length === 0} empty={t('runs.empty')}>
        {(d) => (
          <>
            <div className="table-wrap">
              <table className="data" data-testid="runs-table">
                <thead>
                  <tr>
                    <th scope="col">{t('runs.name')}</th>
                    <th scope="col">{t('runs.kind')}</th>
                    <th scope="col">{t('runs.status')}</th>
                    <th scope="col">{t('runs.started')}</th>
                    <th scope="col">{t('runs.duration')}</th>
                    <th scope="col">{t('runs.validRmse')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('runs.show')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.runs.map((r) => (
                    <tr key={r.id} data-run={r.id}>
                      <th scope="row">
                        {r.name} <span className="muted small">{r.id}</span>
                      </th>
                      <td>{r.kind}</td>
                      <td>{t(`runs.status.${r.status}`)}</td>
                      <td className="num">{dateTime(r.startedAt)}</td>
                      <td className="num">
                        {r.finishedAt === null ? '—' : duration(r.finishedAt - r.startedAt)}
                      </td>
                      <td className="num">{fmt(r.evaluation['validRmse'] ?? '—')}</td>
                      <td>
                        <button type="button" aria-pressed={shown === r.id} onClick={() => setChosen(r.id)}>
                          {t('runs.show')}
                        </button>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
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
