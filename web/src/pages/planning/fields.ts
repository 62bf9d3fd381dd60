import { type MessageKey, useI18n } from '../../i18n/i18n.js';
import { BOM_FIELDS, LINE_FIELDS, PRODUCT_FIELDS, ROUTING_FIELDS } from '../../lib/plan-draft.js';

/** Columns that name a row or refer to one; every other column of the plan tables is a number. */
const TEXT_FIELDS: ReadonlySet<string> = new Set(['id', 'name', 'product', 'line', 'parent', 'component']);

/** Numeric columns; each has its unit in `planning.u.<column>` (`{c}` is the plan's currency). */
export const NUMERIC: ReadonlySet<string> = new Set(
  [...PRODUCT_FIELDS, ...LINE_FIELDS, ...ROUTING_FIELDS, ...BOM_FIELDS].filter((f) => !TEXT_FIELDS.has(f)),
);

/** A column's header: its name, and for numbers its unit in the plan's currency. */
export function useFieldHeader(currency: string): (f: string) => string {
  const { t } = useI18n();
  return (f) =>
    `${t(`planning.col.${f}` as MessageKey)}${NUMERIC.has(f) ? ` (${t(`planning.u.${f}` as MessageKey, { c: currency })})` : ''}`;
}
