/**
 * The plan as tables: demand per product and period, regular hours per line and period, products
 * with their costs and stock, lines with overtime, routings (which line makes what, how fast) and
 * the bill of materials. Every cell is a text input so a wrong entry stays visible; a cell with a
 * problem is marked (aria-invalid) and its message names table, row and column.
 */
import type { ReactNode } from 'react';
import type { MessageKey } from '../i18n/i18n.js';
import { useI18n } from '../i18n/i18n.js';
import {
  addPeriod,
  BOM_FIELDS,
  type BomRow,
  type CellProblem,
  emptyLine,
  emptyProduct,
  LINE_FIELDS,
  type LineRow,
  type PlanDraft,
  PRODUCT_FIELDS,
  type ProductRow,
  ROUTING_FIELDS,
  type RoutingRow,
  removePeriod,
  type Table,
} from '../lib/plan-draft.js';

/** Numeric columns; each has its unit in `planning.u.<column>` (`{c}` is the plan's currency). */
const NUMERIC = new Set([
  'holdingCost',
  'backlogCost',
  'lostSaleCost',
  'initialInventory',
  'minLot',
  'setupCost',
  'setupHours',
  'overtimeHours',
  'overtimeCost',
  'hoursPerUnit',
  'costPerUnit',
  'quantity',
]);

/** The problem message for a cell, e.g. "Demand › chair › W2: “abc” is not a number". */
export function useProblemText(): (p: CellProblem) => string {
  const { t } = useI18n();
  return (p) => {
    // Demand and hours cells are named by their period; id problems name the row alone.
    const column =
      p.column === 'id' || p.table === 'periods'
        ? ''
        : p.table === 'demand' || p.table === 'hours'
          ? p.column
          : t(`planning.col.${p.column}` as MessageKey);
    const where = [t(`planning.table.${p.table}` as MessageKey), p.row, column]
      .filter((s) => s !== '')
      .join(' › ');
    return `${where}: ${t(`planning.problem.${p.code}` as MessageKey, { value: p.value })}`;
  };
}

interface CellProps {
  readonly value: string;
  readonly onChange: (v: string) => void;
  readonly cellKey: string;
  readonly problems: ReadonlyMap<string, string>;
  readonly label: string;
  readonly numeric?: boolean | undefined;
  readonly list?: string | undefined;
}

function Cell({ value, onChange, cellKey, problems, label, numeric, list }: CellProps) {
  const problem = problems.get(cellKey);
  return (
    <input
      type="text"
      inputMode={numeric ? 'decimal' : undefined}
      className={`cell ${numeric ? 'num' : ''} ${problem ? 'invalid' : ''}`}
      value={value}
      aria-label={label}
      aria-invalid={problem ? true : undefined}
      title={problem}
      data-cell={cellKey}
      list={list}
      onChange={(e) => onChange(e.target.value)}
      size={numeric ? 6 : 10}
    />
  );
}

function Section({ title, children, id }: { title: string; children: ReactNode; id: string }) {
  return (
    <section className="plan-table" aria-labelledby={`${id}-h`} data-testid={`table-${id}`}>
      <h3 id={`${id}-h`}>{title}</h3>
      <div className="table-wrap">{children}</div>
    </section>
  );
}

const replaceAt = <T,>(xs: readonly T[], i: number, v: T): T[] => xs.map((x, j) => (j === i ? v : x));
const removeAt = <T,>(xs: readonly T[], i: number): T[] => xs.filter((_, j) => j !== i);

export interface DemandSource {
  /** Stored series ids that can give a product's demand (forecast per period by the server). */
  readonly series: readonly string[];
  /** Product id → chosen series. */
  readonly chosen: Readonly<Record<string, string>>;
  /** Product id → the demand the server forecast from its series at the last solve. */
  readonly forecast: Readonly<Record<string, readonly string[]>>;
  readonly onChoose: (product: string, series: string) => void;
}

export function PlanTables({
  draft,
  onChange,
  problems,
  demandSource,
}: {
  draft: PlanDraft;
  onChange: (d: PlanDraft) => void;
  problems: ReadonlyMap<string, string>;
  demandSource: DemandSource;
}) {
  const { t } = useI18n();
  const c = draft.currency || '¥';
  const header = (f: string) =>
    `${t(`planning.col.${f}` as MessageKey)}${NUMERIC.has(f) ? ` (${t(`planning.u.${f}` as MessageKey, { c })})` : ''}`;
  const T = draft.periods.length;

  /** A renamed product or line is renamed in routings, the bill of materials and series choices too. */
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
  const setProduct = (i: number, p: ProductRow) =>
    onChange({ ...draft, products: replaceAt(draft.products, i, p) });
  const setLine = (i: number, l: LineRow) => onChange({ ...draft, lines: replaceAt(draft.lines, i, l) });

  const periodHeader = (table: Table) =>
    draft.periods.map((p, t0) => (
      // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
      <th scope="col" key={`${t0}`} className="num">
        {table === 'demand' ? (
          <span className="period-head">
            <Cell
              value={p}
              onChange={(v) => onChange({ ...draft, periods: replaceAt(draft.periods, t0, v) })}
              cellKey={`periods.${t0}.id`}
              problems={problems}
              label={t('planning.periodLabel', { n: t0 + 1 })}
            />
            {T > 1 && (
              <button
                type="button"
                className="link small"
                onClick={() => onChange(removePeriod(draft, t0))}
                aria-label={t('planning.removePeriod', { period: p })}
              >
                ×
              </button>
            )}
          </span>
        ) : (
          p
        )}
      </th>
    ));

  return (
    <div className="plan-tables">
      <Section title={t('planning.table.demand')} id="demand">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">
                {t('planning.product')} <span className="muted small">({t('planning.unitsPerPeriod')})</span>
              </th>
              {periodHeader('demand')}
              {demandSource.series.length > 0 && <th scope="col">{t('planning.fromSeries')}</th>}
            </tr>
          </thead>
          <tbody>
            {draft.products.map((p, i) => {
              const series = demandSource.chosen[p.id];
              return (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
                <tr key={`${i}`} data-product={p.id}>
                  <th scope="row">{p.id || `#${i + 1}`}</th>
                  {draft.periods.map((period, t0) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
                    <td key={`${t0}`}>
                      {series ? (
                        <span
                          className="num forecast"
                          data-cell={`demand.${i}.${period}`}
                          title={t('planning.forecast')}
                        >
                          {demandSource.forecast[p.id]?.[t0] ?? t('planning.forecast')}
                        </span>
                      ) : (
                        <Cell
                          numeric
                          value={p.demand[t0] ?? ''}
                          onChange={(v) => setProduct(i, { ...p, demand: replaceAt(p.demand, t0, v) })}
                          cellKey={`demand.${i}.${period}`}
                          problems={problems}
                          label={t('planning.demandCell', { product: p.id, period })}
                        />
                      )}
                    </td>
                  ))}
                  {demandSource.series.length > 0 && (
                    <td>
                      <select
                        value={series ?? ''}
                        onChange={(e) => demandSource.onChoose(p.id, e.target.value)}
                        aria-label={t('planning.fromSeriesOf', { product: p.id })}
                        data-testid={`demand-series-${p.id}`}
                      >
                        <option value="">{t('planning.typed')}</option>
                        {demandSource.series.map((s) => (
                          <option key={s} value={s}>
                            {s}
                          </option>
                        ))}
                      </select>
                    </td>
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
        <button type="button" onClick={() => onChange(addPeriod(draft))} data-testid="add-period">
          {t('planning.addPeriod')}
        </button>
      </Section>

      <Section title={t('planning.table.hours')} id="hours">
        <table className="data">
          <thead>
            <tr>
              <th scope="col">
                {t('planning.line')} <span className="muted small">({t('planning.hoursPerPeriod')})</span>
              </th>
              {periodHeader('hours')}
            </tr>
          </thead>
          <tbody>
            {draft.lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
              <tr key={`${i}`} data-line={l.id}>
                <th scope="row">{l.name ? `${l.id} ${l.name}` : l.id || `#${i + 1}`}</th>
                {draft.periods.map((period, t0) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
                  <td key={`${t0}`}>
                    <Cell
                      numeric
                      value={l.hours[t0] ?? ''}
                      onChange={(v) => setLine(i, { ...l, hours: replaceAt(l.hours, t0, v) })}
                      cellKey={`hours.${i}.${period}`}
                      problems={problems}
                      label={t('planning.hoursCell', { line: l.id, period })}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Section>

      <Section title={t('planning.table.products')} id="products">
        <table className="data">
          <thead>
            <tr>
              {PRODUCT_FIELDS.map((f) => (
                <th scope="col" key={f}>
                  {header(f)}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">{t('planning.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.products.map((p, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
              <tr key={`${i}`}>
                {PRODUCT_FIELDS.map((f) => (
                  <td key={f}>
                    <Cell
                      numeric={NUMERIC.has(f)}
                      value={p[f]}
                      onChange={(v) => (f === 'id' ? renameProduct(i, v) : setProduct(i, { ...p, [f]: v }))}
                      cellKey={`products.${i}.${f}`}
                      problems={problems}
                      label={`${t('planning.table.products')} ${p.id || i + 1} ${t(`planning.col.${f}` as MessageKey)}`}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onChange({ ...draft, products: removeAt(draft.products, i) })}
                    aria-label={t('planning.removeRow', { row: p.id || String(i + 1) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          onClick={() => onChange({ ...draft, products: [...draft.products, emptyProduct(T)] })}
          data-testid="add-product"
        >
          {t('planning.addProduct')}
        </button>
        <p className="muted small">{t('planning.productsHint')}</p>
      </Section>

      <Section title={t('planning.table.lines')} id="lines">
        <table className="data">
          <thead>
            <tr>
              {LINE_FIELDS.map((f) => (
                <th scope="col" key={f}>
                  {header(f)}
                </th>
              ))}
              <th scope="col">
                <span className="sr-only">{t('planning.remove')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {draft.lines.map((l, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
              <tr key={`${i}`}>
                {LINE_FIELDS.map((f) => (
                  <td key={f}>
                    <Cell
                      numeric={NUMERIC.has(f)}
                      value={l[f]}
                      onChange={(v) => (f === 'id' ? renameLine(i, v) : setLine(i, { ...l, [f]: v }))}
                      cellKey={`lines.${i}.${f}`}
                      problems={problems}
                      label={`${t('planning.table.lines')} ${l.id || i + 1} ${t(`planning.col.${f}` as MessageKey)}`}
                    />
                  </td>
                ))}
                <td>
                  <button
                    type="button"
                    className="link"
                    onClick={() => onChange({ ...draft, lines: removeAt(draft.lines, i) })}
                    aria-label={t('planning.removeRow', { row: l.id || String(i + 1) })}
                  >
                    ×
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button type="button" onClick={() => onChange({ ...draft, lines: [...draft.lines, emptyLine(T)] })}>
          {t('planning.addLine')}
        </button>
        <p className="muted small">{t('planning.overtimeHint')}</p>
      </Section>

      <RowsTable
        id="routings"
        fields={ROUTING_FIELDS}
        rows={draft.routings}
        header={header}
        problems={problems}
        lists={{ product: 'plan-products', line: 'plan-lines' }}
        onChange={(routings) => onChange({ ...draft, routings })}
        blank={{ product: '', line: '', hoursPerUnit: '', costPerUnit: '' }}
      />
      <RowsTable
        id="bom"
        fields={BOM_FIELDS}
        rows={draft.bom}
        header={header}
        problems={problems}
        lists={{ parent: 'plan-products', component: 'plan-products' }}
        onChange={(bom) => onChange({ ...draft, bom })}
        blank={{ parent: '', component: '', quantity: '' }}
      />
      <datalist id="plan-products">
        {draft.products.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
          <option key={`${i}`} value={p.id} />
        ))}
      </datalist>
      <datalist id="plan-lines">
        {draft.lines.map((l, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
          <option key={`${i}`} value={l.id} />
        ))}
      </datalist>
    </div>
  );
}

function RowsTable<F extends string, R extends Record<F, string>>({
  id,
  fields,
  rows,
  header,
  problems,
  lists,
  onChange,
  blank,
}: {
  id: 'routings' | 'bom';
  fields: readonly F[];
  rows: readonly R[];
  header: (f: string) => string;
  problems: ReadonlyMap<string, string>;
  lists: Partial<Record<F, string>>;
  onChange: (rows: R[]) => void;
  blank: R;
}) {
  const { t } = useI18n();
  return (
    <Section title={t(`planning.table.${id}`)} id={id}>
      <table className="data">
        <thead>
          <tr>
            {fields.map((f) => (
              <th scope="col" key={f}>
                {header(f)}
              </th>
            ))}
            <th scope="col">
              <span className="sr-only">{t('planning.remove')}</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: cells are edited in place; keyed by the typed id an input would remount on every keystroke
            <tr key={`${i}`}>
              {fields.map((f) => (
                <td key={f}>
                  <Cell
                    numeric={NUMERIC.has(f)}
                    value={r[f]}
                    onChange={(v) => onChange(replaceAt(rows, i, { ...r, [f]: v }))}
                    cellKey={`${id}.${i}.${f}`}
                    problems={problems}
                    label={`${t(`planning.table.${id}`)} ${i + 1} ${t(`planning.col.${f}` as MessageKey)}`}
                    list={lists[f]}
                  />
                </td>
              ))}
              <td>
                <button
                  type="button"
                  className="link"
                  onClick={() => onChange(removeAt(rows, i))}
                  aria-label={t('planning.removeRow', { row: String(i + 1) })}
                >
                  ×
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <button type="button" onClick={() => onChange([...rows, blank])}>
        {t('planning.addRow')}
      </button>
    </Section>
  );
}

export type { BomRow, RoutingRow };
