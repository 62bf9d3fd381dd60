/** The checkpoint history: tree size, root, when it was signed and which witnesses cosigned it. */
import { client, ok } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';

export function Checkpoints({ origin }: { origin: string | undefined }) {
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
          <DataTable
            testId="ledger-checkpoints"
            rows={d.checkpoints}
            rowKey={(c) => c.id}
            columns={[
              { key: 'size', header: t('ledger.treeSize'), rowHeader: true, cell: (c) => c.size },
              {
                key: 'root',
                header: t('ledger.root'),
                className: 'mono',
                cell: (c) => `${c.root.slice(0, 16)}…`,
              },
              {
                key: 'signed',
                header: t('ledger.signed'),
                className: 'small',
                cell: (c) => dateTime(Date.parse(c.created_at)),
              },
              {
                key: 'cosigners',
                header: t('ledger.cosigners'),
                cell: (c) => <Cosigners signers={c.signers} origin={origin ?? d.origin} />,
              },
            ]}
          />
        </>
      )}
    </Async>
  );
}

function Cosigners(props: {
  signers: ReadonlyArray<{ name: string; key_id: string; timestamp: number | null }>;
  origin: string;
}) {
  const { t, dateTime } = useI18n();
  const witnesses = props.signers.filter((s) => s.name !== props.origin);
  if (witnesses.length === 0) return <div data-testid="cosigners">{t('ledger.noCosigners')}</div>;
  return (
    <div data-testid="cosigners">
      {witnesses.map((w) => (
        <div key={`${w.name}${w.key_id}`}>
          {w.name}{' '}
          <span className="muted small">{w.timestamp === null ? '' : dateTime(w.timestamp * 1000)}</span>
        </div>
      ))}
    </div>
  );
}
