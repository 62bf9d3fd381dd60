/**
 * Control: the faceplate of a PID loop (PV, SP and OP trends live, mode switch, setpoint, manual
 * output, tuning), the tuning assistant (a step or relay test on a copy of the plant model, never on
 * the live plant, with the settings a tuning rule proposes) and a before/after comparison of current
 * and proposed tuning in closed-loop simulation. Every change goes through the audited API.
 */
import { useState } from 'react';
import { client, ok } from '../../api/client.js';
import { Choice } from '../../components/choice.js';
import { Async } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useApi } from '../../lib/use-api.js';
import { Assistant } from './assistant.js';
import { Faceplate } from './faceplate.js';

export default function ControlPage() {
  const { t } = useI18n();
  const loops = useApi(
    'control/loops',
    (signal) => ok(client.GET('/api/v1/control/loops', { signal })),
    10_000,
  );
  const [picked, setPicked] = useState<string>();
  const list = loops.data?.loops ?? [];
  const id = picked ?? list[0]?.id;
  const current = list.find((l) => l.id === id);
  return (
    <div className="page control">
      <h1>{t('control.title')}</h1>
      <Async state={loops} isEmpty={(d) => d.loops.length === 0} empty={t('control.noLoops')}>
        {() => (
          <>
            {list.length > 1 && (
              <Choice
                label={t('control.loop')}
                value={id ?? ''}
                options={list.map((l) => l.id)}
                onChange={setPicked}
              />
            )}
            {id && (
              <section aria-labelledby="faceplate-h">
                <h2 id="faceplate-h">
                  {t('control.faceplate')}: <code>{id}</code>
                </h2>
                <Faceplate id={id} />
              </section>
            )}
            {current && (
              <section aria-labelledby="assistant-h">
                <h2 id="assistant-h">{t('control.assistant')}</h2>
                <Assistant loop={current} onApplied={loops.reload} />
              </section>
            )}
          </>
        )}
      </Async>
    </div>
  );
}
