/**
 * Anomalies and alarms: the alarm list (open or all, refreshed live from `alarm.*` events on the
 * SSE feed) with acknowledge / shelve / unshelve, the alarm KPI panel (alarm-kpi-panel.tsx), and for the chosen series its values with the
 * detector's alerts and the anomaly score under them.
 */
import { useEffect, useMemo, useState } from 'react';
import { ApiError, client, ok, type Schema } from '../api/client.js';
import { subscribeEvents } from '../api/live.js';
import { AlarmKpiPanel } from '../components/alarm-kpi-panel.js';
import { AnomalyChart } from '../components/anomaly-chart.js';
import { DataTable } from '../components/data-table.js';
import { Async, ErrorBox } from '../components/status.js';
import { type MessageKey, useI18n } from '../i18n/i18n.js';
import { useAction } from '../lib/use-action.js';
import { useApi } from '../lib/use-api.js';

type Alarm = Schema<'Alarm'>;

import { navigate, useRoute } from '../router.js';

const RANGES: ReadonlyArray<readonly [string, number]> = [
  ['1h', 3_600_000],
  ['6h', 6 * 3_600_000],
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
];

function useAnomalyRoute() {
  const { params } = useRoute();
  const series = params.get('series') ?? undefined;
  const range = params.get('range') ?? '6h';
  const open = params.get('open') !== 'false';
  const set = (next: { series?: string | undefined; range?: string; open?: boolean }) =>
    navigate(
      '/anomalies',
      {
        series: 'series' in next ? next.series : series,
        range: next.range ?? range,
        open: String(next.open ?? open),
      },
      true,
    );
  return { series, range, open, set };
}

function ScoreChart({ series, range, unit }: { series: string; range: string; unit: string }) {
  const { t, plural } = useI18n();
  const span = RANGES.find(([id]) => id === range)?.[1] ?? 6 * 3_600_000;
  // The window is fixed when the series or range is picked; "refresh" moves it to now.
  const [now, setNow] = useState(() => Date.now());
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new series or range starts at now
  useEffect(() => setNow(Date.now()), [series, range]);
  const query = { from: String(now - span), to: String(now + 1) };
  const scores = useApi(`series/${series}/anomalies ${query.from} ${query.to}`, (signal) =>
    ok(client.GET('/api/v1/series/{id}/anomalies', { params: { path: { id: series }, query }, signal })),
  );
  return (
    <section aria-labelledby="score-h" className="chart-panel">
      <div className="toolbar">
        <h2 id="score-h">{series}</h2>
        <button type="button" onClick={() => setNow(Date.now())}>
          {t('anomalies.refresh')}
        </button>
      </div>
      <Async
        state={scores}
        isEmpty={(s) => s.points.length === 0}
        empty={<p className="status empty">{t('anomalies.noPoints')}</p>}
      >
        {(s) => (
          <>
            <p className="muted small" data-testid="alert-count">
              {plural('anomalies.alertCount', s.points.filter((p) => p.alert).length, {
                threshold: s.threshold,
              })}
            </p>
            <AnomalyChart scores={s} unit={unit} label={t('anomalies.chartLabel', { series })} />
          </>
        )}
      </Async>
    </section>
  );
}

function AlarmTable({
  alarms,
  onPick,
  onChanged,
}: {
  alarms: readonly Alarm[];
  onPick: (source: string) => void;
  onChanged: () => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const action = useAction<string>();
  const act = async (key: string, call: () => Promise<unknown>) => {
    await action.run(async () => {
      await call();
      onChanged();
    }, key);
  };
  const { busy, error } = action;
  const isShelved = (a: Alarm) => a.shelvedUntil !== null && a.shelvedUntil > Date.now();
  return (
    <>
      {error && (
        <ErrorBox
          error={
            error instanceof ApiError && error.status === 403 ? new Error(t('anomalies.needOperator')) : error
          }
        />
      )}
      <DataTable<Alarm>
        variant="compact"
        testId="alarm-table"
        caption={t('anomalies.alarms')}
        captionHidden
        rows={alarms}
        rowKey={(a) => a.key}
        rowProps={(a) => ({ className: `sev-${a.severity}`, 'data-alarm': a.key, 'data-state': a.state })}
        columns={[
          {
            key: 'severity',
            header: t('anomalies.severity'),
            cell: (a) => <span className="sev">{t(`severity.${a.severity}` as MessageKey)}</span>,
          },
          {
            key: 'source',
            header: t('anomalies.source'),
            rowHeader: true,
            cell: (a) => (
              <button type="button" className="link" onClick={() => onPick(a.source)}>
                {a.source}
              </button>
            ),
          },
          { key: 'condition', header: t('anomalies.condition'), cell: (a) => a.condition },
          {
            key: 'state',
            header: t('anomalies.state'),
            cell: (a) => (
              <span data-testid="alarm-state">
                {t(`anomalies.state.${a.state}` as MessageKey)}
                {isShelved(a) && a.shelvedUntil !== null && (
                  <span className="muted small">
                    {' '}
                    · {t('anomalies.shelvedUntil', { time: i18n.dateTime(a.shelvedUntil) })}
                  </span>
                )}
                {a.repeats > 0 && <span className="muted small"> · ×{a.repeats + 1}</span>}
              </span>
            ),
          },
          { key: 'raised', header: t('anomalies.raised'), cell: (a) => i18n.dateTime(a.raisedAt) },
          { key: 'message', header: t('anomalies.message'), cell: (a) => a.message },
          {
            key: 'actions',
            header: t('anomalies.actions'),
            className: 'actions',
            cell: (a) => {
              const shelved = isShelved(a);
              const needsAck = a.state === 'unacknowledged' || a.state === 'returned-unacknowledged';
              return (
                <>
                  {needsAck && (
                    <button
                      type="button"
                      disabled={busy === a.key}
                      onClick={() =>
                        act(a.key, () => ok(client.POST('/api/v1/alarms/ack', { body: { key: a.key } })))
                      }
                      data-testid="ack"
                    >
                      {t('anomalies.ack')}
                    </button>
                  )}
                  {a.state !== 'normal' && !shelved && (
                    <button
                      type="button"
                      disabled={busy === a.key}
                      onClick={() =>
                        act(a.key, () =>
                          ok(client.POST('/api/v1/alarms/shelve', { body: { key: a.key, minutes: 60 } })),
                        )
                      }
                    >
                      {t('anomalies.shelve')}
                    </button>
                  )}
                  {shelved && (
                    <button
                      type="button"
                      disabled={busy === a.key}
                      onClick={() =>
                        act(a.key, () => ok(client.POST('/api/v1/alarms/unshelve', { body: { key: a.key } })))
                      }
                    >
                      {t('anomalies.unshelve')}
                    </button>
                  )}
                </>
              );
            },
          },
        ]}
      />
    </>
  );
}

export default function AnomaliesPage() {
  const { t } = useI18n();
  const { series, range, open, set } = useAnomalyRoute();
  const alarms = useApi(
    `alarms ${open}`,
    (signal) => ok(client.GET('/api/v1/alarms', { params: { query: open ? { open: 'true' } : {} }, signal })),
    30_000,
  );
  const all = useApi('series', (signal) => ok(client.GET('/api/v1/series', { signal })));
  const unit = useMemo(() => all.data?.series.find((s) => s.id === series)?.unit ?? '', [all.data, series]);

  // Live: any alarm transition on the feed refreshes the list (debounced).
  const { reload } = alarms;
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = subscribeEvents((e) => {
      if (!e.kind.startsWith('alarm.')) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(reload, 300);
    });
    return () => {
      off();
      if (timer) clearTimeout(timer);
    };
  }, [reload]);

  return (
    <div className="page anomalies">
      <h1>{t('anomalies.title')}</h1>
      <section aria-labelledby="alarms-h">
        <div className="toolbar">
          <h2 id="alarms-h">{t('anomalies.alarms')}</h2>
          <label className="check">
            <input type="checkbox" checked={open} onChange={(e) => set({ open: e.target.checked })} />{' '}
            {t('anomalies.openOnly')}
          </label>
        </div>
        <Async
          state={alarms}
          isEmpty={(a) => a.alarms.length === 0}
          empty={<p className="status empty">{t('anomalies.noAlarms')}</p>}
        >
          {(a) => (
            <AlarmTable alarms={a.alarms} onPick={(s) => set({ series: s })} onChanged={alarms.reload} />
          )}
        </Async>
      </section>
      <AlarmKpiPanel />
      <fieldset className="toolbar plain">
        <legend className="sr-only">{t('anomalies.range')}</legend>
        <label>
          {t('common.series')}{' '}
          <select
            value={series ?? ''}
            onChange={(e) => set({ series: e.target.value === '' ? undefined : e.target.value })}
            data-testid="series-select"
          >
            <option value="">{t('anomalies.pickSeries')}</option>
            {(all.data?.series ?? []).map((s) => (
              <option key={s.id} value={s.id}>
                {s.id}
              </option>
            ))}
          </select>
        </label>
        <span aria-hidden="true">{t('anomalies.range')}:</span>
        {RANGES.map(([id]) => (
          <button key={id} type="button" aria-pressed={range === id} onClick={() => set({ range: id })}>
            {id}
          </button>
        ))}
      </fieldset>
      {series ? (
        <ScoreChart series={series} range={range} unit={unit} />
      ) : (
        <p className="status empty">{t('anomalies.pickSeriesHint')}</p>
      )}
    </div>
  );
}
