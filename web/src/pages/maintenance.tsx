/**
 * Predictive maintenance: per monitored machine the remaining useful life with its 90 % band, the
 * latest safe stop and the status, refreshed every 5 s from the server's live RUL monitors; and for
 * the chosen machine the trend of the RUL and its band over the updates so far.
 */
import { useMemo, useState } from 'react';
import { type Answer, client, ok } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { Async } from '../components/status.js';
import { type ChartSeries, TimeChart } from '../components/time-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

const H = 3_600_000;

type RulAsset = Answer<'/api/v1/rul/status'>['assets'][number];

const stateClass = (state: RulAsset['state']): string =>
  state === 'alarm' || state === 'error' ? 'bad' : state === 'degrading' ? 'warn' : 'good';

function Trend({ asset }: { asset: string }) {
  const { t, duration } = useI18n();
  const state = useApi(
    `rul/status/${asset}`,
    (signal) => ok(client.GET('/api/v1/rul/status/{asset}', { params: { path: { asset } }, signal })),
    5000,
  );
  const series = useMemo((): ChartSeries[] => {
    const h = state.data?.history ?? [];
    const pick = (f: (p: (typeof h)[number]) => number | null) =>
      h.flatMap((p) => {
        const v = f(p);
        return v === null ? [] : [[p.ts, v / H] as const];
      });
    return [
      { id: 'rul', name: t('maintenance.rul'), unit: 'h', data: pick((p) => p.rulMs) },
      { id: 'low', name: t('maintenance.lower'), unit: 'h', data: pick((p) => p.lowMs) },
      { id: 'high', name: t('maintenance.upper'), unit: 'h', data: pick((p) => p.highMs) },
    ];
  }, [state.data, t]);
  return (
    <section aria-labelledby="trend-h">
      <h2 id="trend-h">{t('maintenance.trend', { asset })}</h2>
      <Async state={state} isEmpty={(s) => (s.history ?? []).length === 0} empty={t('maintenance.noTrend')}>
        {(s) => {
          const h = s.history ?? [];
          const from = h[0]?.ts ?? 0;
          const to = h[h.length - 1]?.ts ?? from;
          return (
            <>
              <p className="muted small">{t('maintenance.threshold', { h: duration(s.alarmBelowMs) })}</p>
              <TimeChart
                series={series}
                span={Math.max(to - from, H)}
                label={t('maintenance.trend', { asset })}
                height={320}
              />
            </>
          );
        }}
      </Async>
    </section>
  );
}

export default function MaintenancePage() {
  const { t, num, dateTime, duration } = useI18n();
  const list = useApi('rul/status', (signal) => ok(client.GET('/api/v1/rul/status', { signal })), 5000);
  const [chosen, setChosen] = useState<string>();
  const assets = list.data?.assets ?? [];
  // Shown at first: a machine in alarm, else one wearing, else the latest past episode (a bearing
  // that failed and was replaced today), so the trend of what happened is on the first screen.
  const lastEpisode = assets
    .filter((a) => a.lastAlarmAt != null)
    .sort((a, b) => (b.lastAlarmAt ?? 0) - (a.lastAlarmAt ?? 0))[0]?.assetId;
  const shown =
    chosen ??
    assets.find((a) => a.state === 'alarm')?.assetId ??
    assets.find((a) => a.state === 'degrading')?.assetId ??
    lastEpisode;
  const hours = (ms: number | null) => (ms === null ? '—' : `${num(ms / H, 1)} h`);
  return (
    <div className="page maintenance">
      <h1>{t('maintenance.title')}</h1>
      <p className="muted">{t('maintenance.intro')}</p>
      <Async state={list} isEmpty={(d) => d.assets.length === 0} empty={t('maintenance.empty')}>
        {(d) => (
          <>
            <DataTable<RulAsset>
              testId="rul-table"
              rows={d.assets}
              rowKey={(a) => a.assetId}
              rowProps={(a) => ({ 'data-asset': a.assetId, 'data-state': a.state })}
              columns={[
                { key: 'machine', header: t('maintenance.machine'), rowHeader: true, cell: (a) => a.assetId },
                {
                  key: 'status',
                  header: t('maintenance.status'),
                  cellProps: (a) => ({ className: `score ${stateClass(a.state)}`, title: a.error }),
                  cell: (a) => (
                    <>
                      {t(`maintenance.state.${a.state}`)}
                      {/* A past episode (a bearing that failed and was replaced) stays visible. */}
                      {a.state !== 'alarm' && a.lastAlarmAt != null && (
                        <span className="muted small" data-testid="rul-last-alarm">
                          {' · '}
                          {t('maintenance.lastAlarm', { time: dateTime(a.lastAlarmAt) })}
                        </span>
                      )}
                    </>
                  ),
                },
                {
                  key: 'rul',
                  header: t('maintenance.rul'),
                  num: true,
                  cellProps: () => ({ 'data-testid': 'rul-value' }),
                  cell: ({ current: c }) =>
                    c === null ? '—' : c.rulMs === null ? t('maintenance.unbounded') : hours(c.rulMs),
                },
                {
                  key: 'band',
                  header: t('maintenance.band'),
                  num: true,
                  cell: ({ current: c }) =>
                    c === null || c.rulMs === null
                      ? '—'
                      : `${hours(c.lowMs)} – ${c.highMs === null ? '∞' : hours(c.highMs)}`,
                },
                {
                  key: 'stop',
                  header: t('maintenance.safeStop'),
                  num: true,
                  cellProps: () => ({ 'data-testid': 'rul-stop' }),
                  cell: ({ current: c }) => (c?.latestSafeStop == null ? '—' : dateTime(c.latestSafeStop)),
                },
                {
                  key: 'health',
                  header: t('maintenance.healthIndex'),
                  num: true,
                  cell: ({ current: c }) => (c?.healthIndex == null ? '—' : num(c.healthIndex, 2)),
                },
                { key: 'model', header: t('maintenance.model'), cell: (a) => a.model },
                {
                  key: 'updated',
                  header: t('maintenance.updated'),
                  num: true,
                  cell: ({ current: c }) => (c === null ? '—' : dateTime(c.ts)),
                },
                {
                  key: 'show',
                  header: t('maintenance.show'),
                  hiddenHeader: true,
                  cell: (a) => (
                    <button
                      type="button"
                      aria-pressed={shown === a.assetId}
                      onClick={() => setChosen(a.assetId)}
                    >
                      {t('maintenance.show')}
                    </button>
                  ),
                },
              ]}
            />
            <p className="muted small">
              {t('maintenance.threshold', { h: duration(d.assets[0]?.alarmBelowMs ?? 2 * H) })}
            </p>
          </>
        )}
      </Async>
      {shown !== undefined && <Trend key={shown} asset={shown} />}
    </div>
  );
}
