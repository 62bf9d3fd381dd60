/**
 * Control: the faceplate of a PID loop (PV, SP and OP trends live, mode switch, setpoint, manual
 * output, tuning), the tuning assistant (a step or relay test on a copy of the plant model, never on
 * the live plant, with the settings a tuning rule proposes) and a before/after comparison of current
 * and proposed tuning in closed-loop simulation. Every change goes through the audited API.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { Async, ErrorBox } from '../components/status.js';
import { TimeChart } from '../components/time-chart.js';
import { XyChart } from '../components/xy-chart.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

type LoopView = Schema<'ControlLoop'>;
type SetpointMetricsView = Schema<'SetpointMetrics'>;
type AssistantResultView = Schema<'AssistantResult'>;
type TuningChange = { kc: number; ti: number | null; td: number };
const STEP_RULES = ['simc', 'lambda', 'imc', 'amigo', 'zn', 'cc'] as const;
const CONTROLLER_TYPES = ['P', 'PI', 'PID'] as const;

/** UCUM codes as people write them on a faceplate. */
const UNIT_LABELS: Record<string, string> = { Cel: '°C', '[degF]': '°F', K: 'K', '%': '%' };
const unitLabel = (u: string | undefined): string => (u === undefined ? '' : (UNIT_LABELS[u] ?? u));

/** The PV unit: the declared unit of the loop's PV series. */
function usePvUnit(series: string | null): string {
  const s = useApi(series ? `series/${series}` : null, (signal) =>
    ok(client.GET('/api/v1/series/{id}', { params: { path: { id: series ?? '' } }, signal })),
  );
  return unitLabel(s.data?.unit);
}

function useLoopData(id: string) {
  const path = { id };
  const loop = useApi(
    `control/loops/${id}`,
    (signal) => ok(client.GET('/api/v1/control/loops/{id}', { params: { path }, signal })),
    1000,
  );
  const history = useApi(
    `control/loops/${id}/history`,
    (signal) =>
      ok(
        client.GET('/api/v1/control/loops/{id}/history', { params: { path, query: { limit: 900 } }, signal }),
      ),
    1000,
  );
  const audit = useApi(
    `control/loops/${id}/audit`,
    (signal) =>
      ok(client.GET('/api/v1/control/loops/{id}/audit', { params: { path, query: { limit: 20 } }, signal })),
    5000,
  );
  return { loop, history, audit };
}

function NumberForm(props: {
  label: string;
  unit: string;
  initial: number;
  disabled?: boolean;
  testId: string;
  onSubmit: (v: number) => Promise<void>;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(String(props.initial));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = Number(value);
    if (value.trim() !== '' && Number.isFinite(v)) void props.onSubmit(v);
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid={props.testId}>
      <label>
        {props.label} ({props.unit}){' '}
        <input
          type="number"
          step="any"
          value={value}
          disabled={props.disabled}
          onChange={(e) => setValue(e.target.value)}
          style={{ width: '7em' }}
        />
      </label>
      <button type="submit" disabled={props.disabled}>
        {t('control.apply')}
      </button>
    </form>
  );
}

function Faceplate({ id }: { id: string }) {
  const i18n = useI18n();
  const { t, num, dateTime } = i18n;
  const { loop, history, audit } = useLoopData(id);
  const [err, setErr] = useState<Error>();
  const params = { path: { id } };
  const act = async (call: () => Promise<unknown>) => {
    try {
      await call();
      setErr(undefined);
      loop.reload();
      audit.reload();
    } catch (e) {
      setErr(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const unit = usePvUnit(loop.data?.config.pvSeries ?? null);
  const series = useMemo(() => {
    const s = history.data?.samples ?? [];
    return [
      {
        id: 'pv',
        name: t('control.pv'),
        unit,
        data: s.filter((x) => x.pv !== null).map((x) => [x.ts, x.pv as number] as const),
      },
      { id: 'sp', name: t('control.sp'), unit, data: s.map((x) => [x.ts, x.sp] as const) },
      { id: 'op', name: t('control.op'), unit: '%', data: s.map((x) => [x.ts, x.op] as const) },
    ];
  }, [history.data, t, unit]);
  const samples = history.data?.samples ?? [];
  const span = samples.length > 1 ? (samples[samples.length - 1]?.ts ?? 0) - (samples[0]?.ts ?? 0) : 60_000;
  return (
    <Async state={loop}>
      {(l) => (
        <>
          {err && <ErrorBox error={err} />}
          <p className="muted">
            {l.config.description} · {t('control.pvSeries')}: <code>{l.config.pvSeries ?? '—'}</code> ·{' '}
            {t('control.opTopic')}: <code>{l.config.opTopic ?? '—'}</code>
          </p>
          <div className="kpis" data-testid="faceplate">
            <div className="kpi">
              <span>{t('control.pv')}</span>
              <b data-testid="pv">{l.pv ? `${num(l.pv.value, 2)} ${unit}` : '—'}</b>
            </div>
            <div className="kpi">
              <span>{t('control.sp')}</span>
              <b data-testid="sp">
                {num(l.sp, 2)} {unit}
              </b>
            </div>
            <div className="kpi">
              <span>{t('control.op')}</span>
              <b data-testid="op">
                {num(l.op, 1)} {l.config.opUnit}
                {l.saturated ? ` (${t('control.saturated')})` : ''}
              </b>
            </div>
            <div className="kpi">
              <span>{t('control.mode')}</span>
              <b data-testid="mode">{t(l.mode === 'auto' ? 'control.auto' : 'control.manual')}</b>
            </div>
            <div className="kpi">
              <span>{t('control.status')}</span>
              <b data-testid="status">{l.status}</b>
            </div>
          </div>
          <TimeChart series={series} span={span} label={t('control.trend')} height={320} />
          <fieldset className="toolbar plain">
            <legend className="sr-only">{t('control.mode')}</legend>
            <button
              type="button"
              aria-pressed={l.mode === 'manual'}
              onClick={() =>
                void act(() =>
                  ok(client.POST('/api/v1/control/loops/{id}/mode', { params, body: { mode: 'manual' } })),
                )
              }
              data-testid="to-manual"
            >
              {t('control.manual')}
            </button>
            <button
              type="button"
              aria-pressed={l.mode === 'auto'}
              onClick={() =>
                void act(() =>
                  ok(client.POST('/api/v1/control/loops/{id}/mode', { params, body: { mode: 'auto' } })),
                )
              }
              data-testid="to-auto"
            >
              {t('control.auto')}
            </button>
          </fieldset>
          <NumberForm
            key={`sp-${l.sp}`}
            label={t('control.sp')}
            unit={unit}
            initial={l.sp}
            testId="sp-form"
            onSubmit={(v) =>
              act(() =>
                ok(client.POST('/api/v1/control/loops/{id}/setpoint', { params, body: { value: v } })),
              )
            }
          />
          <NumberForm
            key={`op-${l.mode}`}
            label={t('control.manualOutput')}
            unit={l.config.opUnit}
            initial={Math.round(l.op * 10) / 10}
            disabled={l.mode !== 'manual'}
            testId="op-form"
            onSubmit={(v) =>
              act(() => ok(client.POST('/api/v1/control/loops/{id}/output', { params, body: { value: v } })))
            }
          />
          <TuningForm
            loop={l}
            unit={unit}
            onSubmit={(tu) =>
              act(() => ok(client.POST('/api/v1/control/loops/{id}/tuning', { params, body: tu })))
            }
          />
          <h3>{t('control.audit')}</h3>
          <Async state={audit} isEmpty={(a) => a.entries.length === 0}>
            {(a) => (
              <div className="table-wrap">
                <table className="data" data-testid="audit">
                  <thead>
                    <tr>
                      <th scope="col">{t('control.when')}</th>
                      <th scope="col">{t('control.who')}</th>
                      <th scope="col">{t('control.what')}</th>
                      <th scope="col">{t('control.change')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {[...a.entries].reverse().map((e) => (
                      <tr key={`${e.ts}-${e.what}-${JSON.stringify(e.new)}`}>
                        <td>{dateTime(e.ts)}</td>
                        <td>{e.who}</td>
                        <td>{e.what}</td>
                        <td className="small">
                          {e.what === 'created' ? '' : `${JSON.stringify(e.old)} → `}
                          {e.what === 'created' ? t('control.created') : JSON.stringify(e.new)}
                          {e.reason ? ` (${e.reason})` : ''}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Async>
        </>
      )}
    </Async>
  );
}

function TuningForm({
  loop,
  unit,
  onSubmit,
}: {
  loop: LoopView;
  unit: string;
  onSubmit: (t: TuningChange) => Promise<void>;
}) {
  const { t } = useI18n();
  const tu = loop.config.tuning;
  const [kc, setKc] = useState(String(tu.kc));
  const [ti, setTi] = useState(tu.ti === null ? '' : String(tu.ti));
  const [td, setTd] = useState(String(tu.td));
  useEffect(() => {
    setKc(String(tu.kc));
    setTi(tu.ti === null ? '' : String(tu.ti));
    setTd(String(tu.td));
  }, [tu.kc, tu.ti, tu.td]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit({ kc: Number(kc), ti: ti.trim() === '' ? null : Number(ti), td: Number(td || 0) });
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid="tuning-form">
      <label>
        Kc ({loop.config.opUnit}/{unit}){' '}
        <input
          type="number"
          step="any"
          value={kc}
          onChange={(e) => setKc(e.target.value)}
          style={{ width: '6em' }}
        />
      </label>
      <label>
        Ti (s){' '}
        <input
          type="number"
          step="any"
          value={ti}
          placeholder="∞"
          onChange={(e) => setTi(e.target.value)}
          style={{ width: '6em' }}
        />
      </label>
      <label>
        Td (s){' '}
        <input
          type="number"
          step="any"
          value={td}
          onChange={(e) => setTd(e.target.value)}
          style={{ width: '6em' }}
        />
      </label>
      <button type="submit">{t('control.applyTuning')}</button>
    </form>
  );
}

const fmtTi = (v: number | null, num: (v: number, d?: number) => string) => (v === null ? '∞' : num(v, 2));

function MetricsTable({
  current,
  proposed,
  unit,
}: {
  unit: string;
  current: SetpointMetricsView | null;
  proposed: SetpointMetricsView | null;
}) {
  const { t, num } = useI18n();
  const rows: Array<[string, (m: SetpointMetricsView) => number | null, string]> = [
    ['IAE', (m) => m.iae, `${unit}·s`],
    ['ISE', (m) => m.ise, `(${unit})²·s`],
    ['ITAE', (m) => m.itae, `${unit}·s²`],
    [t('control.overshoot'), (m) => m.overshoot, '%'],
    [t('control.riseTime'), (m) => m.riseTime, 's'],
    [t('control.settlingTime'), (m) => m.settlingTime, 's'],
  ];
  const cell = (m: SetpointMetricsView | null, f: (m: SetpointMetricsView) => number | null) => {
    const v = m ? f(m) : null;
    return v === null || !Number.isFinite(v) ? '—' : num(v, 2);
  };
  return (
    <table className="data" data-testid="comparison">
      <thead>
        <tr>
          <th scope="col">{t('control.metric')}</th>
          <th scope="col">{t('control.current')}</th>
          <th scope="col">{t('control.proposed')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(([name, f, unit]) => (
          <tr key={name}>
            <th scope="row">
              {name} ({unit})
            </th>
            <td>{cell(current, f)}</td>
            <td>{cell(proposed, f)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Assistant({ loop, onApplied }: { loop: LoopView; onApplied: () => void }) {
  const { t, num } = useI18n();
  const unit = usePvUnit(loop.config.pvSeries);
  const [test, setTest] = useState<'step' | 'relay'>('step');
  const [rule, setRule] = useState<(typeof STEP_RULES)[number]>('simc');
  const [type, setType] = useState<(typeof CONTROLLER_TYPES)[number] | ''>('');
  const [result, setResult] = useState<AssistantResultView>();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<Error>();
  const run = async () => {
    setBusy(true);
    try {
      const r = await ok(
        client.POST('/api/v1/control/loops/{id}/assistant', {
          params: { path: { id: loop.id } },
          body: {
            test,
            rule: test === 'relay' ? 'zn-ultimate' : rule,
            ...(type === '' ? {} : { type }),
          },
        }),
      );
      setResult(r);
      setErr(undefined);
    } catch (e) {
      setErr(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const apply = async () => {
    if (!result) return;
    try {
      await ok(
        client.POST('/api/v1/control/loops/{id}/tuning', {
          params: { path: { id: loop.id } },
          body: {
            kc: result.proposed.kc,
            ti: result.proposed.ti,
            td: result.proposed.td,
            reason: `tuning assistant: ${result.test} test, ${result.proposed.rule} ${result.proposed.type}`,
          },
        }),
      );
      onApplied();
    } catch (e) {
      setErr(e instanceof Error ? e : new Error(String(e)));
    }
  };
  if (!loop.config.plant) return <p className="muted">{t('control.noPlant')}</p>;
  const r = result;
  return (
    <>
      <p className="muted">{t('control.assistantHelp')}</p>
      <div className="toolbar">
        <label>
          {t('control.test')}{' '}
          <select
            value={test}
            onChange={(e) => setTest(e.target.value as 'step' | 'relay')}
            data-testid="test-kind"
          >
            <option value="step">{t('control.stepTest')}</option>
            <option value="relay">{t('control.relayTest')}</option>
          </select>
        </label>
        <label>
          {t('control.rule')}{' '}
          <select
            value={test === 'relay' ? 'zn-ultimate' : rule}
            disabled={test === 'relay'}
            onChange={(e) => setRule(STEP_RULES.find((r) => r === e.target.value) ?? 'simc')}
          >
            {test === 'relay' ? (
              <option value="zn-ultimate">Ziegler–Nichols (ultimate)</option>
            ) : (
              STEP_RULES.map((x) => (
                <option key={x} value={x}>
                  {t(`control.rule.${x}` as 'control.rule.simc')}
                </option>
              ))
            )}
          </select>
        </label>
        <label>
          {t('control.type')}{' '}
          <select
            value={type}
            onChange={(e) => setType(CONTROLLER_TYPES.find((c) => c === e.target.value) ?? '')}
          >
            <option value="">{t('control.typeDefault')}</option>
            <option value="PI">PI</option>
            <option value="PID">PID</option>
          </select>
        </label>
        <button type="button" onClick={() => void run()} disabled={busy} data-testid="run-assistant">
          {busy ? t('common.loading') : t('control.run')}
        </button>
      </div>
      {err && <ErrorBox error={err} />}
      {r && (
        <div data-testid="assistant-result">
          <p>
            {r.model
              ? t('control.fitted', {
                  k: num(r.model.gain, 3),
                  tau: num(r.model.tau, 1),
                  theta: num(r.model.deadTime, 1),
                  rmse: num(r.model.fitRmse, 3),
                  pv: unit,
                  op: loop.config.opUnit,
                })
              : r.ultimate
                ? t('control.ultimate', {
                    ku: num(r.ultimate.ku, 3),
                    pu: num(r.ultimate.pu, 1),
                    pv: unit,
                    op: loop.config.opUnit,
                  })
                : ''}
          </p>
          <p data-testid="proposed">
            {t('control.proposedSettings', {
              rule: r.proposed.rule,
              type: r.proposed.type,
              kc: num(r.proposed.kc, 3),
              ti: fmtTi(r.proposed.ti, num),
              td: num(r.proposed.td, 2),
            })}{' '}
            <button type="button" onClick={() => void apply()} data-testid="apply-proposed">
              {t('control.applyProposed')}
            </button>
          </p>
          <div className="two-col">
            <div>
              <h3>{t(r.test === 'step' ? 'control.stepTest' : 'control.relayTest')}</h3>
              <XyChart
                label={t('control.testRecord')}
                xName="s"
                series={[
                  { name: t('control.pv'), unit, x: r.record.t, y: r.record.pv },
                  {
                    name: t('control.op'),
                    unit: loop.config.opUnit,
                    x: r.record.t,
                    y: r.record.op,
                    step: true,
                  },
                ]}
              />
            </div>
            <div>
              <h3>{t('control.comparison', { step: num(r.comparison.setpointStep, 2), pv: unit })}</h3>
              <XyChart
                label={t('control.comparisonChart')}
                xName="s"
                series={[
                  {
                    name: t('control.sp'),
                    unit,
                    x: r.comparison.current.curve.t,
                    y: r.comparison.current.curve.sp,
                    dashed: true,
                    step: true,
                  },
                  {
                    name: `${t('control.pv')} · ${t('control.current')}`,
                    unit,
                    x: r.comparison.current.curve.t,
                    y: r.comparison.current.curve.pv,
                  },
                  {
                    name: `${t('control.pv')} · ${t('control.proposed')}`,
                    unit,
                    x: r.comparison.proposed.curve.t,
                    y: r.comparison.proposed.curve.pv,
                  },
                  {
                    name: `${t('control.op')} · ${t('control.proposed')}`,
                    unit: loop.config.opUnit,
                    x: r.comparison.proposed.curve.t,
                    y: r.comparison.proposed.curve.op,
                    dashed: true,
                  },
                ]}
              />
            </div>
          </div>
          <MetricsTable
            unit={unit}
            current={r.comparison.current.metrics}
            proposed={r.comparison.proposed.metrics}
          />
          <p className="small muted">
            {t('control.currentSettings', {
              kc: num(r.comparison.current.tuning.kc, 3),
              ti: fmtTi(r.comparison.current.tuning.ti, num),
              td: num(r.comparison.current.tuning.td, 2),
            })}
          </p>
        </div>
      )}
    </>
  );
}

export default function ControlPage() {
  const { t } = useI18n();
  const loops = useApi(
    'control/loops',
    (signal) => ok(client.GET('/api/v1/control/loops', { signal })),
    10_000,
  );
  const [picked, setPicked] = useState<string>();
  const list = loops.data?.loops ?? [];
  const id = picked ?? list[0]?.id;
  const current = list.find((l) => l.id === id);
  return (
    <div className="page control">
      <h1>{t('control.title')}</h1>
      <Async state={loops} isEmpty={(d) => d.loops.length === 0} empty={t('control.noLoops')}>
        {() => (
          <>
            {list.length > 1 && (
              <label>
                {t('control.loop')}{' '}
                <select value={id} onChange={(e) => setPicked(e.target.value)}>
                  {list.map((l) => (
                    <option key={l.id} value={l.id}>
                      {l.id}
                    </option>
                  ))}
                </select>
              </label>
            )}
            {id && (
              <section aria-labelledby="faceplate-h">
                <h2 id="faceplate-h">
                  {t('control.faceplate')}: <code>{id}</code>
                </h2>
                <Faceplate id={id} />
              </section>
            )}
            {current && (
              <section aria-labelledby="assistant-h">
                <h2 id="assistant-h">{t('control.assistant')}</h2>
                <Assistant loop={current} onApplied={loops.reload} />
              </section>
            )}
          </>
        )}
      </Async>
    </div>
  );
}
