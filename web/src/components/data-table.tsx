/**
 * The dashboard's table: header cells with `scope`, numeric columns right-aligned in tabular
 * figures, an optional row-header column, a caption (visible or for screen readers only), the
 * scrolling wrapper, and an empty state — written once so every page's tables look and read alike.
 */
import type { HTMLAttributes, ReactNode, TdHTMLAttributes } from 'react';
import { Empty } from './status.js';

export interface Column<R> {
  /** Stable React key of the column. */
  readonly key: string;
  readonly header: ReactNode;
  readonly cell: (row: R, index: number) => ReactNode;
  /** Right-aligned, tabular figures. */
  readonly num?: boolean;
  /** The cell names its row (`<th scope="row">`). */
  readonly rowHeader?: boolean;
  /** The header is read to screen readers but not shown (e.g. a column of buttons). */
  readonly hiddenHeader?: boolean;
  readonly className?: string;
  /** Attributes of one cell that depend on its row: a state class, a title, a `data-testid`. */
  readonly cellProps?: (row: R, index: number) => CellProps;
}

/** Attributes of a cell, including `data-*` ones. */
export type CellProps = TdHTMLAttributes<HTMLTableCellElement> & {
  readonly [k: `data-${string}`]: string | number | boolean | undefined;
};

/** Attributes of a row, including `data-*` ones that tests and styles select on. */
export type RowProps = HTMLAttributes<HTMLTableRowElement> & {
  readonly [k: `data-${string}`]: string | number | boolean | undefined;
};

export interface DataTableProps<R> {
  readonly columns: ReadonlyArray<Column<R> | false | null | undefined>;
  readonly rows: readonly R[];
  readonly rowKey: (row: R, index: number) => string | number;
  readonly rowProps?: (row: R, index: number) => RowProps;
  /** `data` (default): padded, sticky header, in a scrolling frame; `compact`: dense, no frame. */
  readonly variant?: 'data' | 'compact';
  readonly caption?: ReactNode;
  /** Caption for screen readers only. */
  readonly captionHidden?: boolean;
  readonly testId?: string;
  /** Shown instead of the table when there are no rows; without it an empty table is drawn. */
  readonly empty?: ReactNode;
  /** Rows after the body (totals). */
  readonly footer?: ReactNode;
  readonly className?: string;
}

const cellClass = (c: { num?: boolean; className?: string }, extra?: string): string | undefined =>
  [c.num ? 'num' : '', c.className ?? '', extra ?? ''].filter(Boolean).join(' ') || undefined;

export function DataTable<R>(props: DataTableProps<R>) {
  const variant = props.variant ?? 'data';
  if (props.empty !== undefined && props.rows.length === 0) return <Empty>{props.empty}</Empty>;
  const columns = props.columns.filter((c): c is Column<R> => Boolean(c));
  const table = (
    <table className={[variant, props.className ?? ''].filter(Boolean).join(' ')} data-testid={props.testId}>
      {props.caption !== undefined && (
        <caption className={props.captionHidden ? 'sr-only' : undefined}>{props.caption}</caption>
      )}
      <thead>
        <tr>
          {columns.map((c) => (
            <th key={c.key} scope="col" className={cellClass(c)}>
              {c.hiddenHeader ? <span className="sr-only">{c.header}</span> : c.header}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {props.rows.map((row, i) => (
          <tr key={props.rowKey(row, i)} {...props.rowProps?.(row, i)}>
            {columns.map((c) => {
              const extra = c.cellProps?.(row, i);
              const props = { ...extra, className: cellClass(c, extra?.className) };
              return c.rowHeader ? (
                <th key={c.key} scope="row" {...props}>
                  {c.cell(row, i)}
                </th>
              ) : (
                <td key={c.key} {...props}>
                  {c.cell(row, i)}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
      {props.footer !== undefined && <tfoot>{props.footer}</tfoot>}
    </table>
  );
  return variant === 'data' ? <div className="table-wrap">{table}</div> : table;
}
