/**
 * Connections: the OPC UA, Modbus TCP and Sparkplug B connectors declared on the server, with
 * their state (running here or on another node of the cluster, failed, disabled), the time of the
 * last value, messages per second and error counts; refreshed every 5 s.
 */

import { client, ok, type Schema } from '../api/client.js';
import { DataTable } from '../components/data-table.js';
import { Async } from '../components/status.js';
import { useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';

/** GET /api/v1/connectors, as the server's ConnectorStatus schema says (kept here, not in api/types.ts). */
type ConnectorStatus = Schema<'ConnectorStatus'>;

const stateClass = (s: ConnectorStatus['state']): string =>
  s === 'running' ? 'good' : s === 'failed' ? 'bad' : s === 'starting' ? 'warn' : '';

export default function ConnectionsPage() {
  const { t, num, dateTime } = useI18n();
  const list = useApi('connectors', (signal) => ok(client.GET('/api/v1/connectors', { signal })), 5000);
  return (
    <div className="page">
      <h1>{t('connections.title')}</h1>
      <p className="muted">{t('connections.intro')}</p>
      <Async state={list} isEmpty={(d) => d.connectors.length === 0} empty={<p>{t('connections.none')}</p>}>
        {(d) => (
          <DataTable
            testId="connections"
            rows={d.connectors}
            rowKey={(c) => c.id}
            rowProps={(c) => ({ 'data-connector': c.id, 'data-state': c.state })}
            columns={[
              { key: 'name', header: t('connections.name'), rowHeader: true, cell: (c) => c.name },
              { key: 'kind', header: t('connections.kind'), cell: (c) => c.kind },
              {
                key: 'state',
                header: t('connections.state'),
                cellProps: (c) => ({ className: `score ${stateClass(c.state)}` }),
                cell: (c) => (
                  <>
                    {t(`connections.state.${c.state}`)}
                    {c.node !== null && <span className="muted small">{` · ${c.node}`}</span>}
                  </>
                ),
              },
              {
                key: 'last',
                header: t('connections.lastValue'),
                num: true,
                cell: (c) => (c.lastValueAt === null ? '—' : dateTime(c.lastValueAt)),
              },
              {
                key: 'rate',
                header: t('connections.rate'),
                num: true,
                cell: (c) => num(c.messagesPerSecond, 1),
              },
              { key: 'stored', header: t('connections.stored'), num: true, cell: (c) => num(c.readings, 0) },
              {
                key: 'quarantined',
                header: t('connections.quarantined'),
                num: true,
                cell: (c) => num(c.quarantined, 0),
              },
              {
                key: 'errors',
                header: t('connections.errors'),
                num: true,
                cellProps: (c) => ({ title: c.lastError ?? undefined }),
                cell: (c) => (
                  <>
                    {num(c.errors, 0)}
                    {c.lastError !== null && <span className="muted small">{` · ${c.lastError}`}</span>}
                  </>
                ),
              },
            ]}
          />
        )}
      </Async>
    </div>
  );
}
