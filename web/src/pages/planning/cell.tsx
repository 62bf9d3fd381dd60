/**
 * One cell of the plan tables: a text input, so a wrong entry stays visible as typed; a cell with
 * a problem is marked (aria-invalid) and its message is the tooltip.
 */
export interface CellProps {
  readonly value: string;
  readonly onChange: (v: string) => void;
  /** `${table}.${row}.${column}`: the key problems are reported under, and what tests select on. */
  readonly cellKey: string;
  readonly problems: ReadonlyMap<string, string>;
  readonly label: string;
  readonly numeric?: boolean | undefined;
  readonly list?: string | undefined;
}

export function Cell({ value, onChange, cellKey, problems, label, numeric, list }: CellProps) {
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
