/**
 * A labelled drop-down of string values: the label, the `<select>` and one `<option>` per value,
 * written once for the pages' pickers (loop, line, bucket, zone, metric, run).
 */
import type { ReactNode } from 'react';

export interface ChoiceProps<V extends string> {
  readonly label: ReactNode;
  readonly value: V;
  readonly options: readonly V[];
  /** What an option shows; the value itself unless given. */
  readonly text?: (value: V) => ReactNode;
  /** An option with the empty value first (none, the default); `V` must then include `''`. */
  readonly none?: ReactNode;
  /** Called with one of `options` (or `''` when `none` is given): the select offers nothing else. */
  readonly onChange: (value: V) => void;
  readonly disabled?: boolean;
  readonly testId?: string;
  /** Class of the label (e.g. `toolbar`). */
  readonly className?: string;
}

export function Choice<V extends string>(props: ChoiceProps<V>) {
  return (
    <label className={props.className}>
      {props.label}{' '}
      <select
        value={props.value}
        disabled={props.disabled}
        onChange={(e) => props.onChange(e.target.value as V)}
        data-testid={props.testId}
      >
        {props.none !== undefined && <option value="">{props.none}</option>}
        {props.options.map((v) => (
          <option key={v} value={v}>
            {props.text ? props.text(v) : v}
          </option>
        ))}
      </select>
    </label>
  );
}
