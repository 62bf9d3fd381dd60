/**
 * `xinzhi query --format csv|xlsx|parquet [--out FILE]`: the export half of `query`. A file is
 * written under a temporary name beside the target and renamed when complete, so an interrupted
 * export never leaves a truncated file that looks whole (a half Parquet file has no footer; a half
 * CSV silently lacks rows).
 */
import { createWriteStream, renameSync, rmSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Writable } from 'node:stream';
import { SingleBar } from 'cli-progress';
import { toIso, XinzhiError } from '../../core/index.js';
import { EXPORT_FORMATS, type ExportFormat, endStream, exportSeries } from '../../ingest/index.js';
import { type CliContext, printJson, processContext } from '../context.js';
import { openExistingStore } from '../open-store.js';

export type OutputFormat = ExportFormat | 'json';

export function parseOutputFormat(s: string): OutputFormat {
  const f = s.trim().toLowerCase();
  if (f === 'json' || (EXPORT_FORMATS as readonly string[]).includes(f)) return f as OutputFormat;
  throw new XinzhiError('BAD_INPUT', `--format must be json, csv, xlsx or parquet, not "${s}"`, {
    field: '--format',
  });
}

/** Refuses an output path whose folder is missing before any work is done. */
function checkOutPath(out: string): void {
  let dir: ReturnType<typeof statSync> | undefined;
  try {
    dir = statSync(dirname(out));
  } catch {
    dir = undefined;
  }
  if (!dir?.isDirectory())
    throw new XinzhiError('BAD_INPUT', `cannot write ${out}: folder ${dirname(out)} does not exist`, {
      field: '--out',
    });
  try {
    if (statSync(out).isDirectory())
      throw new XinzhiError('BAD_INPUT', `cannot write ${out}: it is a folder`, { field: '--out' });
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
  }
}

const partialName = (out: string): string => join(dirname(out), `.${basename(out)}.${process.pid}.partial`);

export async function writeJsonFile(out: string, doc: unknown): Promise<void> {
  checkOutPath(out);
  const tmp = partialName(out);
  await writeFile(tmp, `${JSON.stringify(doc, null, 2)}\n`);
  renameSync(tmp, out);
}

/** A stream into the CLI context's stdout (captured by tests), for CSV without --out. */
const contextStream = (ctx: CliContext): Writable =>
  new Writable({
    write(chunk: Buffer, _enc, cb) {
      ctx.stdout(chunk.toString('utf8'));
      cb();
    },
  });

export interface ExportQueryOpts {
  readonly series: string[];
  readonly format: ExportFormat;
  readonly out?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly bucket?: string | undefined;
  readonly tz?: string | undefined;
  readonly limit?: number | undefined;
  readonly db?: string | undefined;
  readonly json?: boolean | undefined;
}

export async function exportQuery(ctx: CliContext, o: ExportQueryOpts): Promise<void> {
  const binary = o.format !== 'csv';
  const toStdout = o.out === undefined || o.out === '-';
  if (binary && o.out === undefined)
    throw new XinzhiError('BAD_INPUT', `--format ${o.format} writes a binary file: give --out FILE`, {
      field: '--out',
    });
  if (binary && toStdout && process.stdout.isTTY === true)
    throw new XinzhiError(
      'BAD_INPUT',
      `refusing to write binary ${o.format} to a terminal: give --out FILE or redirect stdout`,
      { field: '--out' },
    );
  if (toStdout && o.json === true)
    throw new XinzhiError(
      'BAD_INPUT',
      `--json with --format ${o.format} needs --out FILE (stdout holds the ${o.format})`,
      {
        field: '--out',
      },
    );
  if (!toStdout) checkOutPath(o.out!);
  const store = await openExistingStore({ db: o.db });
  const tmp = toStdout ? undefined : partialName(o.out!);
  // The real stdout when it is the process's (backpressure from a slow pipe); else the context's.
  const out: Writable =
    tmp !== undefined
      ? createWriteStream(tmp)
      : binary || ctx === processContext
        ? process.stdout
        : contextStream(ctx);
  // EPIPE (the reader of a pipe stopped, as `| head` does) is noted here and ends the export quietly.
  const onError = (): void => {};
  out.on('error', onError);
  const bar =
    !o.json && !toStdout && process.stderr.isTTY === true
      ? new SingleBar({
          format: 'exporting [{bar}] {percentage}% | {value}/{total} rows | ETA {eta}s',
          stream: process.stderr,
        })
      : undefined;
  try {
    const r = await exportSeries(
      store,
      {
        seriesIds: o.series,
        format: o.format,
        from: o.from,
        to: o.to,
        bucket: o.bucket,
        tz: o.tz,
        limit: o.limit,
        onStart: (n) => bar?.start(n, 0),
        onProgress: (n) => bar?.update(n),
      },
      out,
    );
    bar?.stop();
    if (tmp !== undefined) {
      await endStream(out);
      renameSync(tmp, o.out!);
    } else if (out !== process.stdout) await endStream(out);
    if (toStdout) return;
    const bytes = statSync(o.out!).size;
    const summary = { file: o.out!, ...r, from: toIso(r.from), to: toIso(r.to), bytes };
    if (o.json) {
      printJson(ctx, summary);
      return;
    }
    const what = r.kind === 'points' ? 'points' : `buckets of ${o.bucket}`;
    ctx.stdout(
      `wrote ${r.rows.toLocaleString('en-US')} ${what} of ${r.series.map((s) => `${s.id} [${s.unit}]`).join(', ')} to ${o.out} (${o.format}, ${(bytes / 1024).toFixed(1)} KiB, times in ${r.tz})`,
    );
  } catch (e) {
    if (tmp === undefined && (e as { code?: unknown }).code === 'EPIPE') return;
    if (tmp !== undefined) {
      out.destroy();
      rmSync(tmp, { force: true });
    }
    throw e;
  } finally {
    out.off('error', onError);
    bar?.stop();
    await store.close();
  }
}
