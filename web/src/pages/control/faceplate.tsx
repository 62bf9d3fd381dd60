/**
 * The faceplate of one loop: readings, trend, mode switch, setpoint, manual output and tuning, and
 * the audit trail. Every change goes through the audited API, then the loop and its trail reload.
 */
import { client, ok } from '../../api/client.js';
import { Async, ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { useAction } from '../../lib/use-action.js';
import { AuditTable } from './audit-table.js';
import { useLoopData, usePvUnit } from './loop-data.js';
import { LoopKpis } from './loop-kpis.js';
import { LoopTrend } from './loop-trend.js';
import { ModeSwitch } from './mode-switch.js';
import { NumberForm } from './number-form.js';
import { TuningForm } from './tuning-form.js';

export function Faceplate({ id }: { id: string }) {
  const { t } = useI18n();
  const { loop, history, audit } = useLoopData(id);
  const action = useAction();
  const params = { path: { id } };
  const act = async (call: () => Promise<unknown>) => {
    await action.run(async () => {
      await call();
      loop.reload();
      audit.reload();
    });
  };
  const unit = usePvUnit(loop.data?.config.pvSeries ?? null);
  return (
    <Async state={loop}>
      {(l) => (
        <>
          {action.error && <ErrorBox error={action.error} />}
          <p className="muted">
            {l.config.description} · {t('control.pvSeries')}: <code>{l.config.pvSeries ?? '—'}</code> ·{' '}
            {t('control.opTopic')}: <code>{l.config.opTopic ?? '—'}</code>
          </p>
          <LoopKpis loop={l} unit={unit} />
          <LoopTrend samples={history.data?.samples} unit={unit} />
          <ModeSwitch
            mode={l.mode}
            onChange={(mode) =>
              void act(() => ok(client.POST('/api/v1/control/loops/{id}/mode', { params, body: { mode } })))
            }
          />
          <NumberForm
            key={`sp-${l.sp}`}
            label={t('control.sp')}
            unit={unit}
            initial={l.sp}
            testId="sp-form"
            onSubmit={(v) =>
              act(() =>
                ok(client.POST('/api/v1/control/loops/{id}/setpoint', { params, body: { value: v } })),
              )
            }
          />
          <NumberForm
            key={`op-${l.mode}`}
            label={t('control.manualOutput')}
            unit={l.config.opUnit}
            initial={Math.round(l.op * 10) / 10}
            disabled={l.mode !== 'manual'}
            testId="op-form"
            onSubmit={(v) =>
              act(() => ok(client.POST('/api/v1/control/loops/{id}/output', { params, body: { value: v } })))
            }
          />
          <TuningForm
            loop={l}
            unit={unit}
            onSubmit={(tu) =>
              act(() => ok(client.POST('/api/v1/control/loops/{id}/tuning', { params, body: tu })))
            }
          />
          <h3>{t('control.audit')}</h3>
          <Async state={audit} isEmpty={(a) => a.entries.length === 0}>
            {(a) => <AuditTable entries={a.entries} />}
          </Async>
        </>
      )}
    </Async>
  );
}
