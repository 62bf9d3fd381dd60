/**
 * Connections: the OPC UA, Modbus TCP and Sparkplug B connectors declared on the server, with
 * their state (running here or on another node of the cluster, failed, disabled), the time of the
 * last value, messages per second and error counts; refreshed every 5 s.
 */

import { client, ok, type Schema } from '../api/client.js';
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
          <div className="table-wrap">
            <table className="data" data-testid="connections">
              <thead>
                <tr>
                  <th scope="col">{t('connections.name')}</th>
                  <th scope="col">{t('connections.kind')}</th>
                  <th scope="col">{t('connections.state')}</th>
                  <th scope="col">{t('connections.lastValue')}</th>
                  <th scope="col">{t('connections.rate')}</th>
                  <th scope="col">{t('connections.stored')}</th>
                  <th scope="col">{t('connections.quarantined')}</th>
                  <th scope="col">{t('connections.errors')}</th>
                </tr>
              </thead>
              <tbody>
                {d.connectors.map((c) => (
                  <tr key={c.id} data-connector={c.id} data-state={c.state}>
                    <th scope="row">{c.name}</th>
                    <td>{c.kind}</td>
                    <td className={`score ${stateClass(c.state)}`}>
                      {t(`connections.state.${c.state}`)}
                      {c.node !== null && <span className="muted small">{` · ${c.node}`}</span>}
                    </td>
                    <td className="num">{c.lastValueAt === null ? '—' : dateTime(c.lastValueAt)}</td>
                    <td className="num">{num(c.messagesPerSecond, 1)}</td>
                    <td className="num">{num(c.readings, 0)}</td>
                    <td className="num">{num(c.quarantined, 0)}</td>
                    <td className="num" title={c.lastError ?? undefined}>
                      {num(c.errors, 0)}
                      {c.lastError !== null && <span className="muted small">{` · ${c.lastError}`}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Async>
    </div>
  );
}
