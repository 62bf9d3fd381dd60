/**
 * The plan as tables: demand per product and period, regular hours per line and period, products
 * with their costs and stock, lines with overtime, routings (which line makes what, how fast) and
 * the bill of materials. Every cell is a text input so a wrong entry stays visible; a cell with a
 * problem is marked (aria-invalid) and its message names table, row and column.
 */
import type { LineRow, ProductRow } from '../../lib/plan-draft.js';
import { type DemandSource, DemandTable } from './demand-table.js';
import { replaceAt } from './edit.js';
import { FieldsTable } from './fields-table.js';
import { HoursTable } from './hours-table.js';
import type { DraftTableProps } from './plan-table.js';

export function PlanTables({ demandSource, ...common }: DraftTableProps & { demandSource: DemandSource }) {
  const { draft, onChange } = common;
  /** A renamed product or line is renamed where routings and the bill of materials refer to it too. */
  const renameProduct = (i: number, id: string) => {
    const old = draft.products[i]?.id ?? '';
    const ren = (x: string) => (x === old && old !== '' ? id : x);
    onChange({
      ...draft,
      products: replaceAt(draft.products, i, { ...(draft.products[i] as ProductRow), id }),
      routings: draft.routings.map((r) => ({ ...r, product: ren(r.product) })),
      bom: draft.bom.map((b) => ({ ...b, parent: ren(b.parent), component: ren(b.component) })),
    });
  };
  const renameLine = (i: number, id: string) => {
    const old = draft.lines[i]?.id ?? '';
    onChange({
      ...draft,
      lines: replaceAt(draft.lines, i, { ...(draft.lines[i] as LineRow), id }),
      routings: draft.routings.map((r) => ({ ...r, line: r.line === old && old !== '' ? id : r.line })),
    });
  };

  return (
    <div className="plan-tables">
      <DemandTable {...common} source={demandSource} />
      <HoursTable {...common} />
      <FieldsTable table="products" {...common} onRename={renameProduct} />
      <FieldsTable table="lines" {...common} onRename={renameLine} />
      <FieldsTable table="routings" {...common} />
      <FieldsTable table="bom" {...common} />
      <datalist id="plan-products">
        {draft.products.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: keyed by the typed id, an option would remount on every keystroke
          <option key={`${i}`} value={p.id} />
        ))}
      </datalist>
      <datalist id="plan-lines">
        {draft.lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: keyed by the typed id, an option would remount on every keystroke
          <option key={`${i}`} value={l.id} />
        ))}
      </datalist>
    </div>
  );
}
