/** The last ten imports with their state and counts; `version` changes after each upload to reload. */
import { client, ok } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';

export function RecentImports({ version }: { version: number }) {
  const { t, num, dateTime } = useI18n();
  const state = useApi(`imports ${version}`, (signal) =>
    ok(client.GET('/api/v1/imports', { params: { query: { limit: 10 } }, signal })),
  );
  return (
    <Async state={state} isEmpty={(r) => r.imports.length === 0}>
      {(r) => (
        <DataTable
          rows={r.imports}
          rowKey={(i) => i.id}
          columns={[
            { key: 'id', header: '#', num: true, cell: (i) => i.id },
            { key: 'source', header: t('import.source'), cell: (i) => i.source },
            { key: 'started', header: t('import.started'), cell: (i) => dateTime(i.startedAt) },
            { key: 'status', header: t('import.status'), cell: (i) => t(`importStatus.${i.status}`) },
            {
              key: 'rows',
              header: t('import.rows'),
              num: true,
              cell: (i) => num(i.rows ?? i.progress?.rows ?? null, 0),
            },
            {
              key: 'accepted',
              header: t('import.accepted'),
              num: true,
              cell: (i) => num(i.accepted ?? i.progress?.accepted ?? null, 0),
            },
            {
              key: 'quarantined',
              header: t('import.quarantinedCount'),
              num: true,
              cell: (i) => num(i.quarantined ?? null, 0),
            },
          ]}
        />
      )}
    </Async>
  );
}
