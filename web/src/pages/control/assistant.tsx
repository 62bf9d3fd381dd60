/**
 * The tuning assistant: a step or relay test on a copy of the plant model (never on the live
 * plant), with the settings a tuning rule proposes, which the operator may apply to the loop.
 */
import { useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { AssistantResult } from './assistant-result.js';
import { usePvUnit } from './loop-data.js';

type LoopView = Schema<'ControlLoop'>;
const STEP_RULES = ['simc', 'lambda', 'imc', 'amigo', 'zn', 'cc'] as const;
const CONTROLLER_TYPES = ['P', 'PI', 'PID'] as const;

export function Assistant({ loop, onApplied }: { loop: LoopView; onApplied: () => void }) {
  const { t } = useI18n();
  const unit = usePvUnit(loop.config.pvSeries);
  const [test, setTest] = useState<'step' | 'relay'>('step');
  const [rule, setRule] = useState<(typeof STEP_RULES)[number]>('simc');
  const [type, setType] = useState<(typeof CONTROLLER_TYPES)[number] | ''>('');
  const [result, setResult] = useState<Schema<'AssistantResult'>>();
  const action = useAction<'run' | 'apply'>();
  const path = { id: loop.id };
  const run = async () => {
    const r = await action.run(
      () =>
        ok(
          client.POST('/api/v1/control/loops/{id}/assistant', {
            params: { path },
            body: { test, rule: test === 'relay' ? 'zn-ultimate' : rule, ...(type === '' ? {} : { type }) },
          }),
        ),
      'run',
    );
    if (r) setResult(r);
  };
  const apply = async (r: Schema<'AssistantResult'>) => {
    const { kc, ti, td } = r.proposed;
    const reason = `tuning assistant: ${r.test} test, ${r.proposed.rule} ${r.proposed.type}`;
    const done = await action.run(async () => {
      await ok(
        client.POST('/api/v1/control/loops/{id}/tuning', { params: { path }, body: { kc, ti, td, reason } }),
      );
      return true;
    }, 'apply');
    if (done) onApplied();
  };
  if (!loop.config.plant) return <p className="muted">{t('control.noPlant')}</p>;
  const busy = action.busy === 'run';
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
      {action.error && <ErrorBox error={action.error} />}
      {result && (
        <AssistantResult
          result={result}
          unit={unit}
          opUnit={loop.config.opUnit}
          onApply={() => void apply(result)}
        />
      )}
    </>
  );
}
