/**
 * Run a report now: a type and a period, previewed as the HTML the PDF prints (in a sandboxed
 * frame with no scripts) or downloaded as PDF, XLSX or CSV.
 */
import { useState } from 'react';
import { apiBase, authHeaders, toApiError } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ActionState } from '../../lib/use-action.js';
import { namingField } from './naming-field.js';
import { FORMATS } from './options.js';

const DAY = 86_400_000;
/** `datetime-local` value of an instant in the browser's zone. */
const localInput = (ms: number): string => {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
};

/** A report's body: HTML or a file, not JSON, hence not through the typed client. */
async function get(path: string): Promise<Response> {
  const res = await fetch(`${apiBase()}${path}`, { credentials: 'same-origin', headers: authHeaders() });
  if (!res.ok) throw await toApiError(res);
  return res;
}

export function RunReport(props: { types: readonly string[]; action: ActionState<'report' | 'schedule'> }) {
  const { t, locale } = useI18n();
  const { action } = props;
  const now = Date.now();
  const [type, setType] = useState('production');
  const [from, setFrom] = useState(localInput(now - DAY));
  const [to, setTo] = useState(localInput(now));
  const [format, setFormat] = useState('pdf');
  const [lang, setLang] = useState(locale === 'zh-CN' ? 'zh' : 'en');
  const [asset, setAsset] = useState('');
  const [preview, setPreview] = useState<string>();

  const query = (extra: Record<string, string> = {}) => {
    const q = new URLSearchParams({
      type,
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      lang,
      ...(asset.trim() ? { asset: asset.trim() } : {}),
      ...extra,
    });
    return q.toString();
  };
  const act = (fn: () => Promise<void>) => action.run(() => namingField(fn), 'report');
  const doPreview = () =>
    act(async () => setPreview(await (await get(`/reports/preview?${query()}`)).text()));
  const doDownload = () =>
    act(async () => {
      const blob = await (await get(`/reports/run?${query({ format })}`)).blob();
      const a = document.createElement('a');
      a.href = URL.createObjectURL(blob);
      a.download = `${type}_${from.slice(0, 10)}_${lang}.${format}`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
  const busy = action.busy === 'report';

  return (
    <>
      <div className="controls">
        <label>
          {t('reports.type')}{' '}
          <select value={type} onChange={(e) => setType(e.target.value)}>
            {props.types.map((x) => (
              <option key={x} value={x}>
                {x}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.from')}{' '}
          <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          {t('reports.to')} <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
        <label>
          {t('reports.format')}{' '}
          <select value={format} onChange={(e) => setFormat(e.target.value)}>
            {FORMATS.map((x) => (
              <option key={x}>{x}</option>
            ))}
          </select>
        </label>
        <label>
          {t('reports.lang')}{' '}
          <select value={lang} onChange={(e) => setLang(e.target.value)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
        <label>
          {t('reports.asset')} <input value={asset} onChange={(e) => setAsset(e.target.value)} />
        </label>
        <button type="button" disabled={busy} onClick={doPreview}>
          {t('reports.preview')}
        </button>
        <button type="button" disabled={busy} onClick={doDownload}>
          {t('reports.download')}
        </button>
      </div>
      {action.error && <ErrorBox error={action.error} />}
      {preview !== undefined && (
        <iframe
          title={t('reports.preview')}
          sandbox=""
          srcDoc={preview}
          style={{
            width: '100%',
            height: '70vh',
            border: '1px solid var(--border, #ccc)',
            background: '#fff',
          }}
        />
      )}
    </>
  );
}
