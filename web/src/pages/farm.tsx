/**
 * The farm: per field, the root-zone depletion replayed from the stored weather and soil moisture
 * against RAW and TAW (FAO-56), the irrigation schedule for the coming days (table and bars),
 * ET0/ETc per day, and the degree days since the biofix against each pest threshold, with the
 * alarms raised. Data from `GET /farm/fields` and `GET /farm/field`.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef, useState } from 'react';
import { client, ok } from '../api/client.js';
import { CommandBox } from '../components/command-box.js';
import { Async } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

echarts.use([
  LineChart,
  BarChart,
  GridComponent,
  TooltipComponent,
  LegendComponent,
  MarkLineComponent,
  CanvasRenderer,
]);

interface DailySeries {
  readonly name: string;
  readonly type: 'line' | 'bar';
  readonly data: ReadonlyArray<number | null>;
  readonly dashed?: boolean;
  readonly color?: string;
  readonly step?: boolean;
}

/** A chart over days (category axis), with optional horizontal marks (thresholds). */
function DailyChart(props: {
  readonly label: string;
  readonly dates: readonly string[];
  readonly series: readonly DailySeries[];
  readonly unit: string;
  readonly marks?: ReadonlyArray<{ readonly name: string; readonly value: number }>;
  readonly testId: string;
  readonly height?: number;
}) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(
      {
        animation: false,
        grid: { left: 56, right: 24, top: 36, bottom: 28 },
        legend: { top: 0 },
        tooltip: {
          trigger: 'axis',
          valueFormatter: (v: unknown) => (typeof v === 'number' ? `${v.toFixed(1)} ${props.unit}` : '—'),
        },
        xAxis: { type: 'category', data: [...props.dates] },
        yAxis: { type: 'value', name: props.unit, nameLocation: 'end' },
        series: props.series.map((s, i) => ({
          name: s.name,
          type: s.type,
          data: [...s.data],
          showSymbol: false,
          connectNulls: false,
          ...(s.step ? { step: 'end' } : {}),
          ...(s.color ? { itemStyle: { color: s.color }, lineStyle: { color: s.color } } : {}),
          ...(s.dashed ? { lineStyle: { type: 'dashed', ...(s.color ? { color: s.color } : {}) } } : {}),
          ...(i === 0 && props.marks?.length
            ? {
                markLine: {
                  symbol: 'none',
                  label: { formatter: '{b}', position: 'insideEndTop' },
                  lineStyle: { type: 'dashed', color: '#c0392b' },
                  data: props.marks.map((m) => ({ name: m.name, yAxis: m.value })),
                },
              }
            : {}),
        })),
      },
      true,
    );
  }, [props.dates, props.series, props.marks, props.unit]);
  return (
    <div
      ref={el}
      role="img"
      aria-label={props.label}
      data-testid={props.testId}
      style={{ width: '100%', height: props.height ?? 280 }}
    />
  );
}

function FieldView({ id }: { id: string }) {
  const { t, num, plural } = useI18n();
  const state = useApi(
    `farm/field ${id}`,
    (signal) => ok(client.GET('/api/v1/farm/field', { params: { query: { field: id } }, signal })),
    60_000,
  );
  return (
    <Async state={state}>
      {(f) => {
        const days = [...f.history, ...f.plan];
        const dates = days.map((d) => d.date);
        const past = f.history.length;
        const drPast = days.map((d, i) => (i < past ? d.dr : null));
        const drPlan = days.map((d, i) => (i >= past - 1 ? d.dr : null));
        const irrigation = days.map((d) => (d.irrigationGross > 0 ? d.irrigationGross : null));
        const today = f.history.at(-1);
        return (
          <>
            <div className="kpis" data-testid="farm-kpis">
              <div className="kpi">
                <span>{t('farm.depletion')}</span>
                <b data-testid="farm-depletion">{num(today?.dr, 1)} mm</b>
              </div>
              <div className="kpi">
                <span>{t('farm.raw')}</span>
                <b>{num(today?.raw, 1)} mm</b>
              </div>
              <div className="kpi">
                <span>{t('farm.taw')}</span>
                <b>{num(today?.taw, 1)} mm</b>
              </div>
              <div className="kpi">
                <span>{t('farm.et0Today')}</span>
                <b data-testid="farm-et0">{num(today?.et0, 2)} mm</b>
              </div>
              <div className="kpi">
                <span>{t('farm.planned')}</span>
                <b data-testid="farm-volume">{num(f.schedule.volumeM3, 0)} m³</b>
              </div>
            </div>
            <p className="muted small">
              {t('farm.crop', { crop: f.crop, today: f.today })}{' '}
              {t('farm.forecastNote', { et0: num(f.forecast.et0, 2), days: f.forecast.basis.length })}
              {f.missingDays.length > 0 && ` ${plural('farm.missingDays', f.missingDays.length)}`}
            </p>

            <section aria-labelledby="farm-water-h">
              <h2 id="farm-water-h">{t('farm.waterTitle')}</h2>
              <DailyChart
                label={t('farm.waterTitle')}
                testId="farm-water-chart"
                unit="mm"
                dates={dates}
                series={[
                  { name: t('farm.depletion'), type: 'line', data: drPast, color: '#1f77b4' },
                  {
                    name: t('farm.depletionPlanned'),
                    type: 'line',
                    data: drPlan,
                    dashed: true,
                    color: '#1f77b4',
                  },
                  { name: t('farm.raw'), type: 'line', data: days.map((d) => d.raw), color: '#e67e22' },
                  { name: t('farm.taw'), type: 'line', data: days.map((d) => d.taw), color: '#c0392b' },
                  { name: t('farm.irrigation'), type: 'bar', data: irrigation, color: '#2ca02c' },
                  {
                    name: t('farm.rain'),
                    type: 'bar',
                    data: days.map((d) => (d.rain > 0 ? d.rain : null)),
                    color: '#17becf',
                  },
                ]}
              />
            </section>

            <section aria-labelledby="farm-sched-h">
              <h2 id="farm-sched-h">{t('farm.scheduleTitle')}</h2>
              <p className="muted small">
                {t('farm.scheduleNote', {
                  method: f.schedule.method === 'lp' ? 'MILP' : t('farm.greedy'),
                  volume: num(f.schedule.volumeM3, 0),
                  stress: plural('farm.stressDays', f.schedule.stressDays),
                })}
                {f.schedule.calendar &&
                  ` ${t('farm.calendarNote', { volume: num(f.schedule.calendar.volumeM3, 0), stress: plural('farm.stressDays', f.schedule.calendar.stressDays) })}`}
              </p>
              {f.schedule.events.length === 0 ? (
                <p className="status empty" data-testid="farm-no-irrigation">
                  {t('farm.noIrrigation')}
                </p>
              ) : (
                <div className="table-wrap">
                  <table className="data" data-testid="farm-schedule">
                    <thead>
                      <tr>
                        <th scope="col">{t('farm.date')}</th>
                        <th scope="col">{t('farm.net')}</th>
                        <th scope="col">{t('farm.gross')}</th>
                        <th scope="col">{t('farm.volume')}</th>
                        <th scope="col">{t('farm.reason')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {f.schedule.events.map((e) => (
                        <tr key={e.date}>
                          <th scope="row">{e.date}</th>
                          <td className="num">{num(e.netMm, 1)}</td>
                          <td className="num">{num(e.grossMm, 1)}</td>
                          <td className="num">{num(e.volumeM3, 0)}</td>
                          <td>
                            {e.reason}
                            {e.limitedBy ? ` (${e.limitedBy})` : ''}
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </div>
              )}
              <DailyChart
                label={t('farm.scheduleTitle')}
                testId="farm-schedule-chart"
                unit="mm"
                height={200}
                dates={f.plan.map((d) => d.date)}
                series={[
                  {
                    name: t('farm.gross'),
                    type: 'bar',
                    data: f.plan.map((d) => d.irrigationGross),
                    color: '#2ca02c',
                  },
                ]}
              />
            </section>

            <section aria-labelledby="farm-et-h">
              <h2 id="farm-et-h">{t('farm.etTitle')}</h2>
              <DailyChart
                label={t('farm.etTitle')}
                testId="farm-et-chart"
                unit="mm/d"
                height={240}
                dates={dates}
                series={[
                  {
                    name: 'ET0',
                    type: 'bar',
                    data: days.map((d, i) => (i < past ? d.et0 : null)),
                    color: '#9467bd',
                  },
                  {
                    name: t('farm.et0Forecast'),
                    type: 'bar',
                    data: days.map((d, i) => (i >= past ? d.et0 : null)),
                    color: '#c5b0d5',
                  },
                  { name: 'ETc', type: 'line', data: days.map((d) => d.etcAdj), color: '#2ca02c' },
                ]}
              />
            </section>

            <section aria-labelledby="farm-dd-h">
              <h2 id="farm-dd-h">{t('farm.ddTitle')}</h2>
              {f.degreeDays.models.length === 0 ? (
                <p className="status empty">{t('farm.noModels')}</p>
              ) : (
                f.degreeDays.models.map((m) => (
                  <div key={m.id} data-testid="farm-dd-model">
                    <h3>{m.name}</h3>
                    <p className="muted small">
                      {t('farm.ddNote', {
                        biofix: f.degreeDays.biofix,
                        base: num(m.lowerC, 1),
                        total: num(m.cumulative, 0),
                      })}{' '}
                      {m.next &&
                        t('farm.ddNext', {
                          stage: m.next.stage,
                          remaining: num(m.next.remaining, 0),
                          date: m.next.predictedDate ?? '—',
                        })}
                    </p>
                    <DailyChart
                      label={m.name}
                      testId="farm-dd-chart"
                      unit="°C·d"
                      height={240}
                      dates={m.rows.map((r) => r.date)}
                      series={[
                        {
                          name: t('farm.ddObserved'),
                          type: 'line',
                          data: m.rows.map((r) => (r.forecast ? null : r.cumulative)),
                          color: '#d62728',
                        },
                        {
                          name: t('farm.ddPredicted'),
                          type: 'line',
                          data: m.rows.map((r) => (r.forecast ? r.cumulative : null)),
                          dashed: true,
                          color: '#d62728',
                        },
                      ]}
                      marks={m.thresholds.map((th) => ({
                        name: `${num(th.degreeDays, 0)}: ${th.stage}`,
                        value: th.degreeDays,
                      }))}
                    />
                  </div>
                ))
              )}
              <h3>{t('farm.alarms')}</h3>
              {f.alarms.length === 0 ? (
                <p className="status empty">{t('farm.noAlarms')}</p>
              ) : (
                <ul data-testid="farm-alarms">
                  {f.alarms.map((a) => (
                    <li key={a.id} className={`severity-${a.severity ?? 'info'}`}>
                      <b>[{a.severity ?? 'info'}]</b> {a.message}
                    </li>
                  ))}
                </ul>
              )}
            </section>
          </>
        );
      }}
    </Async>
  );
}

export default function FarmPage() {
  const { t, plural } = useI18n();
  const fields = useApi('farm/fields', (signal) => ok(client.GET('/api/v1/farm/fields', { signal })), 60_000);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="page farm">
      <h1>{t('farm.title')}</h1>
      <CommandBox mode="field_op" />
      <Async state={fields} isEmpty={(r) => r.fields.length === 0} empty={t('farm.noFields')}>
        {(r) => {
          const id = selected ?? r.fields[0]!.id;
          return (
            <>
              <div className="toolbar" role="tablist" aria-label={t('farm.fields')}>
                {r.fields.map((f) => (
                  <button
                    key={f.id}
                    type="button"
                    role="tab"
                    aria-selected={f.id === id}
                    data-testid="farm-field-tab"
                    className={f.id === id ? 'active' : ''}
                    onClick={() => setSelected(f.id)}
                  >
                    {f.name} · {f.crop} · {plural('farm.zones', f.zones.length)}
                  </button>
                ))}
              </div>
              <FieldView key={id} id={id} />
            </>
          );
        }}
      </Async>
    </div>
  );
}
