import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { I18nProvider } from '../i18n/i18n.js';
import { type Column, DataTable, type DataTableProps } from './data-table.js';

interface Row {
  readonly id: string;
  readonly qty: number;
}
const columns: ReadonlyArray<Column<Row> | false> = [
  { key: 'id', header: 'Item', cell: (r) => r.id, rowHeader: true },
  {
    key: 'qty',
    header: 'Qty',
    cell: (r) => r.qty,
    num: true,
    cellProps: (r) => ({ className: r.qty < 5 ? 'low' : undefined, 'data-testid': 'qty' }),
  },
  false,
  { key: 'act', header: 'Actions', cell: () => 'x', hiddenHeader: true },
];
const html = (props: DataTableProps<Row>) =>
  renderToStaticMarkup(createElement(I18nProvider, null, createElement(DataTable<Row>, props)));

describe('DataTable', () => {
  it('draws headers with scope, row headers, numeric cells and row attributes', () => {
    const out = html({
      columns,
      rows: [{ id: 'a<b', qty: 3 }],
      rowKey: (r) => r.id,
      rowProps: (r) => ({ 'data-item': r.id }),
      caption: 'Stock',
      captionHidden: true,
      testId: 'stock',
    });
    expect(out).toContain('<div class="table-wrap"><table class="data" data-testid="stock">');
    expect(out).toContain('<caption class="sr-only">Stock</caption>');
    expect(out).toContain('<th scope="col">Item</th><th scope="col" class="num">Qty</th>');
    expect(out).toContain('<th scope="col"><span class="sr-only">Actions</span></th>');
    expect(out).toContain(
      '<tr data-item="a&lt;b"><th scope="row">a&lt;b</th><td class="num low" data-testid="qty">3</td><td>x</td></tr>',
    );
  });

  it('shows the empty state instead of an empty table when asked, and no frame when compact', () => {
    expect(html({ columns, rows: [], rowKey: (r) => r.id, empty: 'Nothing in stock' })).toBe(
      '<p class="status empty">Nothing in stock</p>',
    );
    const compact = html({ columns, rows: [], rowKey: (r) => r.id, variant: 'compact' });
    expect(compact.startsWith('<table class="compact">')).toBe(true);
  });
});
