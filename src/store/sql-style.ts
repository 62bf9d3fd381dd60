/**
 * What differs between SQLite and PostgreSQL in the statements both stores build the same way
 * (filters, optional clauses), so the building is written once: how an argument is written, what
 * a TEXT column can hold, how a text filter value is bound and what LIMIT means "no limit".
 */
import { badInput, checkNonEmpty } from './validate.js';

export interface SqlStyle {
  /** `$1, $2, …` (PostgreSQL) rather than `?` (SQLite). */
  readonly numbered: boolean;
  /** The LIMIT argument that means no limit (SQLite: -1, PostgreSQL: NULL). */
  readonly noLimit: number | null;
  /** `v` as a TEXT column can hold it, or BAD_INPUT naming `field`. */
  text(v: string, field: string): string;
  /** A text filter value as it is bound to the statement. */
  filterText(v: unknown): unknown;
  /** A condition "`column` starts with ?" that compares literally (no LIKE wildcards). */
  startsWith(column: string): string;
}

/** PostgreSQL TEXT cannot hold NUL; refused with the field named rather than as a driver error. */
export function refuseNul(v: string, field: string): string {
  if (v.includes('\u0000')) throw badInput(field, `${field} must not contain NUL characters`);
  return v;
}

/** A non-empty string of at most `max` characters that the style's TEXT column can hold. */
export const checkText = (style: SqlStyle, v: unknown, field: string, max?: number): string =>
  style.text(checkNonEmpty(v, field, max), field);

export const SQLITE_STYLE: SqlStyle = {
  numbered: false,
  noLimit: -1,
  text: (v) => v,
  filterText: (v) => v,
  startsWith: (column) => `substr(${column}, 1, length(?)) = ?`,
};

export const POSTGRES_STYLE: SqlStyle = {
  numbered: true,
  noLimit: null,
  text: refuseNul,
  // node-postgres would send a non-string as its own type, which a TEXT comparison refuses.
  filterText: (v) => String(v),
  startsWith: (column) => `left(${column}, length(?)) = ?`,
};

/** The conditions of a WHERE clause and their arguments, in the style's placeholders. */
export class Where {
  private readonly conditions: string[] = [];
  readonly args: unknown[] = [];

  constructor(private readonly style: SqlStyle) {}

  /** Adds `sql`, each `?` of which stands for `v`. */
  add(sql: string, v: unknown): void {
    if (this.style.numbered) {
      this.args.push(v);
      this.conditions.push(sql.replaceAll('?', `$${this.args.length}`));
      return;
    }
    for (let i = sql.indexOf('?'); i >= 0; i = sql.indexOf('?', i + 1)) this.args.push(v);
    this.conditions.push(sql);
  }

  /** The placeholder of one more argument `v` (for LIMIT and OFFSET after the clause). */
  arg(v: unknown): string {
    this.args.push(v);
    return this.style.numbered ? `$${this.args.length}` : '?';
  }

  /** ` WHERE …`, or '' without conditions. */
  get sql(): string {
    return this.conditions.length ? ` WHERE ${this.conditions.join(' AND ')}` : '';
  }
}
