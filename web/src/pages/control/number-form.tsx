/** One number and an apply button (setpoint, manual output); a blank or non-number is not sent. */
import { type FormEvent, useState } from 'react';
import { useI18n } from '../../i18n/i18n.js';
import { NumberField } from './number-field.js';

export function NumberForm(props: {
  label: string;
  unit: string;
  initial: number;
  disabled?: boolean;
  testId: string;
  onSubmit: (v: number) => Promise<void>;
}) {
  const { t } = useI18n();
  const [value, setValue] = useState(String(props.initial));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const v = Number(value);
    if (value.trim() !== '' && Number.isFinite(v)) void props.onSubmit(v);
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid={props.testId}>
      <NumberField
        label={`${props.label} (${props.unit})`}
        value={value}
        onChange={setValue}
        disabled={props.disabled}
        width="7em"
      />
      <button type="submit" disabled={props.disabled}>
        {t('control.apply')}
      </button>
    </form>
  );
}
