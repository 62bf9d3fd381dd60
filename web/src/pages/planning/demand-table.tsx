/**
 * Demand per product and period, with the periods' labels edited in its header. A product whose
 * demand comes from a stored series shows the server's forecast instead of inputs.
 */
import type { Column } from '../../components/data-table.js';
import { useI18n } from '../../i18n/i18n.js';
import { addPeriod, type ProductRow, removePeriod } from '../../lib/plan-draft.js';
import { Cell } from './cell.js';
import { replaceAt } from './edit.js';
import { Options } from './options.js';
import { periodColumns } from './period-columns.js';
import { type DraftTableProps, PlanTable } from './plan-table.js';

export interface DemandSource {
  /** Stored series ids that can give a product's demand (forecast per period by the server). */
  readonly series: readonly string[];
  /** Product id → chosen series. */
  readonly chosen: Readonly<Record<string, string>>;
  /** Product id → the demand the server forecast from its series at the last solve. */
  readonly forecast: Readonly<Record<string, readonly string[]>>;
  readonly onChoose: (product: string, series: string) => void;
}

/** A period's label as an input, and a button to remove the period while more than one is left. */
function PeriodHead({ draft, onChange, problems, t0 }: DraftTableProps & { t0: number }) {
  const { t } = useI18n();
  const period = draft.periods[t0] ?? '';
  return (
    <span className="period-head">
      <Cell
        value={period}
        onChange={(v) => onChange({ ...draft, periods: replaceAt(draft.periods, t0, v) })}
        cellKey={`periods.${t0}.id`}
        problems={problems}
        label={t('planning.periodLabel', { n: t0 + 1 })}
      />
      {draft.periods.length > 1 && (
        <button
          type="button"
          className="link small"
          onClick={() => onChange(removePeriod(draft, t0))}
          aria-label={t('planning.removePeriod', { period })}
        >
          ×
        </button>
      )}
    </span>
  );
}

export function DemandTable({
  draft,
  onChange,
  problems,
  source,
}: DraftTableProps & { source: DemandSource }) {
  const { t } = useI18n();
  const setDemand = (i: number, t0: number, v: string) => {
    const p = draft.products[i] as ProductRow;
    onChange({
      ...draft,
      products: replaceAt(draft.products, i, { ...p, demand: replaceAt(p.demand, t0, v) }),
    });
  };
  const columns: ReadonlyArray<Column<ProductRow> | false> = [
    {
      key: 'product',
      rowHeader: true,
      header: (
        <>
          {t('planning.product')} <span className="muted small">({t('planning.unitsPerPeriod')})</span>
        </>
      ),
      cell: (p, i) => p.id || `#${i + 1}`,
    },
    ...periodColumns<ProductRow>({
      table: 'demand',
      periods: draft.periods,
      problems,
      header: (t0) => <PeriodHead draft={draft} onChange={onChange} problems={problems} t0={t0} />,
      value: (p, t0) => p.demand[t0] ?? '',
      onEdit: setDemand,
      label: (p, period) => t('planning.demandCell', { product: p.id, period }),
      instead: (p, i, period, t0) =>
        source.chosen[p.id] ? (
          <span className="num forecast" data-cell={`demand.${i}.${period}`} title={t('planning.forecast')}>
            {source.forecast[p.id]?.[t0] ?? t('planning.forecast')}
          </span>
        ) : undefined,
    }),
    source.series.length > 0 && {
      key: 'series',
      header: t('planning.fromSeries'),
      cell: (p) => (
        <select
          value={source.chosen[p.id] ?? ''}
          onChange={(e) => source.onChoose(p.id, e.target.value)}
          aria-label={t('planning.fromSeriesOf', { product: p.id })}
          data-testid={`demand-series-${p.id}`}
        >
          <option value="">{t('planning.typed')}</option>
          <Options values={source.series} />
        </select>
      ),
    },
  ];
  return (
    <PlanTable<ProductRow>
      id="demand"
      columns={columns}
      rows={draft.products}
      rowProps={(p) => ({ 'data-product': p.id })}
    >
      <button type="button" onClick={() => onChange(addPeriod(draft))} data-testid="add-period">
        {t('planning.addPeriod')}
      </button>
    </PlanTable>
  );
}
