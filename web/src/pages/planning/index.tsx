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
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { ErrorBox, Loading } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { draftFromPlan, type PlanDraft, planFromDraft, withPlantLines } from '../../lib/plan-draft.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { Comparison } from './comparison.js';
import { PlanTables } from './plan-tables.js';
import { PlanView } from './plan-view.js';
import { loadPrefill, type Prefill } from './prefill.js';
import { PrefillNotes } from './prefill-notes.js';
import { useProblemText } from './problem-text.js';
import { RecentPlans } from './recent-plans.js';
import { usePlanYaml } from './use-plan-yaml.js';
import { WhatIfForm } from './what-if-form.js';
import { YamlEditor } from './yaml-editor.js';

type StoredPlan = Schema<'StoredPlan'>;

const loadPlan = (id: string) => ok(client.GET('/api/v1/plans/{id}', { params: { path: { id } } }));

export default function PlanningPage() {
  const { t } = useI18n();
  const problemText = useProblemText();
  const [draft, setDraft] = useState<PlanDraft>();
  const [prefill, setPrefill] = useState<Prefill>();
  const [yamlOpen, setYamlOpen] = useState(false);
  const [seriesFor, setSeriesFor] = useState<Record<string, string>>({});
  const [forecast, setForecast] = useState<Record<string, string[]>>({});
  const [showProblems, setShowProblems] = useState(false);
  // Loading a plan into the tables shares the error box with solving, not the solve button.
  const action = useAction<'solve' | 'load'>();
  const [plan, setPlan] = useState<StoredPlan>();
  const [alt, setAlt] = useState<StoredPlan>();
  const recent = useApi('plans', (signal) =>
    ok(client.GET('/api/v1/plans', { params: { query: { limit: 10 } }, signal })),
  );

  const checked = useMemo(() => (draft ? planFromDraft(draft) : undefined), [draft]);
  const problems = useMemo(() => (checked && !checked.ok ? checked.problems : []), [checked]);
  const problemMap = useMemo(
    () => new Map(showProblems ? problems.map((p) => [p.key, problemText(p)]) : []),
    [problems, showProblems, problemText],
  );
  const yaml = usePlanYaml(checked, setDraft);

  const replaceDraft = (d: PlanDraft) => {
    setDraft(d);
    setShowProblems(false);
  };
  const fromPlanObject = (obj: unknown): boolean => {
    const r = draftFromPlan(obj);
    if (!r.ok) {
      action.fail(r.error);
      return false;
    }
    replaceDraft(r.draft);
    return true;
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: once, on opening the page
  useEffect(() => {
    const ctrl = new AbortController();
    loadPrefill(ctrl.signal).then(
      (start) => {
        if (ctrl.signal.aborted) return;
        setPrefill(start.prefill);
        if (start.draft) replaceDraft(start.draft);
      },
      (e: unknown) => {
        if (!ctrl.signal.aborted) action.fail(e instanceof Error ? e : new Error(String(e)));
      },
    );
    return () => ctrl.abort();
  }, []);

  const loadExample = () =>
    action.run(async () => {
      fromPlanObject(await ok(client.GET('/api/v1/plans/example')));
      setSeriesFor({});
    }, 'load');
  const open = (id: string) =>
    action.run(async () => {
      const p = await loadPlan(id);
      const base = p.parent ? await loadPlan(p.parent) : p;
      setPlan(base);
      setAlt(p.parent ? p : undefined);
      fromPlanObject(p.input);
      setSeriesFor({});
    }, 'load');
  const solve = async (e: FormEvent) => {
    e.preventDefault();
    setShowProblems(true);
    if (!checked?.ok || (yamlOpen && yaml.error)) return;
    const fromSeries = Object.entries(seriesFor)
      .filter(([product, series]) => series !== '' && draft?.products.some((p) => p.id === product))
      .map(([product, series]) => ({ product, series, aggregate: 'sum' as const }));
    const p = await action.run(
      () =>
        ok(
          client.POST('/api/v1/plans', {
            body: {
              plan: checked.plan,
              // One period of the plan is a week: the series is summed per week and forecast.
              ...(fromSeries.length > 0 ? { demandFromSeries: fromSeries, period: '7d' } : {}),
            },
          }),
        ),
      'solve',
    );
    if (!p) return;
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
            products: d.products.map((x) => (values[x.id] ? { ...x, demand: values[x.id] ?? x.demand } : x)),
          },
      );
    }
  };
  const plant = prefill?.plantLines ?? [];
  const solving = action.busy === 'solve';
  return (
    <div className="page planning">
      <h1>{t('planning.title')}</h1>
      <p className="muted">{t('planning.intro')}</p>
      {!draft && !action.error && <Loading />}
      {draft && prefill && (
        <form onSubmit={solve} aria-label={t('planning.editor')} noValidate>
          <PrefillNotes prefill={prefill} />
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
          <YamlEditor yaml={yaml} open={yamlOpen} onToggle={setYamlOpen} stale={!checked?.ok} />
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
            <button type="submit" disabled={solving} data-testid="solve">
              {solving ? t('planning.solving') : t('planning.solve')}
            </button>
          </div>
        </form>
      )}
      {action.error && <ErrorBox error={action.error} />}
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
      <RecentPlans recent={recent} onOpen={open} />
    </div>
  );
}
