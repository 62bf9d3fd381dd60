/**
 * A what-if on a solved plan: a line's hours or a product's demand changed by a delta, in one
 * period or all; the server solves the changed plan and compares it with this one.
 */
import { type FormEvent, useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { Options } from './options.js';

type StoredPlan = Schema<'StoredPlan'>;

/** What a what-if changes, and how the choice reads. */
const KINDS = [
  ['line', 'planning.lineHours'],
  ['demand', 'planning.demand'],
] as const;

export function WhatIfForm({ plan, onDone }: { plan: StoredPlan; onDone: (alt: StoredPlan) => void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<'line' | 'demand'>('line');
  const [target, setTarget] = useState(plan.input.lines[0]?.id ?? '');
  const [period, setPeriod] = useState('');
  const [delta, setDelta] = useState('8');
  const action = useAction();
  const targets = kind === 'line' ? plan.input.lines.map((l) => l.id) : plan.input.products.map((p) => p.id);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const d = Number(delta);
    if (!Number.isFinite(d)) {
      action.fail(t('planning.deltaInvalid'));
      return;
    }
    const change = { ...(period ? { period } : {}), delta: d };
    const alt = await action.run(() =>
      ok(
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
      ),
    );
    if (alt) onDone(alt);
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
          {KINDS.map(([k, label]) => (
            <option key={k} value={k}>
              {t(label)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {kind === 'line' ? t('planning.line') : t('planning.product')}{' '}
        <select value={target} onChange={(e) => setTarget(e.target.value)} data-testid="whatif-target">
          <Options values={targets} />
        </select>
      </label>
      <label>
        {t('planning.period')}{' '}
        <select value={period} onChange={(e) => setPeriod(e.target.value)} data-testid="whatif-period">
          <option value="">{t('planning.allPeriods')}</option>
          <Options values={plan.input.periods} />
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
      <button type="submit" disabled={action.busy !== undefined} data-testid="whatif-run">
        {action.busy ? t('planning.solving') : t('planning.runWhatIf')}
      </button>
      {action.error && <ErrorBox error={action.error} />}
    </form>
  );
}
