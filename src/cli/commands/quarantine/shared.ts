/** What the `quarantine` subcommands share: the row or bulk target, summaries and the resubmitting pipeline. */

import { Presets, SingleBar } from 'cli-progress';
import { createLogger, systemClock, XinzhiError } from '../../../core/index.js';
import { type BulkFilter, type BulkResult, createIngestPipeline } from '../../../ingest/index.js';
import type { QuarantineRow, Store } from '../../../store/index.js';
import { numberFlag } from '../../options.js';

export const intArg = (v: string | undefined, flag: string): number | undefined =>
  numberFlag(flag, v, { integer: true, min: 0 });

/** `<id>` or `--import`/`--series` (bulk), never both and never neither. */
export function target(
  id: string | undefined,
  opts: { import?: string | undefined; series?: string | undefined },
): number | BulkFilter {
  const importId = intArg(opts.import, '--import');
  const bulk = importId !== undefined || opts.series !== undefined;
  if (id !== undefined && bulk)
    throw new XinzhiError('BAD_INPUT', 'give a row id or --import/--series, not both', { field: 'id' });
  if (id === undefined && !bulk)
    throw new XinzhiError(
      'BAD_INPUT',
      'give a row id, or --import <n> and/or --series <id> for every open row',
      {
        field: 'id',
      },
    );
  if (id !== undefined) return intArg(id, 'id')!;
  return {
    ...(importId === undefined ? {} : { importId }),
    ...(opts.series === undefined ? {} : { seriesId: opts.series }),
  };
}

export const scopeText = (f: BulkFilter): string =>
  [
    f.importId === undefined ? '' : `import ${f.importId}`,
    f.seriesId === undefined ? '' : `series ${f.seriesId}`,
  ]
    .filter(Boolean)
    .join(', ');

export function bulkSummary(f: BulkFilter, r: BulkResult): string {
  if (r.matched === 0) return `no open rows for ${scopeText(f)}`;
  const head =
    r.discarded > 0
      ? `${r.discarded} rows discarded (${scopeText(f)})`
      : `${r.matched} open rows (${scopeText(f)}): ${r.resubmitted} resubmitted (${r.accepted} points accepted), ${r.stillInvalid} still invalid (kept open)`;
  const shown = r.failures.slice(0, 10).map((x) => `  #${x.id} ${x.location}: ${x.message}`);
  const more =
    r.failures.length > 10 ? [`  … and ${r.failures.length - 10} more (xinzhi quarantine list)`] : [];
  return [head, ...shown, ...more].join('\n');
}

export const progressBar = (json: boolean | undefined): SingleBar | undefined =>
  process.stderr.isTTY === true && json !== true
    ? new SingleBar(
        { format: 'resubmitting [{bar}] {value}/{total} rows', hideCursor: true },
        Presets.shades_classic,
      )
    : undefined;

export const pipelineOf = (store: Store) =>
  createIngestPipeline({ store, clock: systemClock, logger: createLogger('warn') });

export const describe = (q: QuarantineRow): string =>
  `#${q.id}  ${q.location}  ${q.seriesId ?? '-'}  ${q.reasons.map((r) => r.message).join('; ')}`;
