/**
 * Ledger explorer: the signed GS1 EPCIS events (what, when, where, why, and which organisation
 * signed), the checkpoint history with witness cosignatures, and an inclusion proof checked here in
 * the browser (WebCrypto SHA-256 and Ed25519, lib/ledger-verify.ts) step by step. The bundle text
 * is editable so anyone can see a tampered proof fail.
 */
import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { Checkpoints } from './checkpoints.js';
import { Events } from './events.js';
import { latestCheckpoint } from './latest-checkpoint.js';
import { TraceView } from './trace.js';
import { Verifier } from './verifier.js';

export default function LedgerPage() {
  const { t } = useI18n();
  const [bundleText, setBundleText] = useState('');
  const loading = useAction();
  const meta = useApi('ledger/checkpoints 1', latestCheckpoint);
  const load = async (index: number) => {
    const b = await loading.run(() =>
      ok(client.GET('/api/v1/ledger/proofs/{index}', { params: { path: { index } } })),
    );
    if (!b) return;
    setBundleText(JSON.stringify(b, null, 2));
    document.getElementById('verify-h')?.scrollIntoView({ behavior: 'smooth' });
  };
  return (
    <>
      <h1>{t('ledger.title')}</h1>
      <section aria-labelledby="events-h">
        <h2 id="events-h">{t('ledger.events')}</h2>
        <Events onVerify={load} />
      </section>
      <section aria-labelledby="trace-h">
        <h2 id="trace-h">{t('ledger.trace')}</h2>
        <TraceView onVerify={load} />
      </section>
      <section aria-labelledby="cp-h">
        <h2 id="cp-h">{t('ledger.checkpoints')}</h2>
        <Checkpoints origin={meta.data?.origin} />
      </section>
      <section aria-labelledby="verify-h">
        <h2 id="verify-h">{t('ledger.proof')}</h2>
        {loading.error && <ErrorBox error={loading.error} />}
        <Verifier bundleText={bundleText} setBundleText={setBundleText} />
      </section>
    </>
  );
}
