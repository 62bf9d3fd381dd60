import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async, ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { useApi } from '../../lib/use-api.js';
import { fmt } from './format.js';

/** The model registry: each model's versions, promote one to production or roll back. */
export function Registry() {
  const { t, dateTime } = useI18n();
  const models = useApi('models', (signal) => ok(client.GET('/api/v1/models', { signal })), 10_000);
  const action = useAction();
  const [msg, setMsg] = useState<string>();
  const act = async (name: string, version?: number) => {
    const params = { path: { name } };
    const r = await action.run(() =>
      ok(
        version === undefined
          ? client.POST('/api/v1/models/{name}/rollback', { params })
          : client.POST('/api/v1/models/{name}/promote', { params, body: { version } }),
      ),
    );
    setMsg(r && t('runs.changed', { name, version: String(r.production) }));
    models.reload();
  };
  return (
    <section aria-labelledby="reg-h">
      <h2 id="reg-h">{t('runs.registry')}</h2>
      {msg && (
        <p className="status" role="status">
          {msg}
        </p>
      )}
      {action.error && <ErrorBox error={action.error} />}
      <Async state={models} isEmpty={(d) => d.models.length === 0} empty={t('runs.registryEmpty')}>
        {(d) =>
          d.models.map((mod) => (
            <div key={mod.name} data-model={mod.name}>
              <DataTable
                caption={
                  <>
                    {mod.name}{' '}
                    <button type="button" disabled={mod.history.length < 2} onClick={() => act(mod.name)}>
                      {t('runs.rollback')}
                    </button>
                  </>
                }
                rows={mod.versions}
                rowKey={(v) => v.version}
                columns={[
                  {
                    key: 'version',
                    header: t('runs.version'),
                    rowHeader: true,
                    cell: (v) => `v${v.version}`,
                  },
                  { key: 'run', header: t('runs.run'), cell: (v) => v.runId },
                  {
                    key: 'started',
                    header: t('runs.started'),
                    num: true,
                    cell: (v) => dateTime(v.createdAt),
                  },
                  {
                    key: 'rmse',
                    header: t('runs.validRmse'),
                    num: true,
                    cell: (v) => fmt(v.evaluation['validRmse'] ?? v.evaluation['valid_rmse'] ?? '—'),
                  },
                  {
                    key: 'status',
                    header: t('runs.status'),
                    cell: (v) =>
                      mod.production === v.version ? (
                        <strong>{t('runs.production')}</strong>
                      ) : (
                        <button type="button" onClick={() => act(mod.name, v.version)}>
                          {t('runs.promote')}
                        </button>
                      ),
                  },
                ]}
              />
            </div>
          ))
        }
      </Async>
    </section>
  );
}
