/**
 * CSV and XLSX import: pick a file, check the first rows, map the columns (time, series or asset + metric,
 * value, unit; or wide metric columns), upload with a progress bar (bytes sent, then rows
 * imported), and see accepted and quarantined counts with the reasons.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { type Answer, apiBase, authHeaders, client, ok, qs, toApiError } from '../api/client.js';

/** What an upload answers (sent with XMLHttpRequest for its upload progress, which fetch lacks). */
type ImportResult = Answer<'/api/v1/imports', 'post'>;

import { Async, ErrorBox } from '../components/status.js';
import { type MessageKey, useI18n } from '../i18n/i18n.js';
import { useApi } from '../lib/use-api.js';
import { href } from '../router.js';

const ROLES = ['time', 'series', 'asset', 'metric', 'value', 'unit', 'wide', 'ignore'] as const;
type Role = (typeof ROLES)[number];
const PREVIEW_BYTES = 16 * 1024;
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
/** An Excel workbook is binary: no preview here, the server reads its header (src/ingest/xlsx). */
export const isWorkbook = (name: string): boolean => /\.xls[xm]$/i.test(name);

/** Splits one CSV line, honouring double quotes; enough for a header and a preview. */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === delimiter) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

export function guessRole(name: string): Role {
  const n = name.trim().toLowerCase();
  if (/^(ts|time|timestamp|datetime|date)$/.test(n)) return 'time';
  if (n === 'series' || n === 'asset' || n === 'metric' || n === 'value' || n === 'unit') return n;
  return 'wide';
}

export interface MappingResult {
  readonly map?: Record<string, unknown>;
  readonly problem?: MessageKey;
}

/** The server's ColumnMapping (src/ingest/csv/column-mapping.ts) for the chosen roles. */
export function buildMapping(
  header: readonly string[],
  roles: readonly Role[],
  asset: string,
): MappingResult {
  const named = (r: Role) => header.filter((_, i) => roles[i] === r);
  const time = named('time');
  if (time.length !== 1) return { problem: 'import.needTime' };
  const value = named('value');
  const wide = named('wide');
  const map: Record<string, unknown> = { time: time[0] };
  if (value.length === 1) {
    const [series, assetCol, metric, unit] = [
      named('series'),
      named('asset'),
      named('metric'),
      named('unit'),
    ];
    if (series.length !== 1 && !(assetCol.length === 1 && metric.length === 1))
      return { problem: 'import.needSeries' };
    map['value'] = value[0];
    if (series.length === 1) map['series'] = series[0];
    else {
      map['asset'] = assetCol[0];
      map['metric'] = metric[0];
    }
    if (unit.length === 1) map['unit'] = unit[0];
    return { map };
  }
  if (wide.length === 0) return { problem: 'import.needValue' };
  if (asset.trim() === '') return { problem: 'import.needAsset' };
  const skip = header.filter((_, i) => roles[i] !== 'wide' && roles[i] !== 'time');
  if (skip.length > 0) map['skip'] = skip;
  return { map };
}

function upload(
  file: File,
  query: string,
  contentType: string,
  onProgress: (sent: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `${apiBase()}/imports${query}`);
    for (const [k, v] of Object.entries(authHeaders())) xhr.setRequestHeader(k, v);
    xhr.setRequestHeader('content-type', contentType);
    xhr.upload.onprogress = (e) => onProgress(e.loaded);
    xhr.onerror = () => reject(new Error('network error'));
    xhr.onload = () => {
      const res = new Response(xhr.responseText, {
        status: xhr.status,
        headers: { 'content-type': xhr.getResponseHeader('content-type') ?? '' },
      });
      if (xhr.status >= 200 && xhr.status < 300) resolve(JSON.parse(xhr.responseText) as ImportResult);
      else toApiError(res).then(reject, reject);
    };
    xhr.send(file);
  });
}

function Recent({ version }: { version: number }) {
  const { t, num, dateTime } = useI18n();
  const state = useApi(`imports ${version}`, (signal) =>
    ok(client.GET('/api/v1/imports', { params: { query: { limit: 10 } }, signal })),
  );
  return (
    <Async state={state} isEmpty={(r) => r.imports.length === 0}>
      {(r) => (
        <table className="data">
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('import.source')}</th>
              <th scope="col">{t('import.started')}</th>
              <th scope="col">{t('import.status')}</th>
              <th scope="col">{t('import.rows')}</th>
              <th scope="col">{t('import.accepted')}</th>
              <th scope="col">{t('import.quarantinedCount')}</th>
            </tr>
          </thead>
          <tbody>
            {r.imports.map((i) => (
              <tr key={i.id}>
                <td className="num">{i.id}</td>
                <td>{i.source}</td>
                <td>{dateTime(i.startedAt)}</td>
                <td>{t(`importStatus.${i.status}`)}</td>
                <td className="num">{num(i.rows ?? i.progress?.rows ?? null, 0)}</td>
                <td className="num">{num(i.accepted ?? i.progress?.accepted ?? null, 0)}</td>
                <td className="num">{num(i.quarantined ?? null, 0)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Async>
  );
}

export default function ImportPage() {
  const i18n = useI18n();
  const { t, num, pct } = i18n;
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string[][]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [asset, setAsset] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [sheet, setSheet] = useState('');
  const workbook = file !== undefined && isWorkbook(file.name);
  const [sent, setSent] = useState<number>();
  const [rowsDone, setRowsDone] = useState<number>();
  const [result, setResult] = useState<ImportResult>();
  const [error, setError] = useState<Error>();
  const [version, setVersion] = useState(0);
  const header = preview[0] ?? [];

  useEffect(() => {
    if (!file) return;
    if (isWorkbook(file.name)) {
      setPreview([]);
      setRoles([]);
      return;
    }
    file
      .slice(0, PREVIEW_BYTES)
      .text()
      .then((text) => {
        const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '' && !l.startsWith('#'));
        const first = lines[0] ?? '';
        const delimiter =
          [',', ';', '\t'].sort((a, b) => first.split(b).length - first.split(a).length)[0] ?? ',';
        const rows = lines.slice(0, 6).map((l) => splitCsvLine(l, delimiter));
        setPreview(rows);
        setRoles((rows[0] ?? []).map(guessRole));
      })
      .catch((e: unknown) => setError(e instanceof Error ? e : new Error(String(e))));
  }, [file]);

  const mapping = useMemo(() => buildMapping(header, roles, asset), [header, roles, asset]);
  const busy = sent !== undefined && result === undefined && error === undefined;

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || (!workbook && !mapping.map)) return;
    setResult(undefined);
    setError(undefined);
    setSent(0);
    setRowsDone(undefined);
    const name = file.name;
    // While the server imports, its progress shows on the running import of this upload.
    const poll = setInterval(() => {
      ok(client.GET('/api/v1/imports', { params: { query: { limit: 5 } } }))
        .then((r) => {
          const running = r?.imports.find(
            (i) => i.status === 'running' && i.source === `upload:${name.replace(/[^\w.-]/g, '_')}`,
          );
          if (running?.progress) setRowsDone(running.progress.rows);
        })
        .catch(() => undefined);
    }, 500);
    try {
      const query = qs({
        name,
        format: workbook ? 'xlsx' : 'csv',
        timeZone: timeZone.trim() === '' ? undefined : timeZone.trim(),
        asset: asset.trim() === '' ? undefined : asset.trim(),
        ...(workbook
          ? { sheet: sheet.trim() === '' ? undefined : sheet.trim() }
          : { map: JSON.stringify(mapping.map) }),
      });
      setResult(await upload(file, query, workbook ? XLSX_TYPE : 'text/csv', setSent));
    } catch (err) {
      setError(err instanceof Error ? err : new Error(String(err)));
    } finally {
      clearInterval(poll);
      setVersion((v) => v + 1);
    }
  };

  const fraction = file && sent !== undefined ? Math.min(1, sent / Math.max(1, file.size)) : 0;
  return (
    <div className="page import">
      <h1>{t('import.title')}</h1>
      <form onSubmit={start} className="import-form">
        <label className="file">
          {t('import.choose')}{' '}
          <input
            type="file"
            accept={`.csv,.xlsx,.xlsm,text/csv,text/plain,${XLSX_TYPE}`}
            data-testid="file-input"
            onChange={(e) => {
              setFile(e.target.files?.[0]);
              setResult(undefined);
              setError(undefined);
              setSent(undefined);
            }}
          />
        </label>
        {workbook && (
          <>
            <p className="status" data-testid="xlsx-note">
              {t('import.xlsxNote')}
            </p>
            <div className="toolbar">
              <label>
                {t('import.sheet')}{' '}
                <input
                  value={sheet}
                  onChange={(e) => setSheet(e.target.value)}
                  spellCheck={false}
                  data-testid="sheet-input"
                />
              </label>
              <label>
                {t('import.asset')}{' '}
                <input
                  value={asset}
                  onChange={(e) => setAsset(e.target.value)}
                  placeholder="plant1/line1/m1"
                  spellCheck={false}
                  data-testid="asset-input"
                />
              </label>
              <label>
                {t('import.timeZone')}{' '}
                <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} spellCheck={false} />
              </label>
            </div>
            <button type="submit" disabled={busy} data-testid="import-start">
              {t('import.start')}
            </button>
          </>
        )}
        {!workbook && preview.length > 0 && (
          <>
            <h2>{t('import.mapping')}</h2>
            <div className="table-wrap">
              <table className="data mapping">
                <thead>
                  <tr>
                    {header.map((h, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional (names may repeat)
                      <th key={i} scope="col">
                        <label>
                          <span>{h}</span>
                          <select
                            value={roles[i] ?? 'ignore'}
                            aria-label={`${t('import.role')}: ${h}`}
                            onChange={(e) =>
                              setRoles((r) => r.map((x, k) => (k === i ? (e.target.value as Role) : x)))
                            }
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {t(`import.role.${r}`)}
                              </option>
                            ))}
                          </select>
                        </label>
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {preview.slice(1).map((row, r) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: preview rows have no identity
                    <tr key={r}>
                      {header.map((_, i) => (
                        // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
                        <td key={i}>{row[i] ?? ''}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div className="toolbar">
              <label>
                {t('import.asset')}{' '}
                <input
                  value={asset}
                  onChange={(e) => setAsset(e.target.value)}
                  placeholder="plant1/line1/m1"
                  spellCheck={false}
                  data-testid="asset-input"
                />
              </label>
              <label>
                {t('import.timeZone')}{' '}
                <input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} spellCheck={false} />
              </label>
            </div>
            {mapping.problem && <p className="status warn">{t(mapping.problem)}</p>}
            <button type="submit" disabled={!file || !mapping.map || busy} data-testid="import-start">
              {t('import.start')}
            </button>
          </>
        )}
      </form>
      {sent !== undefined && (
        <div className="progress-block" aria-live="polite">
          <progress max={1} value={result ? 1 : fraction} aria-label={t('import.start')} />
          <span>
            {result
              ? t('import.done', { id: result.import_id })
              : fraction < 1
                ? t('import.uploading', { percent: pct(fraction, 0) })
                : t('import.processing', { rows: num(rowsDone ?? 0, 0) })}
          </span>
        </div>
      )}
      {error && <ErrorBox error={error} />}
      {result && (
        <section
          className="result"
          data-testid="import-result"
          aria-label={t('import.done', { id: result.import_id })}
        >
          <dl className="counts">
            <div>
              <dt>{t('import.accepted')}</dt>
              <dd data-testid="accepted">{num(result.accepted, 0)}</dd>
            </div>
            <div>
              <dt>{t('import.quarantinedCount')}</dt>
              <dd data-testid="quarantined">
                <a href={href('/quality')}>{num(result.quarantined, 0)}</a>
              </dd>
            </div>
            <div>
              <dt>{t('import.duplicates')}</dt>
              <dd>{num(result.duplicates, 0)}</dd>
            </div>
            <div>
              <dt>{t('import.outliers')}</dt>
              <dd>{num(result.outliers, 0)}</dd>
            </div>
            <div>
              <dt>{t('import.seriesTouched')}</dt>
              <dd>{num(result.series.length, 0)}</dd>
            </div>
          </dl>
          {result.quarantine.length > 0 && (
            <>
              <h3>{t('import.rejections')}</h3>
              <ul className="reasons">
                {result.quarantine.slice(0, 50).map((q) => (
                  <li key={q.location}>
                    <code>{q.location}</code> {q.reasons.map((r) => `${r.code}: ${r.message}`).join('; ')}
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>
      )}
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">{t('import.recent')}</h2>
        <Recent version={version} />
      </section>
    </div>
  );
}
