/** A form to add a report schedule: what to render, when (cron in a time zone), and where to deliver it. */
import { type FormEvent, useState } from 'react';
import { client, ok } from '../../api/client.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ActionState } from '../../lib/use-action.js';
import { namingField } from './naming-field.js';
import { FORMATS, PERIODS } from './options.js';

export function AddSchedule(props: {
  types: readonly string[];
  action: ActionState<'report' | 'schedule'>;
  onAdded: () => void;
}) {
  const { t } = useI18n();
  const [f, setF] = useState({
    name: '',
    type: 'production',
    cron: '5 6 * * *',
    timeZone: 'Asia/Shanghai',
    period: 'day',
    format: 'pdf',
    lang: 'zh',
    kind: 'email',
    target: '',
  });
  const set = (k: keyof typeof f) => (e: { target: { value: string } }) =>
    setF({ ...f, [k]: e.target.value });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const delivery =
      f.kind === 'email'
        ? { kind: 'email', to: f.target.split(',').map((s) => s.trim()) }
        : f.kind === 'webhook'
          ? { kind: 'webhook', url: f.target }
          : { kind: 'folder', path: f.target };
    const added = await props.action.run(
      () =>
        namingField(async () => {
          await ok(
            client.POST('/api/v1/reports/schedules', {
              body: {
                name: f.name,
                spec: {
                  type: f.type,
                  cron: f.cron,
                  timeZone: f.timeZone,
                  period: f.period,
                  format: f.format,
                  lang: f.lang,
                  delivery,
                },
              } as never,
            }),
          );
          return true;
        }),
      'schedule',
    );
    if (added) props.onAdded();
  };
  return (
    <form className="controls" onSubmit={submit}>
      <input placeholder={t('reports.name')} value={f.name} onChange={set('name')} required />
      <select value={f.type} onChange={set('type')}>
        {props.types.map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <input aria-label="cron" value={f.cron} onChange={set('cron')} size={12} />
      <input aria-label={t('reports.timeZone')} value={f.timeZone} onChange={set('timeZone')} size={14} />
      <select value={f.period} onChange={set('period')} aria-label={t('reports.period')}>
        {PERIODS.map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <select value={f.format} onChange={set('format')}>
        {FORMATS.map((x) => (
          <option key={x}>{x}</option>
        ))}
      </select>
      <select value={f.lang} onChange={set('lang')}>
        <option value="zh">简体中文</option>
        <option value="en">English</option>
      </select>
      <select value={f.kind} onChange={set('kind')} aria-label={t('reports.delivery')}>
        <option value="email">e-mail</option>
        <option value="webhook">webhook</option>
        <option value="folder">folder</option>
      </select>
      <input placeholder={t('reports.target')} value={f.target} onChange={set('target')} required />
      <button type="submit">{t('reports.add')}</button>
    </form>
  );
}
