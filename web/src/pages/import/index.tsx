/**
 * CSV and XLSX import: pick a file, check the first rows, map the columns (time, series or asset + metric,
 * value, unit; or wide metric columns), upload with a progress bar (bytes sent, then rows
 * imported), and see accepted and quarantined counts with the reasons.
 */
import { type FormEvent, useEffect, useMemo, useState } from 'react';
import { qs } from '../../api/client.js';
import { ErrorBox } from '../../components/status.js';
import { useI18n } from '../../i18n/i18n.js';
import { isWorkbook, previewRows } from './csv-head.js';
import { ImportOutcome } from './import-outcome.js';
import { buildMapping, guessRole, type Role } from './mapping.js';
import { MappingTable } from './mapping-table.js';
import { RecentImports } from './recent-imports.js';
import { TargetFields } from './target-fields.js';
import { XLSX_TYPE } from './upload.js';
import { UploadProgress } from './upload-progress.js';
import { useUpload } from './use-upload.js';

const PREVIEW_BYTES = 16 * 1024;
const orUndefined = (s: string): string | undefined => (s.trim() === '' ? undefined : s.trim());

export default function ImportPage() {
  const { t } = useI18n();
  const [file, setFile] = useState<File>();
  const [preview, setPreview] = useState<string[][]>([]);
  const [roles, setRoles] = useState<Role[]>([]);
  const [asset, setAsset] = useState('');
  const [timeZone, setTimeZone] = useState('UTC');
  const [sheet, setSheet] = useState('');
  const [version, setVersion] = useState(0);
  const up = useUpload();
  const { fail } = up;
  const workbook = file !== undefined && isWorkbook(file.name);
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
        const rows = previewRows(text);
        setPreview(rows);
        setRoles((rows[0] ?? []).map(guessRole));
      })
      .catch((e: unknown) => fail(e instanceof Error ? e : new Error(String(e))));
  }, [file, fail]);

  const mapping = useMemo(() => buildMapping(header, roles, asset), [header, roles, asset]);

  const start = async (e: FormEvent) => {
    e.preventDefault();
    if (!file || (!workbook && !mapping.map)) return;
    const query = qs({
      name: file.name,
      format: workbook ? 'xlsx' : 'csv',
      timeZone: orUndefined(timeZone),
      asset: orUndefined(asset),
      ...(workbook ? { sheet: orUndefined(sheet) } : { map: JSON.stringify(mapping.map) }),
    });
    await up.start(file, query, workbook ? XLSX_TYPE : 'text/csv');
    setVersion((v) => v + 1);
  };

  const target = (
    <TargetFields asset={asset} onAsset={setAsset} timeZone={timeZone} onTimeZone={setTimeZone} />
  );
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
              up.reset();
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
              {target}
            </div>
            <button type="submit" disabled={up.busy} data-testid="import-start">
              {t('import.start')}
            </button>
          </>
        )}
        {!workbook && preview.length > 0 && (
          <>
            <h2>{t('import.mapping')}</h2>
            <MappingTable
              preview={preview}
              roles={roles}
              onRole={(i, role) => setRoles((r) => r.map((x, k) => (k === i ? role : x)))}
            />
            <div className="toolbar">{target}</div>
            {mapping.problem && <p className="status warn">{t(mapping.problem)}</p>}
            <button type="submit" disabled={!file || !mapping.map || up.busy} data-testid="import-start">
              {t('import.start')}
            </button>
          </>
        )}
      </form>
      {file && up.sent !== undefined && (
        <UploadProgress size={file.size} sent={up.sent} rowsDone={up.rowsDone} result={up.result} />
      )}
      {up.error && <ErrorBox error={up.error} />}
      {up.result && <ImportOutcome result={up.result} />}
      <section aria-labelledby="recent-h">
        <h2 id="recent-h">{t('import.recent')}</h2>
        <RecentImports version={version} />
      </section>
    </div>
  );
}
