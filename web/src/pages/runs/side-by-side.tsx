import type { Schema } from '../../api/client.js';
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { fmt } from './format.js';

type RunRecord = Schema<'RunRecord'>;

/** Configuration or evaluation of one run, or of two runs in adjacent columns. */
export function SideBySide({ title, a, b }: { title: string; a: RunRecord; b: RunRecord | undefined }) {
  const { t } = useI18n();
  const pick = (r: RunRecord) => (title === t('runs.config') ? r.config : r.evaluation);
  const keys = [...new Set([...Object.keys(pick(a)), ...(b ? Object.keys(pick(b)) : [])])].sort();
  return (
    <DataTable
      caption={title}
      rows={keys}
      rowKey={(k) => k}
      columns={[
        { key: 'key', header: t('runs.key'), rowHeader: true, cell: (k) => k },
        { key: 'a', header: a.name, num: true, cell: (k) => fmt(pick(a)[k]) },
        b && { key: 'b', header: b.name, num: true, cell: (k: string) => fmt(pick(b)[k]) },
      ]}
    />
  );
}
