/**
 * The tuning assistant: a step or relay test on a copy of the plant model (never on the live
 * plant), with the settings a tuning rule proposes, which the operator may apply to the loop.
 */
import { useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { Choice } from '../../components/choice.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { AssistantResult } from './assistant-result.js';
import { usePvUnit } from './loop-data.js';

type LoopView = Schema<'ControlLoop'>;
const STEP_RULES = ['simc', 'lambda', 'imc', 'amigo', 'zn', 'cc'] as const;
const CONTROLLER_TYPES = ['P', 'PI', 'PID'] as const;
const TESTS = ['step', 'relay'] as const;
/** The controller types the form offers beside the default. */
const OFFERED_TYPES = ['PI', 'PID'] as const;

export function Assistant({ loop, onApplied }: { loop: LoopView; onApplied: () => void }) {
  const { t } = useI18n();
  const unit = usePvUnit(loop.config.pvSeries);
  const [test, setTest] = useState<(typeof TESTS)[number]>('step');
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
        <Choice
          label={t('control.test')}
          value={test}
          options={TESTS}
          text={(x) => t(x === 'step' ? 'control.stepTest' : 'control.relayTest')}
          onChange={setTest}
          testId="test-kind"
        />
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
        <Choice
          label={t('control.type')}
          value={type}
          none={t('control.typeDefault')}
          options={OFFERED_TYPES}
          onChange={setType}
        />
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
