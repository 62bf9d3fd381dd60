/**
 * The blocks every report builder assembles: the document with its header, tables with typed
 * columns, and charts over those tables. Each builder states only its own words and figures.
 */
import type { ReportContext } from './report-context.js';
import type {
  Cell,
  Chart,
  Column,
  ColumnKind,
  ReportDoc,
  ReportType,
  Section,
  Table,
  Text,
} from './report-doc.js';

/** The document of `type` for the context's period, site and zone, generated at its `now`. */
export function reportDoc(ctx: ReportContext, type: ReportType, title: Text, sections: Section[]): ReportDoc {
  return {
    type,
    title,
    site: ctx.site,
    timeZone: ctx.zone.name,
    from: ctx.from,
    to: ctx.to,
    generatedAt: ctx.now,
    sections,
  };
}

/** How a column is shown beyond its kind: the unit in its header, decimals in PDF. */
export type ColumnShow = Pick<Column, 'unit' | 'decimals'>;

/** A column as `[key, label, kind (default text), unit and decimals]`. */
export type ColumnSpec = readonly [key: string, label: Text, kind?: ColumnKind, show?: ColumnShow];

const column = ([key, label, kind = 'text', show]: ColumnSpec): Column => ({ key, label, kind, ...show });

/** A table; `empty` is what it says when it has no rows. */
export function table(
  id: string,
  title: Text,
  columns: readonly ColumnSpec[],
  rows: readonly (readonly Cell[])[],
  empty?: Text,
): Table {
  const t = { id, title, columns: columns.map(column), rows };
  return empty === undefined ? t : { ...t, empty };
}

/** A chart of `kind` over the table `id`: x from one column, a series per y column. */
export function chart(
  kind: Chart['kind'],
  title: Text,
  id: string,
  x: string,
  y: readonly string[],
  more: Pick<Chart, 'stacked' | 'group' | 'label'> = {},
): Chart {
  return { title, kind, table: id, x, y, ...more };
}
