/** The upload's progress bar: bytes sent, then rows the server has imported, then done. */
import { useI18n } from '../../i18n/i18n.js';
import type { ImportResult } from './upload.js';

export function UploadProgress(props: {
  size: number;
  sent: number;
  rowsDone: number | undefined;
  result: ImportResult | undefined;
}) {
  const { t, pct, plural } = useI18n();
  const fraction = Math.min(1, props.sent / Math.max(1, props.size));
  return (
    <div className="progress-block" aria-live="polite">
      <progress max={1} value={props.result ? 1 : fraction} aria-label={t('import.start')} />
      <span>
        {props.result
          ? t('import.done', { id: props.result.import_id })
          : fraction < 1
            ? t('import.uploading', { percent: pct(fraction, 0) })
            : plural('import.processing', props.rowsDone ?? 0)}
      </span>
    </div>
  );
}
