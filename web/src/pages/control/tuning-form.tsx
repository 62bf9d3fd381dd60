/** The loop's PID settings, editable; an empty Ti means no integral action. */
import { type FormEvent, useEffect, useState } from 'react';
import type { Schema } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import { NumberField } from './number-field.js';

export type TuningChange = { kc: number; ti: number | null; td: number };

export function TuningForm({
  loop,
  unit,
  onSubmit,
}: {
  loop: Schema<'ControlLoop'>;
  unit: string;
  onSubmit: (t: TuningChange) => Promise<void>;
}) {
  const { t } = useI18n();
  const tu = loop.config.tuning;
  const [kc, setKc] = useState(String(tu.kc));
  const [ti, setTi] = useState(tu.ti === null ? '' : String(tu.ti));
  const [td, setTd] = useState(String(tu.td));
  // Settings applied elsewhere (the assistant, another operator) replace what is typed here.
  useEffect(() => {
    setKc(String(tu.kc));
    setTi(tu.ti === null ? '' : String(tu.ti));
    setTd(String(tu.td));
  }, [tu.kc, tu.ti, tu.td]);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void onSubmit({ kc: Number(kc), ti: ti.trim() === '' ? null : Number(ti), td: Number(td || 0) });
  };
  return (
    <form className="toolbar" onSubmit={submit} data-testid="tuning-form">
      <NumberField label={`Kc (${loop.config.opUnit}/${unit})`} value={kc} onChange={setKc} width="6em" />
      <NumberField label="Ti (s)" value={ti} onChange={setTi} width="6em" placeholder="∞" />
      <NumberField label="Td (s)" value={td} onChange={setTd} width="6em" />
      <button type="submit">{t('control.applyTuning')}</button>
    </form>
  );
}
