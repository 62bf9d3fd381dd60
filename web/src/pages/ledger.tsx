/**
 * Ledger explorer: the signed GS1 EPCIS events (what, when, where, why, and which organisation
 * signed), the checkpoint history with witness cosignatures, and an inclusion proof checked here in
 * the browser (WebCrypto SHA-256 and Ed25519, lib/ledger-verify.ts) step by step. The bundle text
 * is editable so anyone can see a tampered proof fail.
 */
import { useState } from 'react';
import { client, ok, type Schema } from '../api/client.js';
import { Async, ErrorBox } from '../components/status.js';
import { type MessageKey, useI18n } from '../i18n/i18n.js';
import { type VerifyOutcome, type VerifyStep, verifyBundleInBrowser } from '../lib/ledger-verify.js';
import { useApi } from '../lib/use-api.js';
import { TraceView } from './ledger-trace.js';

type LedgerEntry = Schema<'LedgerEntry'>;
type LedgerProofBundle = Schema<'LedgerProofBundle'>;

const latestCheckpoint = (signal: AbortSignal) =>
  ok(client.GET('/api/v1/ledger/checkpoints', { params: { query: { limit: 1 } }, signal }));

const PAGE = 100;
const short = (uri: string): string => uri.replace(/^https:\/\/id\.gs1\.org\//, '');
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const list = (v: unknown): Record<string, unknown>[] =>
  Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === 'object' && x !== null) : [];

/** What the event is about: EPCs, quantities of classes, parent and children. */
function what(e: Readonly<Record<string, unknown>>): string {
  const qty = (q: Record<string, unknown>) =>
    `${short(String(q['epcClass']))} × ${String(q['quantity'] ?? '')}${q['uom'] ? ` ${String(q['uom'])}` : ''}`;
  const parts: string[] = [];
  const parent = str(e['parentID']);
  if (parent) parts.push(`${short(parent)} ⊃`);
  for (const k of ['epcList', 'childEPCs', 'inputEPCList', 'outputEPCList'])
    if (Array.isArray(e[k])) parts.push(...(e[k] as unknown[]).map((x) => short(String(x))));
  for (const k of ['inputQuantityList']) for (const q of list(e[k])) parts.push(`${qty(q)} →`);
  for (const k of ['quantityList', 'childQuantityList', 'outputQuantityList'])
    for (const q of list(e[k])) parts.push(qty(q));
  return parts.join(', ') || '—';
}

function where(e: Readonly<Record<string, unknown>>): string {
  const id = (v: unknown) => str((v as { id?: unknown } | undefined)?.id);
  const loc = id(e['bizLocation']);
  const rp = id(e['readPoint']);
  return (
    [loc, rp && rp !== loc ? rp : undefined]
      .filter(Boolean)
      .map((x) => short(x!))
      .join(' · ') || '—'
  );
}

function why(e: Readonly<Record<string, unknown>>): string {
  const tx = list(e['bizTransactionList']).map(
    (t) => `${String(t['type'] ?? '')}:${short(String(t['bizTransaction']))}`,
  );
  return [str(e['bizStep']), str(e['disposition']), ...tx].filter(Boolean).join(' · ') || '—';
}

function Events({ onVerify }: { onVerify: (index: number) => void }) {
  const { t, dateTime, num } = useI18n();
  const [from, setFrom] = useState(0);
  const state = useApi(
    `ledger/entries ${from}`,
    (signal) =>
      ok(client.GET('/api/v1/ledger/entries', { params: { query: { from, limit: PAGE } }, signal })),
    10_000,
  );
  return (
    <Async state={state} isEmpty={(d) => d.size === 0} empty={t('ledger.noEntries')}>
      {(d) => (
        <>
          <p data-testid="ledger-summary">
            {t('ledger.summary', { origin: d.origin, size: num(d.size, 0) })}
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="ledger-entries">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">{t('ledger.type')}</th>
                  <th scope="col">{t('ledger.what')}</th>
                  <th scope="col">{t('ledger.when')}</th>
                  <th scope="col">{t('ledger.where')}</th>
                  <th scope="col">{t('ledger.why')}</th>
                  <th scope="col">{t('ledger.signedBy')}</th>
                  <th scope="col">{t('ledger.recorded')}</th>
                  <th scope="col">
                    <span className="sr-only">{t('ledger.verify')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.entries.map((e: LedgerEntry) => (
                  <tr key={e.index} data-index={e.index}>
                    <th scope="row">{e.index}</th>
                    <td>
                      {e.event_type}
                      {e.correction && <span className="badge"> {t('ledger.correction')}</span>}
                    </td>
                    <td className="mono">{what(e.event)}</td>
                    <td>
                      {dateTime(Date.parse(e.event_time))}{' '}
                      <span className="muted small">{str(e.event['eventTimeZoneOffset'])}</span>
                    </td>
                    <td className="mono">{where(e.event)}</td>
                    <td>{why(e.event)}</td>
                    <td>
                      {e.org} <span className="muted small mono">{e.key_id}</span>
                    </td>
                    <td className="small">{dateTime(Date.parse(e.recorded_at))}</td>
                    <td>
                      <button type="button" onClick={() => onVerify(e.index)}>
                        {t('ledger.verify')}
                      </button>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <button type="button" disabled={from === 0} onClick={() => setFrom(Math.max(0, from - PAGE))}>
              {t('ledger.prev')}
            </button>
            <button type="button" disabled={from + PAGE >= d.size} onClick={() => setFrom(from + PAGE)}>
              {t('ledger.next')}
            </button>
          </div>
        </>
      )}
    </Async>
  );
}

function Checkpoints({ origin }: { origin: string | undefined }) {
  const { t, dateTime } = useI18n();
  const state = useApi(
    'ledger/checkpoints 20',
    (signal) => ok(client.GET('/api/v1/ledger/checkpoints', { params: { query: { limit: 20 } }, signal })),
    10_000,
  );
  return (
    <Async state={state} isEmpty={(d) => d.checkpoints.length === 0} empty={t('ledger.noCheckpoints')}>
      {(d) => (
        <>
          <p className="small">
            {t('ledger.logKey')} <span className="mono">{d.public_key}</span>
          </p>
          <div className="table-wrap">
            <table className="data" data-testid="ledger-checkpoints">
              <thead>
                <tr>
                  <th scope="col">{t('ledger.treeSize')}</th>
                  <th scope="col">{t('ledger.root')}</th>
                  <th scope="col">{t('ledger.signed')}</th>
                  <th scope="col">{t('ledger.cosigners')}</th>
                </tr>
              </thead>
              <tbody>
                {d.checkpoints.map((c) => {
                  const witnesses = c.signers.filter((s) => s.name !== (origin ?? d.origin));
                  return (
                    <tr key={c.id}>
                      <th scope="row">{c.size}</th>
                      <td className="mono">{c.root.slice(0, 16)}…</td>
                      <td className="small">{dateTime(Date.parse(c.created_at))}</td>
                      <td data-testid="cosigners">
                        {witnesses.length === 0
                          ? t('ledger.noCosigners')
                          : witnesses.map((w) => (
                              <div key={`${w.name}${w.key_id}`}>
                                {w.name}{' '}
                                <span className="muted small">
                                  {w.timestamp === null ? '' : dateTime(w.timestamp * 1000)}
                                </span>
                              </div>
                            ))}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </>
      )}
    </Async>
  );
}

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

function Verifier({ bundleText, setBundleText }: { bundleText: string; setBundleText: (s: string) => void }) {
  const { t } = useI18n();
  const keys = useApi('ledger/checkpoints 1', latestCheckpoint);
  const [pinned, setPinned] = useState('');
  const [outcome, setOutcome] = useState<VerifyOutcome>();
  const [error, setError] = useState<Error>();
  const run = async () => {
    setOutcome(undefined);
    setError(undefined);
    try {
      const bundle = JSON.parse(bundleText) as LedgerProofBundle;
      const key = pinned.trim() || keys.data?.public_key;
      setOutcome(await verifyBundleInBrowser(bundle, key));
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    }
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
      {error && <ErrorBox error={error} />}
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

export default function LedgerPage() {
  const { t } = useI18n();
  const [bundleText, setBundleText] = useState('');
  const [loadError, setLoadError] = useState<Error>();
  const meta = useApi('ledger/checkpoints 1', latestCheckpoint);
  const load = async (index: number) => {
    setLoadError(undefined);
    try {
      const b = await ok(client.GET('/api/v1/ledger/proofs/{index}', { params: { path: { index } } }));
      setBundleText(JSON.stringify(b, null, 2));
      document.getElementById('verify-h')?.scrollIntoView({ behavior: 'smooth' });
    } catch (e) {
      setLoadError(e instanceof Error ? e : new Error(String(e)));
    }
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
        {loadError && <ErrorBox error={loadError} />}
        <Verifier bundleText={bundleText} setBundleText={setBundleText} />
      </section>
    </>
  );
}
