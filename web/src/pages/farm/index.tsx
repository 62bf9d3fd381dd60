/**
 * The farm: per field, the root-zone depletion replayed from the stored weather and soil moisture
 * against RAW and TAW (FAO-56), the irrigation schedule for the coming days (table and bars),
 * ET0/ETc per day, and the degree days since the biofix against each pest threshold, with the
 * alarms raised. Data from `GET /farm/fields` and `GET /farm/field`.
 */
import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { CommandBox } from '../../components/command-box.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { FieldView } from './field-view.js';

export default function FarmPage() {
  const { t, plural } = useI18n();
  const fields = useApi('farm/fields', (signal) => ok(client.GET('/api/v1/farm/fields', { signal })), 60_000);
  const [selected, setSelected] = useState<string | null>(null);
  return (
    <div className="page farm">
      <h1>{t('farm.title')}</h1>
      <CommandBox mode="field_op" />
      <Async state={fields} isEmpty={(r) => r.fields.length === 0} empty={t('farm.noFields')}>
        {(r) => {
          const id = selected ?? r.fields[0]!.id;
          return (
            <>
              <div className="toolbar" role="tablist" aria-label={t('farm.fields')}>
                {r.fields.map((f) => (
                  <button
                    key={f.id}
                    type="button"
                    role="tab"
                    aria-selected={f.id === id}
                    data-testid="farm-field-tab"
                    className={f.id === id ? 'active' : ''}
                    onClick={() => setSelected(f.id)}
                  >
                    {f.name} · {f.crop} · {plural('farm.zones', f.zones.length)}
                  </button>
                ))}
              </div>
              <FieldView key={id} id={id} />
            </>
          );
        }}
      </Async>
    </div>
  );
}
