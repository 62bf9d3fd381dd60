/**
 * The alarm KPI panel of the anomalies page: the alarm load against the EEMUA 191 / ISA-18.2
 * benchmarks (average per hour, busiest 10 minutes, chattering, standing and shelved alarms) and
 * the top 10 bad actors as a bar chart, from `GET /alarms/kpis` (the same figures as
 * `npm run bench -- alarms`).
 */
import { useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';

type AlarmKpis = Schema<'AlarmKpis'>;

import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';
import { Chart } from './chart.js';
import { Async } from './status.js';

const WINDOWS: ReadonlyArray<readonly [string, number]> = [
  ['24h', 86_400_000],
  ['7d', 7 * 86_400_000],
];

function BadActorsChart({ actors, label }: { actors: AlarmKpis['topBadActors']; label: string }) {
  const option = useMemo(() => {
    // Largest at the top: ECharts draws a category axis bottom-up.
    const rows = [...actors].reverse();
    return {
      animation: false,
      grid: { left: 8, right: 24, top: 8, bottom: 24, containLabel: true },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        data: rows.map((a) => a.key),
        axisLabel: { width: 320, overflow: 'truncate' },
      },
      series: [{ type: 'bar', data: rows.map((a) => a.count) }],
    };
  }, [actors]);
  return <Chart option={option} label={label} height={Math.max(120, 28 * actors.length + 40)} className="" />;
}

export function AlarmKpiPanel() {
  const { t, num, dateTime, duration, plural } = useI18n();
  const [win, setWin] = useState('24h');
  const span = WINDOWS.find(([id]) => id === win)?.[1] ?? 86_400_000;
  // The window ends at the current minute: each refresh (every minute) moves it along.
  const now = Math.floor(Date.now() / 60_000) * 60_000;
  const query = { from: String(now - span), to: String(now) };
  const kpis = useApi(
    `alarms/kpis ${query.from} ${query.to}`,
    (signal) => ok(client.GET('/api/v1/alarms/kpis', { params: { query }, signal })),
    60_000,
  );
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  return (
    <section aria-labelledby="alarm-kpi-h" className="alarm-kpis" data-testid="alarm-kpis">
      <div className="toolbar">
        <h2 id="alarm-kpi-h">{t('alarmKpis.title')}</h2>
        {WINDOWS.map(([id]) => (
          <button key={id} type="button" aria-pressed={win === id} onClick={() => setWin(id)}>
            {id}
          </button>
        ))}
      </div>
      <Async state={kpis}>
        {(k) => (
          <>
            <div className="kpis">
              <div className="kpi">
                <span>{t('alarmKpis.perHour', { target: k.targets.perHour })}</span>
                <b data-testid="kpi-alarm-rate">
                  {num(k.perHour, 2)} {mark(k.meets.perHour)}
                </b>
              </div>
              <div className="kpi">
                <span>{t('alarmKpis.peak10Min', { target: k.targets.per10Min })}</span>
                <b data-testid="kpi-alarm-peak">
                  {num(k.peak10Min.count, 0)} {mark(k.meets.peak10Min)}
                </b>
              </div>
              <div className="kpi">
                <span>{t('alarmKpis.chattering')}</span>
                <b data-testid="kpi-alarm-chattering">
                  {num(k.chattering.length, 0)} {mark(k.meets.noChattering)}
                </b>
              </div>
              <div className="kpi">
                <span>{t('alarmKpis.standing')}</span>
                <b data-testid="kpi-alarm-standing">{num(k.standing.length, 0)}</b>
              </div>
              <div className="kpi">
                <span>{t('alarmKpis.shelved')}</span>
                <b data-testid="kpi-alarm-shelved">{num(k.shelved.length, 0)}</b>
              </div>
            </div>
            <p className="muted small">
              {t('alarmKpis.summary', {
                count: k.annunciated,
                silenced: k.silenced,
                floods: k.floods.intervals,
              })}
            </p>
            <h3>{t('alarmKpis.badActors')}</h3>
            {k.topBadActors.length === 0 ? (
              <p className="status empty">{t('alarmKpis.none')}</p>
            ) : (
              <BadActorsChart actors={k.topBadActors} label={t('alarmKpis.badActors')} />
            )}
            {k.chattering.length > 0 && (
              <>
                <h3>{t('alarmKpis.chattering')}</h3>
                <ul>
                  {k.chattering.map((c) => (
                    <li key={c.key}>
                      {c.key}: {plural('alarmKpis.perMinute', c.maxPerMinute)}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {k.standing.length > 0 && (
              <>
                <h3>{t('alarmKpis.standing')}</h3>
                <ul>
                  {k.standing.map((s) => (
                    <li key={s.key}>
                      {s.key}: {t('alarmKpis.activeFor', { duration: duration(s.activeMs) })}
                      {s.stale ? ` (${t('alarmKpis.stale')})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
            {k.shelved.length > 0 && (
              <>
                <h3>{t('alarmKpis.shelved')}</h3>
                <ul>
                  {k.shelved.map((s) => (
                    <li key={s.key}>
                      {s.key}
                      {s.until === null
                        ? ''
                        : `: ${t('anomalies.shelvedUntil', { time: dateTime(s.until) })}`}
                      {s.by ? ` (${s.by})` : ''}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </>
        )}
      </Async>
    </section>
  );
}
