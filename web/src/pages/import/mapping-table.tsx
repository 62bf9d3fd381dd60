/** The preview of a CSV file, with a role to choose above each column. */
import { DataTable } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { ROLES, type Role } from './mapping.js';

export function MappingTable(props: {
  /** The header row, then the rows to show. */
  preview: readonly string[][];
  roles: readonly Role[];
  onRole: (column: number, role: Role) => void;
}) {
  const { t } = useI18n();
  const header = props.preview[0] ?? [];
  return (
    <DataTable
      className="mapping"
      rows={props.preview.slice(1)}
      // Preview rows have no identity, and columns are positional (names may repeat).
      rowKey={(_, r) => r}
      columns={header.map((h, i) => ({
        key: String(i),
        header: (
          <label>
            <span>{h}</span>
            <select
              value={props.roles[i] ?? 'ignore'}
              aria-label={`${t('import.role')}: ${h}`}
              onChange={(e) => props.onRole(i, e.target.value as Role)}
            >
              {ROLES.map((r) => (
                <option key={r} value={r}>
                  {t(`import.role.${r}`)}
                </option>
              ))}
            </select>
          </label>
        ),
        cell: (row: readonly string[]) => row[i] ?? '',
      }))}
    />
  );
}
