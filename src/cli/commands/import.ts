import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { createLogger, EXIT_CODES, resolveLimits, systemClock, XinzhiError } from '../../core/index.js';
import {
  createIngestPipeline,
  type FileFormat,
  importFile,
  parseEncoding,
  parseMappingSpec,
  parseStates,
} from '../../ingest/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openStoreFromOptions } from '../open-store.js';
import { dbOption, jsonOption } from '../options.js';
import { limitsFromFlags } from '../serve-limits.js';
import type { RegisterCommand } from './index.js';

interface ImportOpts {
  format?: string;
  sheet?: string;
  asset?: string;
  tz?: string;
  timeFormat?: string;
  map?: string;
  delimiter?: string;
  decimal?: string;
  strict?: boolean;
  encoding?: string;
  states?: string;
  force?: boolean;
  create: boolean;
  db?: string;
  json?: boolean;
  maxColumns?: string;
  maxNewSeriesPerImport?: string;
}

const FORMATS: readonly FileFormat[] = ['csv', 'json', 'ndjson', 'xlsx'];

function checkOpts(o: ImportOpts): void {
  if (o.format !== undefined && !(FORMATS as readonly string[]).includes(o.format))
    throw new XinzhiError('BAD_INPUT', `--format must be csv, json, ndjson or xlsx, not "${o.format}"`, {
      field: '--format',
    });
  if (o.decimal !== undefined && o.decimal !== '.' && o.decimal !== ',')
    throw new XinzhiError('BAD_INPUT', '--decimal must be "." or ","', { field: '--decimal' });
  if (o.delimiter !== undefined && o.delimiter.replace('\\t', '\t').length !== 1)
    throw new XinzhiError('BAD_INPUT', '--delimiter must be one character (or \\t)', {
      field: '--delimiter',
    });
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  program
    .command('import <file>')
    .description(
      'import a CSV, XLSX, JSON or NDJSON file through the cleaning pipeline (bad rows go to quarantine)',
    )
    .option('--format <format>', 'csv | xlsx | json | ndjson (default: from the file extension)')
    .option('--sheet <name|n>', 'XLSX: sheet name or number (default: the first sheet with a header row)')
    .option('--asset <asset>', 'asset of wide-layout columns and of rows that name only a metric')
    .option(
      '--tz <zone>',
      'IANA time zone (e.g. Asia/Shanghai) or offset (+08:00) of times without an offset (default UTC); abbreviations like CST are refused',
    )
    .option(
      '--time-format <pattern>',
      'format of the time column, e.g. "DD/MM/YYYY HH:mm", iso, epoch-s, epoch-ms, excel (default: decided from the first rows)',
    )
    .option('--map <spec>', 'column mapping: inline JSON or a .json/.yaml file (see docs/ingest.md)')
    .option('--delimiter <char>', 'CSV field delimiter (default: sniffed)')
    .option('--decimal <mark>', 'decimal mark, "." or "," (default: sniffed)')
    .option(
      '--encoding <name>',
      'CSV text encoding: utf-8, utf-16le, utf-16be, gb18030 (gbk), windows-1252 (default: detected)',
    )
    .option(
      '--states <map>',
      'state text to codes for state columns, e.g. RUN=1,STOP=0 (default: text columns are skipped)',
    )
    .option('--force', 'import a file again although the same content was imported before')
    .option('--strict', 'abort on the first bad row; nothing from the file is written')
    .option('--no-create', 'do not create series that do not exist yet')
    .addOption(dbOption())
    .addOption(jsonOption())
    .option('--max-columns <n>', 'most columns of a CSV file (default 2000)')
    .option('--max-new-series-per-import <n>', 'series the import may create (default 10000)')
    .action(
      action(ctx, async (file, opts) => {
        checkOpts(opts);
        const encoding = opts.encoding === undefined ? undefined : parseEncoding(opts.encoding);
        const states = opts.states === undefined ? undefined : parseStates(opts.states);
        const mapping = opts.map === undefined ? undefined : parseMappingSpec(opts.map);
        const store = await openStoreFromOptions({ db: opts.db });
        const logger = createLogger('warn');
        const showBar = !opts.json && process.stderr.isTTY === true;
        const bar = showBar
          ? new SingleBar({
              format: 'importing [{bar}] {percentage}% | {rows} rows | {accepted} accepted | ETA {eta}s',
              stream: process.stderr,
            })
          : undefined;
        try {
          const pipeline = createIngestPipeline({ store, clock: systemClock, logger });
          bar?.start(100, 0, { rows: 0, accepted: 0 });
          const r = await importFile(
            file,
            {
              format: opts.format as FileFormat | undefined,
              sheet: opts.sheet,
              asset: opts.asset,
              timeZone: opts.tz,
              timeFormat: opts.timeFormat,
              mapping,
              strict: opts.strict === true,
              autoCreateSeries: opts.create,
              delimiter: opts.delimiter?.replace('\\t', '\t'),
              decimal: opts.decimal as '.' | ',' | undefined,
              encoding,
              states,
              force: opts.force === true,
              limits: resolveLimits(
                limitsFromFlags({
                  maxColumns: opts.maxColumns,
                  maxNewSeriesPerImport: opts.maxNewSeriesPerImport,
                }),
              ),
              onProgress: (p) =>
                bar?.update(p.totalBytes > 0 ? Math.floor((100 * p.bytesRead) / p.totalBytes) : 100, {
                  rows: p.rows,
                  accepted: p.accepted,
                }),
            },
            { store, pipeline, clock: systemClock, logger },
          );
          bar?.stop();
          // Nothing usable came in: a script must not read that as success (exit 2, bad input). Rows
          // already stored (a forced re-import) are not rejected.
          const allRejected = r.accepted === 0 && r.duplicates === 0 && r.quarantined > 0;
          if (allRejected) {
            process.exitCode = EXIT_CODES.BAD_INPUT;
            ctx.stderr(
              `error [INGEST_BAD_ROW] ${r.file}: every row was rejected (${r.quarantined} quarantined, 0 accepted)`,
            );
          }
          if (opts.json) {
            printJson(ctx, r);
            return;
          }
          const n = (x: number) => x.toLocaleString('en-US');
          if (r.skipped) {
            ctx.stdout(r.warnings.join('\n'));
            return;
          }
          const lines = [
            `imported ${r.file} (import ${r.import_id}, ${r.format}): ${n(r.rows)} rows → ${n(r.accepted)} points accepted, ` +
              `${n(r.quarantined)} quarantined, ${n(r.duplicates)} duplicates, ${n(r.outliers)} outliers flagged`,
            `series: ${r.series.length === 0 ? '(none)' : r.series.join(', ')}`,
          ];
          if (r.sheet !== undefined) lines.push(`sheet: ${r.sheet}`);
          if (r.encoding !== undefined)
            lines.push(
              `encoding: ${r.encoding} (${r.encoding_source === 'given' ? 'given' : r.encoding_source === 'bom' ? 'byte-order mark' : 'detected'})`,
            );
          const formats = Object.entries(r.number_formats ?? {});
          if (formats.length > 0)
            lines.push(`number formats: ${formats.map(([c, f]) => `${c}: ${f}`).join(', ')}`);
          for (const w of r.warnings) lines.push(`warning: ${w}`);
          if (r.time)
            lines.push(
              `time: column "${r.time.column}" read as ${r.time.format}${opts.tz ? ` in ${opts.tz}` : ''}`,
            );
          if (r.quarantine.length > 0) {
            lines.push('quarantined:');
            for (const q of r.quarantine.slice(0, 10))
              lines.push(`  ${q.location}: ${q.reasons.map((x) => x.message).join('; ')}`);
            if (r.quarantined > 10) lines.push(`  … ${n(r.quarantined - 10)} more`);
            lines.push(
              r.reimport_of === undefined
                ? `fix and resubmit with: xinzhi quarantine list --import ${r.import_id}`
                : `fix and resubmit with: xinzhi quarantine list --import ${r.import_id} (rows quarantined before stay under the earlier imports of this file, e.g. --import ${r.reimport_of})`,
            );
          }
          ctx.stdout(lines.join('\n'));
        } finally {
          bar?.stop();
          await store.close();
        }
      }),
    );
};
