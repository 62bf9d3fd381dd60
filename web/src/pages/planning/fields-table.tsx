/**
 * A plan table with one column per field and one row per entry (products, lines, routings, the
 * bill of materials): every cell editable, a button to remove a row and one to add a blank row.
 */
import type { Column } from '../../components/data-table.js';
import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import {
  BOM_FIELDS,
  emptyLine,
  emptyProduct,
  LINE_FIELDS,
  type PlanDraft,
  PRODUCT_FIELDS,
  ROUTING_FIELDS,
} from '../../lib/plan-draft.js';
import { Cell } from './cell.js';
import { removeAt, replaceAt } from './edit.js';
import { NUMERIC, useFieldHeader } from './fields.js';
import { type DraftTableProps, PlanTable } from './plan-table.js';

export type FieldsTableId = 'products' | 'lines' | 'routings' | 'bom';

/** A row as the table sees it: its fields are strings (products and lines also hold per-period lists). */
type Row = Readonly<Record<string, unknown>>;

interface Spec {
  readonly fields: readonly string[];
  readonly blank: (periods: number) => Row;
  /** Datalists offering the ids a column refers to. */
  readonly lists?: Readonly<Record<string, string>>;
  readonly add: MessageKey;
  readonly addTestId?: string;
  readonly hint?: MessageKey;
}

const blankOf = (fields: readonly string[]) => (): Row => Object.fromEntries(fields.map((f) => [f, '']));

const SPECS: Readonly<Record<FieldsTableId, Spec>> = {
  products: {
    fields: PRODUCT_FIELDS,
    blank: emptyProduct,
    add: 'planning.addProduct',
    addTestId: 'add-product',
    hint: 'planning.productsHint',
  },
  lines: { fields: LINE_FIELDS, blank: emptyLine, add: 'planning.addLine', hint: 'planning.overtimeHint' },
  routings: {
    fields: ROUTING_FIELDS,
    blank: blankOf(ROUTING_FIELDS),
    lists: { product: 'plan-products', line: 'plan-lines' },
    add: 'planning.addRow',
  },
  bom: {
    fields: BOM_FIELDS,
    blank: blankOf(BOM_FIELDS),
    lists: { parent: 'plan-products', component: 'plan-products' },
    add: 'planning.addRow',
  },
};

/** Rows with an id are named by it in labels, the others by their number. */
const rowName = (r: Row, i: number): string => (typeof r.id === 'string' && r.id) || String(i + 1);

export function FieldsTable({
  table,
  draft,
  onChange,
  problems,
  onRename,
}: DraftTableProps & {
  table: FieldsTableId;
  /** A changed id goes here instead: the row is renamed wherever it is referred to too. */
  onRename?: (i: number, id: string) => void;
}) {
  const { t } = useI18n();
  const header = useFieldHeader(draft.currency || '¥');
  const spec = SPECS[table];
  const rows: readonly Row[] = draft[table];
  const setRows = (next: readonly Row[]) => onChange({ ...draft, [table]: next } as PlanDraft);
  const title = t(`planning.table.${table}`);
  const columns: Column<Row>[] = [
    ...spec.fields.map(
      (f): Column<Row> => ({
        key: f,
        header: header(f),
        cell: (r, i) => (
          <Cell
            numeric={NUMERIC.has(f)}
            value={String(r[f] ?? '')}
            onChange={(v) =>
              f === 'id' && onRename ? onRename(i, v) : setRows(replaceAt(rows, i, { ...r, [f]: v }))
            }
            cellKey={`${table}.${i}.${f}`}
            problems={problems}
            label={`${title} ${rowName(r, i)} ${t(`planning.col.${f}` as MessageKey)}`}
            list={spec.lists?.[f]}
          />
        ),
      }),
    ),
    {
      key: 'remove',
      header: t('planning.remove'),
      hiddenHeader: true,
      cell: (r, i) => (
        <button
          type="button"
          className="link"
          onClick={() => setRows(removeAt(rows, i))}
          aria-label={t('planning.removeRow', { row: rowName(r, i) })}
        >
          ×
        </button>
      ),
    },
  ];
  return (
    <PlanTable<Row> id={table} columns={columns} rows={rows}>
      <button
        type="button"
        onClick={() => setRows([...rows, spec.blank(draft.periods.length)])}
        data-testid={spec.addTestId}
      >
        {t(spec.add)}
      </button>
      {spec.hint && <p className="muted small">{t(spec.hint)}</p>}
    </PlanTable>
  );
}
