/** The ledger's signed events, a page of 100 at a time: what, when, where, why and who signed. */
import { useState } from 'react';
import { client, ok, type Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { short } from './short.js';

type LedgerEntry = Schema<'LedgerEntry'>;

const PAGE = 100;
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

export function Events({ onVerify }: { onVerify: (index: number) => void }) {
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
          <DataTable<LedgerEntry>
            testId="ledger-entries"
            rows={d.entries}
            rowKey={(e) => e.index}
            rowProps={(e) => ({ 'data-index': e.index })}
            columns={[
              { key: 'index', header: '#', rowHeader: true, cell: (e) => e.index },
              {
                key: 'type',
                header: t('ledger.type'),
                cell: (e) => (
                  <>
                    {e.event_type}
                    {e.correction && <span className="badge"> {t('ledger.correction')}</span>}
                  </>
                ),
              },
              { key: 'what', header: t('ledger.what'), className: 'mono', cell: (e) => what(e.event) },
              {
                key: 'when',
                header: t('ledger.when'),
                cell: (e) => (
                  <>
                    {dateTime(Date.parse(e.event_time))}{' '}
                    <span className="muted small">{str(e.event['eventTimeZoneOffset'])}</span>
                  </>
                ),
              },
              { key: 'where', header: t('ledger.where'), className: 'mono', cell: (e) => where(e.event) },
              { key: 'why', header: t('ledger.why'), cell: (e) => why(e.event) },
              {
                key: 'signer',
                header: t('ledger.signedBy'),
                cell: (e) => (
                  <>
                    {e.org} <span className="muted small mono">{e.key_id}</span>
                  </>
                ),
              },
              {
                key: 'recorded',
                header: t('ledger.recorded'),
                className: 'small',
                cell: (e) => dateTime(Date.parse(e.recorded_at)),
              },
              {
                key: 'verify',
                header: t('ledger.verify'),
                hiddenHeader: true,
                cell: (e) => (
                  <button type="button" onClick={() => onVerify(e.index)}>
                    {t('ledger.verify')}
                  </button>
                ),
              },
            ]}
          />
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
