/**
 * Reports: pick a type and a period, preview it (the HTML the PDF prints, in a sandboxed frame with
 * no scripts), download it as PDF, XLSX or CSV; report schedules with their next fire time, run
 * now, switch on and off, delete, add; and the delivery log. Response types come from the
 * generated client.
 */
import { type FormEvent, useState } from 'react';
import { ApiError, apiBase, authHeaders, client, ok, type Schema, toApiError } from '../api/client.js';
import { Async } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

type Schedule = Schema<'ReportSchedule'>;

const DAY = 86_400_000;
/** `datetime-local` value of an instant in the browser's zone. */
const localInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

export default function ReportsPage() {
  const { t, dateTime, locale } = useI18n();
  const types = useApi('reports/types', (signal) => ok(client.GET('/api/v1/reports/types', { signal })));
  const schedules = useApi('reports/schedules', (signal) =>
    ok(client.GET('/api/v1/reports/schedules', { signal })),
  );
  const log = useApi('reports/deliveries', (signal) =>
    ok(client.GET('/api/v1/reports/deliveries', { params: { query: { limit: 50 } }, signal })),
  );
  const now = Date.now();
  const [type, setType] = useState('production');
  const [from, setFrom] = useState(localInput(now - DAY));
  const [to, setTo] = useState(localInput(now));
  const [format, setFormat] = useState('pdf');
  const [lang, setLang] = useState(locale === 'zh-CN' ? 'zh' : 'en');
  const [asset, setAsset] = useState('');
  const [preview, setPreview] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();

  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      type,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      lang,
      ...(asset.trim() ? { asset: asset.trim() } : {}),
      ...extra,
    });
    return q.toString();
  };
  const act = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await fn();
    } catch (e) {
      setError(e instanceof ApiError ? `${e.field ? `${e.field}: ` : ''}${e.message}` : String(e));
    } finally {
      setBusy(false);
    }
  };
  const get = async (path: string): Promise<Response> => {
    const res = await fetch(`${apiBase()}${path}`, { credentials: 'same-origin', headers: authHeaders() });
    if (!res.ok) throw await toApiError(res);
    return res;
  };
  const doPreview = () =>
    act(async () => setPreview(await (await get(`/reports/preview?${query()}`)).text()));
  const doDownload = () =>
    act(async () => {
      const blob = await (await get(`/reports/run?${query({ format })}`)).blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${type}_${from.slice(0, 10)}_${lang}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });

  return (
    <div className="page">
      <h1>{t('nav.reports')}</h1>
      <section className="card">
        <h2>{t('reports.run')}</h2>
        <div className="controls">
          <label>
            {t('reports.type')}{' '}
            <select value={type} onChange={(e) => setType(e.target.value)}>
              {(types.data?.types ?? []).map((x) => (
                <option key={x} value={x}>
                  {x}
                </option>
              ))}
            </select>
          </label>
          <label>
            {t('reports.from')}{' '}
            <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
          </label>
          <label>
            {t('reports.to')}{' '}
            <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
          </label>
          <label>
            {t('reports.format')}{' '}
            <select value={format} onChange={(e) => setFormat(e.target.value)}>
              {['pdf', 'xlsx', 'csv'].map((x) => (
                <option key={x}>{x}</option>
              ))}
            </select>
          </label>
          <label>
            {t('reports.lang')}{' '}
            <select value={lang} onChange={(e) => setLang(e.target.value)}>
              <option value="en">English</option>
              <option value="zh">简体中文</option>
            </select>
          </label>
          <label>
            {t('reports.asset')} <input value={asset} onChange={(e) => setAsset(e.target.value)} />
          </label>
          <button type="button" disabled={busy} onClick={doPreview}>
            {t('reports.preview')}
          </button>
          <button type="button" disabled={busy} onClick={doDownload}>
            {t('reports.download')}
          </button>
        </div>
        {error && <p className="error">{error}</p>}
        {preview !== undefined && (
          <iframe
            title={t('reports.preview')}
            sandbox=""
            srcDoc={preview}
            style={{
              width: '100%',
              height: '70vh',
              border: '1px solid var(--border, #ccc)',
              background: '#fff',
            }}
          />
        )}
      </section>
      <section className="card">
        <h2>{t('reports.schedules')}</h2>
        <Async state={schedules}>
          {(d) => (
            <ScheduleTable
              list={d.schedules}
              dateTime={dateTime}
              onChange={() => {
                schedules.reload();
                log.reload();
              }}
              onError={setError}
            />
          )}
        </Async>
        <AddSchedule types={types.data?.types ?? []} onAdded={() => schedules.reload()} onError={setError} />
      </section>
      <section className="card">
        <h2>{t('reports.log')}</h2>
        <Async state={log}>
          {(d) =>
            d.deliveries.length === 0 ? (
              <p>{t('reports.noDeliveries')}</p>
            ) : (
              <div className="table-wrap">
                <table className="data">
                  <thead>
                    <tr>
                      <th scope="col">{t('reports.slot')}</th>
                      <th scope="col">#</th>
                      <th scope="col">{t('reports.state')}</th>
                      <th scope="col">{t('reports.attempts')}</th>
                      <th scope="col">{t('reports.target')}</th>
                      <th scope="col">{t('reports.files')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.deliveries.map((x) => (
                      <tr key={x.id}>
                        <td>{dateTime(x.slot)}</td>
                        <td className="num">{x.scheduleId}</td>
                        <td title={x.error ?? ''}>{x.state}</td>
                        <td className="num">{x.attempts}</td>
                        <td>{x.target}</td>
                        <td>{x.files.map((f) => f.split('/').pop()).join(', ')}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )
          }
        </Async>
      </section>
    </div>
  );
}

function ScheduleTable(props: {
  list: readonly Schedule[];
  dateTime: (ts: number) => string;
  onChange: () => void;
  onError: (m: string) => void;
}) {
  const { t } = useI18n();
  const call = async (send: () => Promise<unknown>) => {
    try {
      await send();
      props.onChange();
    } catch (e) {
      props.onError(e instanceof Error ? e.message : String(e));
    }
  };
  if (props.list.length === 0) return <p>{t('reports.noSchedules')}</p>;
  return (
    <div className="table-wrap">
      <table className="data">
        <thead>
          <tr>
            <th scope="col">{t('reports.name')}</th>
            <th scope="col">{t('reports.type')}</th>
            <th scope="col">cron</th>
            <th scope="col">{t('reports.next')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {props.list.map((s) => (
            <tr key={s.id}>
              <td>{s.name}</td>
              <td>{s.spec ? `${s.spec.type} · ${s.spec.format} · ${s.spec.lang}` : '—'}</td>
              <td>{s.spec ? `${s.spec.cron} (${s.spec.timeZone})` : '—'}</td>
              <td>{s.enabled && s.next !== null ? props.dateTime(s.next) : '—'}</td>
              <td>
                <button
                  type="button"
                  onClick={() =>
                    call(() =>
                      ok(
                        client.POST('/api/v1/reports/schedules/{id}/run', { params: { path: { id: s.id } } }),
                      ),
                    )
                  }
                >
                  {t('reports.runNow')}
                </button>{' '}
                <button
                  type="button"
                  onClick={() =>
                    call(() =>
                      ok(
                        client.PATCH('/api/v1/reports/schedules/{id}', {
                          params: { path: { id: s.id } },
                          body: { enabled: !s.enabled },
                        }),
                      ),
                    )
                  }
                >
                  {s.enabled ? t('reports.disable') : t('reports.enable')}
                </button>{' '}
                <button
                  type="button"
                  onClick={() =>
                    call(() =>
                      ok(client.DELETE('/api/v1/reports/schedules/{id}', { params: { path: { id: s.id } } })),
                    )
                  }
                >
                  {t('reports.delete')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function AddSchedule(props: { types: string[]; onAdded: () => void; onError: (m: string) => void }) {
  const { t } = useI18n();
  const [f, setF] = useState({
    name: '',
    type: 'production',
    cron: '5 6 * * *',
    timeZone: 'Asia/Shanghai',
    period: 'day',
    format: 'pdf',
    lang: 'zh',
    kind: 'email',
    target: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const delivery =
      f.kind === 'email'
        ? { kind: 'email', to: f.target.split(',').map((s) => s.trim()) }
        : f.kind === 'webhook'
          ? { kind: 'webhook', url: f.target }
          : { kind: 'folder', path: f.target };
    try {
      await ok(
        client.POST('/api/v1/reports/schedules', {
          body: {
            name: f.name,
            spec: {
              type: f.type,
              cron: f.cron,
              timeZone: f.timeZone,
              period: f.period,
              format: f.format,
              lang: f.lang,
              delivery,
            },
          } as never,
        }),
      );
      props.onAdded();
    } catch (err) {
      props.onError(
        err instanceof ApiError ? `${err.field ? `${err.field}: ` : ''}${err.message}` : String(err),
      );
    }
  };
  return (
    <form className="controls" onSubmit={submit}>
      <input placeholder={t('reports.name')} value={f.name} onChange={set('name')} required />
      <select value={f.type} onChange={set('type')}>
        {props.types.map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <input aria-label="cron" value={f.cron} onChange={set('cron')} size={12} />
      <input aria-label={t('reports.timeZone')} value={f.timeZone} onChange={set('timeZone')} size={14} />
      <select value={f.period} onChange={set('period')} aria-label={t('reports.period')}>
        {['shift', 'day', 'week', 'month'].map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <select value={f.format} onChange={set('format')}>
        {['pdf', 'xlsx', 'csv'].map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <select value={f.lang} onChange={set('lang')}>
        <option value="zh">简体中文</option>
        <option value="en">English</option>
      </select>
      <select value={f.kind} onChange={set('kind')} aria-label={t('reports.delivery')}>
        <option value="email">e-mail</option>
        <option value="webhook">webhook</option>
        <option value="folder">folder</option>
      </select>
      <input placeholder={t('reports.target')} value={f.target} onChange={set('target')} required />
      <button type="submit">{t('reports.add')}</button>
    </form>
  );
}
