/**
 * Production planning: edit a plan in tables (demand and hours per period, products, lines,
 * routings, bill of materials), prefilled with the example plan and the plant's own lines from
 * the asset tree, with demand from stored demand series when the store has them; the plan
 * document (YAML, docs/planning.md) stays in sync under "Advanced". Solve it on the server (a
 * worker thread there), and read the answer: the plan as a Gantt chart per
 * line and period, utilisation per line, the binding capacities and shadow prices in words, the
 * cost breakdown; then change a line's hours or a product's demand and compare the two plans
 * side by side.
 */
import { CustomChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { client, ok, type Schema } from '../api/client.js';
import { PlanTables, useProblemText } from '../components/plan-tables.js';
import { ErrorBox, Loading } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { escapeHtml } from '../lib/escape-html.js';
import {
  draftFromPlan,
  type PlanDraft,
  type PlantLine,
  planFromDraft,
  plantLines,
  withPlantLines,
} from '../lib/plan-draft.js';
import { useApi } from '../lib/use-api.js';

type PlanCosts = Schema<'PlanCosts'>;
type PlanResult = Schema<'PlanResult'>;
type StoredPlan = Schema<'StoredPlan'>;

const loadPlan = (id: string) => ok(client.GET('/api/v1/plans/{id}', { params: { path: { id } } }));

echarts.use([CustomChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);

const PALETTE = ['#2f6fb0', '#d9822b', '#3a9a5b', '#a64ca6', '#c23b3b', '#6b7b8c', '#b59b00', '#1f9e9e'];
const COST_KEYS = ['production', 'overtime', 'setup', 'holding', 'backlog', 'total'] as const;

interface Block {
  readonly value: [number, number, number];
  readonly product: string;
  readonly quantity: number;
  readonly hours: number;
  readonly period: string;
  readonly line: string;
}

/**
 * Gantt: one row per line, one block of the x axis per period; within a period each product's run
 * takes a width proportional to its hours over the period's regular hours (or the hours used, when
 * overtime ran), so a full period is a full block.
 */
function Gantt({ result, lineNames }: { result: PlanResult; lineNames: ReadonlyMap<string, string> }) {
  const { t, num } = useI18n();
  const el = useRef<HTMLDivElement>(null);
  const lines = useMemo(() => [...new Set(result.lines.map((l) => l.line))], [result]);
  const products = useMemo(
    () => [...new Set(result.lines.flatMap((l) => l.production.map((p) => p.product)))],
    [result],
  );
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
    const blocks: Block[] = [];
    for (const lp of result.lines) {
      const y = lines.indexOf(lp.line);
      const x0 = result.periods.indexOf(lp.period);
      const span = Math.max(lp.regularHours, lp.usedHours) || 1;
      let at = x0;
      for (const p of lp.production) {
        const w = (p.hours / span) * 0.96;
        blocks.push({
          value: [at, at + w, y],
          product: p.product,
          quantity: p.quantity,
          hours: p.hours,
          period: lp.period,
          line: lp.line,
        });
        at += w;
      }
    }
    chart.setOption({
      animation: false,
      tooltip: {
        formatter: (p: { data: Block }) =>
          escapeHtml(
            t('planning.ganttTip', {
              product: p.data.product,
              quantity: num(p.data.quantity, 1),
              hours: num(p.data.hours, 1),
              line: p.data.line,
              period: p.data.period,
            }),
          ),
      },
      legend: { data: products, top: 0 },
      grid: { left: 110, right: 20, top: 32, bottom: 30 },
      xAxis: {
        type: 'value',
        min: 0,
        max: result.periods.length,
        interval: 1,
        axisLabel: { formatter: (v: number) => result.periods[v] ?? '' },
        splitLine: { show: true },
      },
      yAxis: {
        type: 'category',
        data: lines.map((l) => lineNames.get(l) ?? l),
        inverse: true,
      },
      series: products.map((product, i) => ({
        name: product,
        type: 'custom',
        itemStyle: { color: PALETTE[i % PALETTE.length] },
        encode: { x: [0, 1], y: 2 },
        data: blocks.filter((b) => b.product === product),
        renderItem: (
          params: { dataIndex: number },
          a: {
            value(i: number): number;
            coord(v: [number, number]): [number, number];
            size(v: [number, number]): [number, number];
            style(): Record<string, unknown>;
          },
        ) => {
          const start = a.coord([a.value(0), a.value(2)]);
          const end = a.coord([a.value(1), a.value(2)]);
          const h = a.size([0, 1])[1] * 0.6;
          const width = Math.max(1, end[0] - start[0]);
          const block = blocks.filter((b) => b.product === product)[params.dataIndex];
          // A label only where it fits: product and units, the hours are in the tooltip and table.
          const label = block ? `${product} ${num(block.quantity, 0)}` : '';
          return {
            type: 'group',
            children: [
              {
                type: 'rect',
                shape: { x: start[0], y: start[1] - h / 2, width, height: h },
                style: a.style(),
              },
              ...(width > label.length * 7 + 6
                ? [
                    {
                      type: 'text',
                      style: {
                        text: label,
                        x: start[0] + 4,
                        y: start[1],
                        verticalAlign: 'middle',
                        fill: '#fff',
                        font: '11px sans-serif',
                      },
                    },
                  ]
                : []),
            ],
          };
        },
      })),
    });
    const ro = new ResizeObserver(() => chart.resize());
    ro.observe(el.current);
    return () => {
      ro.disconnect();
      chart.dispose();
    };
  }, [result, lines, products, lineNames, t, num]);
  return (
    <>
      <div
        ref={el}
        data-testid="plan-gantt"
        role="img"
        aria-label={t('planning.ganttLabel')}
        style={{ height: 70 + lines.length * 56, width: '100%' }}
      />
      {/* The chart's content as a table, for screen readers and for reading exact figures. */}
      <details className="gantt-table">
        <summary>{t('planning.ganttTable')}</summary>
        <table className="data" data-testid="gantt-data">
          <thead>
            <tr>
              <th scope="col">{t('planning.line')}</th>
              <th scope="col">{t('planning.period')}</th>
              <th scope="col">{t('planning.product')}</th>
              <th scope="col">{t('planning.units')}</th>
              <th scope="col">{t('planning.hours')}</th>
            </tr>
          </thead>
          <tbody>
            {result.lines.flatMap((lp) =>
              lp.production.map((p) => (
                <tr key={`${lp.line}|${lp.period}|${p.product}`} data-line={lp.line}>
                  <th scope="row">{lineNames.get(lp.line) ?? lp.line}</th>
                  <td>{lp.period}</td>
                  <td>{p.product}</td>
                  <td className="num">{num(p.quantity, 1)}</td>
                  <td className="num">{num(p.hours, 1)}</td>
                </tr>
              )),
            )}
          </tbody>
        </table>
      </details>
    </>
  );
}

function Costs({ costs, currency }: { costs: PlanCosts; currency: string }) {
  const { t, num } = useI18n();
  return (
    <table className="data" data-testid="plan-costs">
      <tbody>
        {COST_KEYS.map((k) => (
          <tr key={k} className={k === 'total' ? 'total-row' : undefined}>
            <th scope="row">{t(`planning.cost.${k}`)}</th>
            <td className="num">
              {currency}
              {num(costs[k], 2)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Utilisation({ result, lineNames }: { result: PlanResult; lineNames: ReadonlyMap<string, string> }) {
  const { t, pct, num } = useI18n();
  const lines = [...new Set(result.lines.map((l) => l.line))];
  return (
    <div className="table-wrap">
      <table className="data" data-testid="plan-utilisation">
        <caption className="sr-only">{t('planning.utilisation')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('planning.line')}</th>
            {result.periods.map((p) => (
              <th scope="col" key={p}>
                {p}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr key={line}>
              <th scope="row">{lineNames.get(line) ?? line}</th>
              {result.periods.map((p) => {
                const c = result.lines.find((l) => l.line === line && l.period === p);
                if (!c) return <td key={p} />;
                const u = c.utilisation ?? 0;
                return (
                  <td
                    key={p}
                    className={`num util ${c.binding ? 'binding' : u > 0.85 ? 'high' : ''}`}
                    title={t('planning.utilTip', {
                      used: num(c.usedHours, 1),
                      regular: num(c.regularHours, 0),
                      overtime: num(c.overtimeHours, 1),
                    })}
                  >
                    {pct(c.utilisation, 0)}
                    {c.binding && <span className="small binding-mark"> {t('planning.bindingMark')}</span>}
                    {c.overtimeHours > 0 && (
                      <div className="muted small">
                        {t('planning.overtime', { hours: num(c.overtimeHours, 1) })}
                      </div>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted small">{t('planning.bindingLegend')}</p>
    </div>
  );
}

function PlanView({ plan }: { plan: StoredPlan }) {
  const { t, num } = useI18n();
  const r = plan.result;
  const lineNames = useMemo(
    () => new Map(plan.input.lines.map((l) => [l.id, l.name ? `${l.id} ${l.name}` : l.id])),
    [plan],
  );
  return (
    <div className="plan-view" data-plan={plan.id}>
      <p className={`status ${r.costs ? '' : 'error'}`} role="status" data-testid="plan-message">
        {r.message}
      </p>
      {r.conflict.length > 0 && (
        <ul data-testid="plan-conflict">
          {r.conflict.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
      )}
      {r.costs && (
        <>
          <h3>{t('planning.gantt')}</h3>
          <Gantt result={r} lineNames={lineNames} />
          <div className="two-col">
            <section>
              <h3>{t('planning.sensitivity')}</h3>
              <ul className="sentences" data-testid="plan-sensitivity">
                {r.sensitivity.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            </section>
            <section>
              <h3>{t('planning.costs')}</h3>
              <Costs costs={r.costs} currency={r.currency} />
              <p className="muted small">
                {t('planning.modelSize', {
                  variables: num(r.model.variables, 0),
                  integers: num(r.model.integers, 0),
                  constraints: num(r.model.constraints, 0),
                  seconds: num(r.solveSeconds, 3),
                })}
              </p>
            </section>
          </div>
          <h3>{t('planning.utilisation')}</h3>
          <Utilisation result={r} lineNames={lineNames} />
        </>
      )}
    </div>
  );
}

function Comparison({ base, alt }: { base: StoredPlan; alt: StoredPlan }) {
  const { t, num, pct } = useI18n();
  const c = alt.comparison;
  if (!c) return null;
  const cur = base.result.currency;
  const money = (v: number | undefined) =>
    v === undefined ? '—' : `${v < 0 ? '−' : ''}${cur}${num(Math.abs(v), 2)}`;
  return (
    <section aria-labelledby="cmp-h" data-testid="plan-comparison">
      <h2 id="cmp-h">{t('planning.comparison')}</h2>
      <p className="status" data-testid="comparison-summary">
        {c.summary}
      </p>
      <div className="two-col">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('planning.costs')}</th>
              <th scope="col">{base.name}</th>
              <th scope="col">{alt.name}</th>
              <th scope="col">{t('planning.delta')}</th>
            </tr>
          </thead>
          <tbody>
            {COST_KEYS.map((k) => {
              const d = c.costDelta[k];
              return (
                <tr key={k} className={k === 'total' ? 'total-row' : undefined}>
                  <th scope="row">{t(`planning.cost.${k}`)}</th>
                  <td className="num">{money(base.result.costs?.[k])}</td>
                  <td className="num">{money(alt.result.costs?.[k])}</td>
                  <td
                    className={`num ${d !== undefined && d < 0 ? 'cost-down' : d !== undefined && d > 0 ? 'cost-up' : ''}`}
                  >
                    {d === undefined ? '—' : `${d > 0 ? '+' : ''}${money(d)}`}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
        <table className="data">
          <thead>
            <tr>
              <th scope="col">{t('planning.line')}</th>
              <th scope="col">{t('planning.period')}</th>
              <th scope="col">{base.name}</th>
              <th scope="col">{alt.name}</th>
            </tr>
          </thead>
          <tbody>
            {c.utilisation.map((u) => (
              <tr key={`${u.line}|${u.period}`}>
                <th scope="row">{u.line}</th>
                <td>{u.period}</td>
                <td className="num">{pct(u.base, 0)}</td>
                <td className={`num ${u.alternative !== u.base ? 'util-changed' : ''}`}>
                  {pct(u.alternative, 0)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>{alt.name}</h3>
      <PlanView plan={alt} />
    </section>
  );
}

function WhatIfForm({ plan, onDone }: { plan: StoredPlan; onDone: (alt: StoredPlan) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'line' | 'demand'>('line');
  const [target, setTarget] = useState(plan.input.lines[0]?.id ?? '');
  const [period, setPeriod] = useState('');
  const [delta, setDelta] = useState('8');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const targets = kind === 'line' ? plan.input.lines.map((l) => l.id) : plan.input.products.map((p) => p.id);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = Number(delta);
    if (!Number.isFinite(d)) {
      setError(new Error(t('planning.deltaInvalid')));
      return;
    }
    const change = { ...(period ? { period } : {}), delta: d };
    setBusy(true);
    setError(undefined);
    try {
      const alt = await ok(
        client.POST('/api/v1/plans/{id}/what-if', {
          params: { path: { id: plan.id } },
          body:
            kind === 'line'
              ? {
                  lineHours: [{ line: target, ...change }],
                  name: t('planning.whatIfName', { what: `${target} ${d > 0 ? '+' : ''}${d} h` }),
                }
              : {
                  demand: [{ product: target, ...change }],
                  name: t('planning.whatIfName', { what: `${target} ${d > 0 ? '+' : ''}${d}` }),
                },
        }),
      );
      onDone(alt);
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="toolbar what-if" onSubmit={submit} aria-label={t('planning.whatIf')}>
      <label>
        {t('planning.change')}{' '}
        <select
          value={kind}
          onChange={(e) => {
            const k = e.target.value as 'line' | 'demand';
            setKind(k);
            setTarget((k === 'line' ? plan.input.lines[0]?.id : plan.input.products[0]?.id) ?? '');
          }}
          data-testid="whatif-kind"
        >
          <option value="line">{t('planning.lineHours')}</option>
          <option value="demand">{t('planning.demand')}</option>
        </select>
      </label>
      <label>
        {kind === 'line' ? t('planning.line') : t('planning.product')}{' '}
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="whatif-target">
          {targets.map((x) => (
            <option key={x} value={x}>
              {x}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('planning.period')}{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="whatif-period">
          <option value="">{t('planning.allPeriods')}</option>
          {plan.input.periods.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      <label>
        {kind === 'line' ? t('planning.deltaHours') : t('planning.deltaUnits')}{' '}
        <input
          type="number"
          step="any"
          value={delta}
          onChange={(e) => setDelta(e.target.value)}
          data-testid="whatif-delta"
          style={{ width: '6em' }}
        />
      </label>
      <button type="submit" disabled={busy} data-testid="whatif-run">
        {busy ? t('planning.solving') : t('planning.runWhatIf')}
      </button>
      {error && <ErrorBox error={error} />}
    </form>
  );
}

/** Demand series: a stored series whose metric names demand or orders. */
const DEMAND_METRIC = /demand|orders?$/i;

interface Prefill {
  readonly plantLines: readonly PlantLine[];
  readonly demandSeries: readonly string[];
  /** Why the asset tree or series could not be read (then the example stands). */
  readonly warning: string | undefined;
}

export default function PlanningPage() {
  const { t, dateTime, num } = useI18n();
  const problemText = useProblemText();
  const [draft, setDraft] = useState<PlanDraft>();
  const [prefill, setPrefill] = useState<Prefill>();
  const [yamlOpen, setYamlOpen] = useState(false);
  const [yamlText, setYamlText] = useState('');
  const [yamlError, setYamlError] = useState<string>();
  const [seriesFor, setSeriesFor] = useState<Record<string, string>>({});
  const [forecast, setForecast] = useState<Record<string, string[]>>({});
  const [showProblems, setShowProblems] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error>();
  const [plan, setPlan] = useState<StoredPlan>();
  const [alt, setAlt] = useState<StoredPlan>();
  const recent = useApi('plans', (signal) =>
    ok(client.GET('/api/v1/plans', { params: { query: { limit: 10 } }, signal })),
  );
  /** The last draft change came from the YAML editor: do not rewrite the text being typed. */
  const fromYaml = useRef(false);

  const checked = useMemo(() => (draft ? planFromDraft(draft) : undefined), [draft]);
  const problems = useMemo(() => (checked && !checked.ok ? checked.problems : []), [checked]);
  const problemMap = useMemo(
    () => new Map(showProblems ? problems.map((p) => [p.key, problemText(p)]) : []),
    [problems, showProblems, problemText],
  );

  // Tables → YAML whenever the tables hold a valid plan.
  useEffect(() => {
    if (fromYaml.current) {
      fromYaml.current = false;
      return;
    }
    if (checked?.ok) {
      setYamlText(stringifyYaml(checked.plan));
      setYamlError(undefined);
    }
  }, [checked]);

  const replaceDraft = (d: PlanDraft) => {
    setDraft(d);
    setShowProblems(false);
  };
  const fromPlanObject = (obj: unknown): boolean => {
    const r = draftFromPlan(obj);
    if (!r.ok) {
      setError(new Error(r.error));
      return false;
    }
    replaceDraft(r.draft);
    return true;
  };

  // First open: the example plan, with the plant's own lines from the asset tree when it has any.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on opening the page
  useEffect(() => {
    const ctrl = new AbortController();
    (async () => {
      const [example, assets, series] = await Promise.allSettled([
        ok(client.GET('/api/v1/plans/example', { signal: ctrl.signal })),
        ok(client.GET('/api/v1/assets', { signal: ctrl.signal })),
        ok(client.GET('/api/v1/series', { signal: ctrl.signal })),
      ]);
      if (ctrl.signal.aborted) return;
      if (example.status === 'rejected') {
        setError(example.reason instanceof Error ? example.reason : new Error(String(example.reason)));
        return;
      }
      const failed = [assets, series].find((r) => r.status === 'rejected');
      const lines = assets.status === 'fulfilled' ? plantLines(assets.value.assets) : [];
      const demandSeries =
        series.status === 'fulfilled'
          ? series.value.series.filter((s) => DEMAND_METRIC.test(s.metric)).map((s) => s.id)
          : [];
      setPrefill({
        plantLines: lines,
        demandSeries,
        warning:
          failed?.status === 'rejected'
            ? String((failed.reason as Error)?.message ?? failed.reason)
            : undefined,
      });
      const r = draftFromPlan(example.value);
      if (r.ok) replaceDraft(withPlantLines(r.draft, lines));
    })();
    return () => ctrl.abort();
  }, []);

  const onYaml = (text: string) => {
    setYamlText(text);
    let obj: unknown;
    try {
      obj = parseYaml(text);
    } catch (e) {
      setYamlError((e as Error).message.split('\n')[0]);
      return;
    }
    const r = draftFromPlan(obj);
    if (!r.ok) {
      setYamlError(r.error);
      return;
    }
    setYamlError(undefined);
    fromYaml.current = true;
    setDraft(r.draft);
  };

  const loadExample = async () => {
    setError(undefined);
    try {
      fromPlanObject(await ok(client.GET('/api/v1/plans/example')));
      setSeriesFor({});
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const open = async (id: string) => {
    setError(undefined);
    try {
      const p = await loadPlan(id);
      const base = p.parent ? await loadPlan(p.parent) : p;
      setPlan(base);
      setAlt(p.parent ? p : undefined);
      fromPlanObject(p.input);
      setSeriesFor({});
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
  };
  const solve = async (e: FormEvent) => {
    e.preventDefault();
    setShowProblems(true);
    if (!checked?.ok || (yamlOpen && yamlError)) return;
    const fromSeries = Object.entries(seriesFor)
      .filter(([product, series]) => series !== '' && draft?.products.some((p) => p.id === product))
      .map(([product, series]) => ({ product, series, aggregate: 'sum' as const }));
    setBusy(true);
    setError(undefined);
    try {
      const p = await ok(
        client.POST('/api/v1/plans', {
          body: {
            plan: checked.plan,
            // One period of the plan is a week: the series is summed per week and forecast.
            ...(fromSeries.length > 0 ? { demandFromSeries: fromSeries, period: '7d' } : {}),
          },
        }),
      );
      setPlan(p);
      setAlt(undefined);
      recent.reload();
      if (fromSeries.length > 0) {
        // The forecast demand goes into the tables (and so the YAML): what was solved is on screen.
        const solved = (p.input as { demand?: Record<string, number[]> }).demand ?? {};
        const values = Object.fromEntries(
          fromSeries.map((f) => [f.product, (solved[f.product] ?? []).map(String)]),
        );
        setForecast(values);
        setDraft(
          (d) =>
            d && {
              ...d,
              products: d.products.map((x) =>
                values[x.id] ? { ...x, demand: values[x.id] ?? x.demand } : x,
              ),
            },
        );
      }
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      setBusy(false);
    }
  };
  const plant = prefill?.plantLines ?? [];
  return (
    <div className="page planning">
      <h1>{t('planning.title')}</h1>
      <p className="muted">{t('planning.intro')}</p>
      {!draft && !error && <Loading />}
      {draft && prefill && (
        <form onSubmit={solve} aria-label={t('planning.editor')} noValidate>
          <ul className="muted small" data-testid="plan-prefill">
            <li>
              {plant.length > 0
                ? t('planning.prefillLines', {
                    count: plant.length,
                    lines: plant.map((l) => l.id).join(', '),
                  })
                : t('planning.prefillNoLines')}
              {plant.length > 0 &&
                (plant[0]?.hoursPerWeek !== undefined
                  ? ` ${t('planning.prefillShifts', { shifts: plant[0].shifts ?? '', hours: num(plant[0].hoursPerWeek, 0) })}`
                  : ` ${t('planning.prefillNoShifts')}`)}
            </li>
            <li>
              {prefill.demandSeries.length > 0
                ? t('planning.prefillSeries', { count: prefill.demandSeries.length })
                : t('planning.prefillNoSeries')}
            </li>
            {prefill.warning && <li>{t('planning.prefillWarning', { message: prefill.warning })}</li>}
          </ul>
          <PlanTables
            draft={draft}
            onChange={(d) => setDraft(d)}
            problems={problemMap}
            demandSource={{
              series: prefill.demandSeries,
              chosen: seriesFor,
              forecast,
              onChoose: (product, series) => {
                setSeriesFor((m) => ({ ...m, [product]: series }));
                setForecast(({ [product]: _, ...rest }) => rest);
              },
            }}
          />
          {showProblems && problems.length > 0 && (
            <div className="status error" role="alert" data-testid="plan-problems">
              <p>{t('planning.problems', { count: problems.length })}</p>
              <ul>
                {problems.slice(0, 20).map((p) => (
                  <li key={`${p.key}|${p.code}`}>{problemText(p)}</li>
                ))}
              </ul>
            </div>
          )}
          <details
            className="advanced"
            open={yamlOpen}
            onToggle={(e) => setYamlOpen((e.target as HTMLDetailsElement).open)}
          >
            <summary data-testid="yaml-toggle">{t('planning.advancedYaml')}</summary>
            <label className="block">
              {t('planning.editor')}
              <textarea
                value={yamlText}
                onChange={(e) => onYaml(e.target.value)}
                rows={16}
                spellCheck={false}
                className="code"
                data-testid="plan-editor"
                aria-invalid={yamlError ? true : undefined}
              />
            </label>
            {yamlError && (
              <p className="status error" role="alert" data-testid="yaml-error">
                {t('planning.yamlInvalid', { message: yamlError })}
              </p>
            )}
            {!checked?.ok && <p className="muted small">{t('planning.yamlStale')}</p>}
          </details>
          <div className="toolbar">
            <button type="button" onClick={loadExample} data-testid="load-example">
              {t('planning.loadExample')}
            </button>
            {plant.length > 0 && (
              <button
                type="button"
                onClick={() => replaceDraft(withPlantLines(draft, plant))}
                data-testid="use-plant-lines"
              >
                {t('planning.usePlantLines')}
              </button>
            )}
            <button type="submit" disabled={busy} data-testid="solve">
              {busy ? t('planning.solving') : t('planning.solve')}
            </button>
          </div>
        </form>
      )}
      {error && <ErrorBox error={error} />}
      {plan && (
        <section aria-labelledby="plan-h">
          <h2 id="plan-h">{t('planning.plan', { name: plan.name })}</h2>
          <PlanView plan={plan} />
          {plan.result.costs && (
            <>
              <h2>{t('planning.whatIf')}</h2>
              <WhatIfForm
                plan={plan}
                onDone={(a) => {
                  setAlt(a);
                  recent.reload();
                }}
              />
            </>
          )}
        </section>
      )}
      {plan && alt && <Comparison base={plan} alt={alt} />}
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">{t('planning.recent')}</h2>
        {recent.error && <ErrorBox error={recent.error} onRetry={recent.reload} />}
        {recent.data && recent.data.plans.length === 0 && (
          <p className="status empty">{t('planning.noPlans')}</p>
        )}
        {recent.data && recent.data.plans.length > 0 && (
          <table className="data" data-testid="plan-list">
            <thead>
              <tr>
                <th scope="col">{t('planning.name')}</th>
                <th scope="col">{t('common.time')}</th>
                <th scope="col">{t('planning.status')}</th>
                <th scope="col">{t('planning.cost.total')}</th>
              </tr>
            </thead>
            <tbody>
              {recent.data.plans.map((p) => (
                <tr key={p.id}>
                  <th scope="row">
                    <button type="button" className="link" onClick={() => open(p.id)}>
                      {p.name}
                    </button>
                    {p.parent && <span className="muted small"> ({t('planning.whatIf')})</span>}
                  </th>
                  <td>{dateTime(p.createdAt)}</td>
                  <td>{p.status}</td>
                  <td className="num">
                    {p.totalCost === null ? '—' : `${p.currency}${num(p.totalCost, 2)}`}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </div>
  );
}
