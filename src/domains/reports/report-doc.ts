/**
 * The language-neutral report document every report type builds and every renderer reads: sections
 * of paragraphs, tables with typed columns and units, and charts drawn from those tables (so a
 * chart never shows a figure its table does not hold). Every human word is a {@link Text} holding
 * both languages; the renderer picks one.
 */

/** A phrase in both report languages. */
export interface Text {
  readonly en: string;
  readonly zh: string;
}

export type Lang = keyof Text;
export const LANGS = ['en', 'zh'] as const satisfies readonly Lang[];

export const REPORT_TYPES = [
  'production',
  'quality',
  'alarms',
  'maintenance',
  'training',
  'plan',
  'routes',
  'agriculture',
  'ledger-audit',
] as const;
export type ReportType = (typeof REPORT_TYPES)[number];

/**
 * How a column's cells are typed: `number` and `integer` plain numbers, `ratio` a 0…1 fraction
 * shown as a percentage, `time` epoch ms shown in the site's zone, `duration` milliseconds shown
 * in hours, `text` anything else.
 */
export type ColumnKind = 'text' | 'integer' | 'number' | 'ratio' | 'time' | 'duration';

export interface Column {
  readonly key: string;
  readonly label: Text;
  readonly kind: ColumnKind;
  /** Unit shown in the header (`h` for durations is implied); a UCUM code or a word. */
  readonly unit?: string;
  /** Decimals shown in PDF (XLSX keeps the full number). */
  readonly decimals?: number;
}

/** A cell: data (ids, numbers) as is, words as {@link Text} in both languages. */
export type Cell = string | number | null | Text;

export const isText = (c: Cell): c is Text => typeof c === 'object' && c !== null;

export interface Table {
  /** Stable id: the XLSX sheet name, the CSV file suffix, what a chart names. ≤ 31 chars, [a-z0-9-]. */
  readonly id: string;
  readonly title: Text;
  readonly columns: readonly Column[];
  readonly rows: readonly (readonly Cell[])[];
  /** Said when the table is empty. */
  readonly empty?: Text;
}

/**
 * A chart over one table: x from one column, one series per y column. `path` draws the rows as
 * points on numeric x/y axes (x and the first y column), joined in row order, one line per value
 * of the `group` column (e.g. each van's route: depot, stops in order, depot).
 */
export interface Chart {
  readonly title: Text;
  readonly kind: 'bar' | 'line' | 'heatmap' | 'path';
  readonly table: string;
  readonly x: string;
  readonly y: readonly string[];
  /** Stack the bars (e.g. loss categories). */
  readonly stacked?: boolean;
  /** `path`: the column whose value names each line. */
  readonly group?: string;
  /** `path`: the column whose value labels each point (e.g. the order id). */
  readonly label?: string;
}

export interface Section {
  readonly title: Text;
  readonly paragraphs?: readonly Text[];
  /** Key figures shown as a definition list above the tables. */
  readonly facts?: readonly {
    readonly label: Text;
    readonly value: string | number;
    readonly unit?: string;
  }[];
  readonly charts?: readonly Chart[];
  readonly tables: readonly Table[];
}

export interface ReportDoc {
  readonly type: ReportType;
  readonly title: Text;
  /** The site (or asset) the report is about, as people name it. */
  readonly site: string;
  /** IANA zone or offset that every time in the report is shown in. */
  readonly timeZone: string;
  readonly from: number;
  readonly to: number;
  readonly generatedAt: number;
  readonly sections: readonly Section[];
}

/** Every table of a document, in order. */
export const tablesOf = (doc: ReportDoc): Table[] => doc.sections.flatMap((s) => [...s.tables]);

/** The rows of a table as objects keyed by column key (tests and JSON previews). */
export function rowObjects(t: Table): Record<string, Cell>[] {
  return t.rows.map((r) => Object.fromEntries(t.columns.map((c, i) => [c.key, r[i] ?? null])));
}

export const text = (en: string, zh: string): Text => ({ en, zh });
