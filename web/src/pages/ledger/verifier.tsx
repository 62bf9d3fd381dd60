/**
 * An inclusion proof checked in this browser (WebCrypto SHA-256 and Ed25519, lib/ledger-verify.ts)
 * step by step; the bundle text is editable so anyone can see a tampered proof fail.
 */
import { useState } from 'react';
import type { Schema } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import { type VerifyOutcome, type VerifyStep, verifyBundleInBrowser } from '../../lib/ledger-verify.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { latestCheckpoint } from './latest-checkpoint.js';

type LedgerProofBundle = Schema<'LedgerProofBundle'>;

function StepLine({ step }: { step: VerifyStep }) {
  const { t } = useI18n();
  return (
    <li className={step.ok ? 'pass' : 'fail'} data-step={step.kind} data-ok={step.ok}>
      <span className="mark" aria-hidden="true">
        {step.ok ? '✓' : '✗'}
      </span>
      <span className="sr-only">{step.ok ? t('ledger.pass') : t('ledger.fail')}: </span>
      <span className="mono">{t(`ledger.step.${step.kind}` as MessageKey, step.params)}</span>
    </li>
  );
}

export function Verifier({
  bundleText,
  setBundleText,
}: {
  bundleText: string;
  setBundleText: (s: string) => void;
}) {
  const { t } = useI18n();
  const keys = useApi('ledger/checkpoints 1', latestCheckpoint);
  const [pinned, setPinned] = useState('');
  const [outcome, setOutcome] = useState<VerifyOutcome>();
  const action = useAction();
  const run = async () => {
    setOutcome(undefined);
    const key = pinned.trim() || keys.data?.public_key;
    // The bundle is whatever was typed: JSON.parse's error is the message the user sees.
    setOutcome(
      await action.run(() => verifyBundleInBrowser(JSON.parse(bundleText) as LedgerProofBundle, key)),
    );
  };
  return (
    <>
      <p className="small muted">{t('ledger.verifyHint')}</p>
      <label>
        {t('ledger.pinKey')}{' '}
        <input
          type="text"
          className="mono"
          size={60}
          value={pinned}
          placeholder={keys.data?.public_key ?? ''}
          onChange={(e) => setPinned(e.target.value)}
        />
      </label>
      <label className="block">
        {t('ledger.bundle')}
        <textarea
          className="ledger-bundle mono"
          data-testid="ledger-bundle"
          value={bundleText}
          onChange={(e) => setBundleText(e.target.value)}
          spellCheck={false}
        />
      </label>
      <div className="toolbar">
        <button type="button" onClick={run} disabled={bundleText.trim() === ''}>
          {t('ledger.verifyInBrowser')}
        </button>
      </div>
      {action.error && <ErrorBox error={action.error} />}
      {outcome && (
        <div data-testid="ledger-verdict" data-ok={outcome.ok}>
          <p className={`status ${outcome.ok ? '' : 'error'}`} role="status">
            {outcome.ok ? t('ledger.valid') : t('ledger.invalid')}
          </p>
          <ol className="ledger-steps">
            {outcome.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: steps are a fixed, ordered list
              <StepLine key={i} step={s} />
            ))}
          </ol>
        </div>
      )}
    </>
  );
}
