/**
 * `xinzhi db migrate --from ./xinzhi.db --to postgres://…`: moves an installation from its SQLite
 * file to PostgreSQL. The copy is row by row at the SQL level (store/migrate), safe to re-run
 * (an interrupted copy is completed, a finished one is a no-op), and verified at the end: every
 * table's row count and the ledger's tree size and root hash must be equal on both sides.
 */
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from '@commander-js/extra-typings';
import { SingleBar } from 'cli-progress';
import { EXIT_CODES, textTable, XinzhiError } from '../../core/index.js';
import { CompactRange, TreeReader, toHex } from '../../ledger/index.js';
import {
  copySqliteToPostgres,
  isPostgresUrl,
  type LedgerStore,
  openPostgresStore,
  openSqliteStore,
  type TableCopyResult,
  targetSecretKey,
} from '../../store/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { describeDb } from '../open-store.js';
import { jsonOption } from '../options.js';
import type { RegisterCommand } from './types.js';

interface MigrateOptions {
  from?: string;
  to?: string;
  secretKeyFile?: string;
  batch?: string;
  json?: boolean;
}

const schemeOf = (s: string): string | undefined =>
  /^([a-z][a-z0-9+.-]*):\/\//i.exec(s.trim())?.[1]?.toLowerCase();

/** Checks the flags before anything is opened; returns the source path and target URL. */
export function checkMigrateArgs(o: MigrateOptions): { from: string; to: string; batch: number } {
  const from = o.from?.trim() ?? '';
  const to = o.to?.trim() ?? '';
  if (from === '') throw new XinzhiError('BAD_INPUT', '--from <file.db> is required', { field: '--from' });
  if (to === '')
    throw new XinzhiError('BAD_INPUT', '--to postgres://user@host:5432/db is required', { field: '--to' });
  if (
    from === to ||
    (schemeOf(from) === undefined && schemeOf(to) === undefined && resolve(from) === resolve(to))
  )
    throw new XinzhiError(
      'BAD_INPUT',
      '--from and --to name the same database; give a SQLite file and a postgres:// URL',
      {
        field: '--to',
      },
    );
  const fromScheme = schemeOf(from);
  if (fromScheme !== undefined)
    throw new XinzhiError(
      'BAD_INPUT',
      `--from ${fromScheme}://…: the source must be a SQLite database file (e.g. --from ./xinzhi.db)`,
      { field: '--from' },
    );
  const toScheme = schemeOf(to);
  if (toScheme === undefined || !isPostgresUrl(to))
    throw new XinzhiError(
      'BAD_INPUT',
      `--to ${toScheme === undefined ? to : `${toScheme}://…`}: the target must be a postgres:// or postgresql:// URL`,
      { field: '--to' },
    );
  try {
    new URL(to);
  } catch {
    throw new XinzhiError(
      'BAD_INPUT',
      `--to ${toScheme}://…: not a valid URL (postgres://user@host:5432/db)`,
      {
        field: '--to',
      },
    );
  }
  const path = resolve(from);
  if (!existsSync(path))
    throw new XinzhiError('NOT_FOUND', `--from ${from}: no database at ${path}`, { field: '--from' });
  if (statSync(path).isDirectory())
    throw new XinzhiError('BAD_INPUT', `--from ${from}: ${path} is a folder, not a database file`, {
      field: '--from',
    });
  if (statSync(path).size === 0)
    throw new XinzhiError('BAD_INPUT', `--from ${from}: ${path} is empty, there is nothing to move`, {
      field: '--from',
    });
  const batch = o.batch === undefined ? 2000 : Number(o.batch);
  if (!Number.isInteger(batch) || batch < 1 || batch > 100_000)
    throw new XinzhiError(
      'BAD_INPUT',
      `--batch ${o.batch}: rows per batch must be an integer from 1 to 100000`,
      {
        field: '--batch',
      },
    );
  return { from: path, to, batch };
}

/** Size and root hash of a stored ledger tree, read without opening (and so initialising) a Ledger. */
async function ledgerHead(store: LedgerStore): Promise<{ size: number; root: string }> {
  const size = await store.size();
  const reader = new TreeReader(store, 1024);
  const parts = await Promise.all(CompactRange.decomposition(size).map((n) => reader.perfect(n)));
  return { size, root: toHex(CompactRange.fromSubtrees(size, parts).root()) };
}

/** Opens a store for the final check; a driver error (no server, bad login) names the flag. */
async function opened<T>(flag: string, where: string, open: () => Promise<T>): Promise<T> {
  try {
    return await open();
  } catch (e) {
    if (e instanceof XinzhiError) throw e;
    throw new XinzhiError(
      'BAD_INPUT',
      `${flag} ${where}: cannot be opened (${e instanceof Error ? e.message : String(e)})`,
      { field: flag, cause: e },
    );
  }
}

function progress(json: boolean) {
  if (json || process.stderr.isTTY !== true) return {};
  let bar: SingleBar | undefined;
  return {
    onTable: (table: string, total: number) => {
      bar?.stop();
      bar = new SingleBar({
        format: `${table.padEnd(20)} [{bar}] {percentage}% | {value}/{total} rows`,
        stream: process.stderr,
      });
      bar.start(total, 0);
    },
    onProgress: (_table: string, done: number) => bar?.update(done),
    stop: () => bar?.stop(),
  };
}

function tableText(rows: readonly (TableCopyResult & { equal: boolean })[]): string {
  const head = ['table', 'source rows', 'target rows', 'copied now', ''];
  const body = rows.map((r) => [
    r.table,
    String(r.source),
    String(r.target),
    String(r.inserted),
    r.equal ? 'ok' : 'DIFFERS',
  ]);
  return textTable([head, ...body], { right: (_, c) => c > 0 }).join('\n');
}

export const register: RegisterCommand = (program: Command, ctx: CliContext) => {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('copy a SQLite installation into PostgreSQL (safe to re-run), then verify it')
    .option('--from <file>', 'the SQLite database to copy (e.g. ./xinzhi.db)')
    .option('--to <url>', 'the PostgreSQL database (postgres://user@host:5432/db)')
    .option(
      '--secret-key-file <path>',
      'key that encrypts the ledger signing keys, for both sides (default $XINZHI_SECRET_KEY, else <from>.key)',
    )
    .option('--batch <rows>', 'rows per transaction (default 2000)')
    .addOption(jsonOption())
    .action(
      action(ctx, async (o) => {
        const json = o.json === true;
        const { from, to, batch } = checkMigrateArgs(o);
        const envKey = process.env['XINZHI_SECRET_KEY'];
        const secretKey =
          o.secretKeyFile !== undefined
            ? { file: resolve(o.secretKeyFile) }
            : envKey !== undefined && envKey.trim() !== ''
              ? { key: envKey }
              : undefined;
        const bars = progress(json);
        let copy: Awaited<ReturnType<typeof copySqliteToPostgres>>;
        try {
          copy = await copySqliteToPostgres(from, to, {
            batchRows: batch,
            ...(secretKey === undefined ? {} : { secretKey }),
            ...(bars.onTable ? { onTable: bars.onTable, onProgress: bars.onProgress } : {}),
          });
        } finally {
          bars.stop?.();
        }
        // The ledger is read back through each store's own API: what `xinzhi ledger` will see.
        const source = await openSqliteStore(from, secretKey === undefined ? {} : { secretKey });
        let heads: { source: { size: number; root: string }; target: { size: number; root: string } };
        try {
          const target = await opened('--to', describeDb(to), () =>
            openPostgresStore(to, { maxConnections: 2, secretKey: targetSecretKey(from, secretKey) }),
          );
          try {
            heads = { source: await ledgerHead(source.ledger), target: await ledgerHead(target.ledger) };
          } finally {
            await target.close();
          }
        } finally {
          await source.close();
        }
        const tables = copy.tables.map((t) => ({ ...t, equal: t.source === t.target }));
        const ledgerEqual =
          heads.source.size === heads.target.size && heads.source.root === heads.target.root;
        const verified = copy.complete && ledgerEqual && tables.every((t) => t.equal);
        const inserted = tables.reduce((s, t) => s + t.inserted, 0);
        if (json)
          printJson(ctx, {
            from,
            to: describeDb(to),
            schemaVersion: copy.schemaVersion,
            complete: copy.complete,
            inserted,
            tables,
            ledger: { ...heads, equal: ledgerEqual },
            verified,
          });
        else
          ctx.stdout(
            [
              tableText(tables),
              `ledger: ${heads.source.size} entries, root ${heads.source.root} (source); ${heads.target.size} entries, root ${heads.target.root} (target)`,
              verified
                ? `verified: ${describeDb(to)} holds everything in ${from} (${inserted} rows copied now)`
                : `NOT verified: ${[...tables.filter((t) => !t.equal).map((t) => t.table), ...(ledgerEqual ? [] : ['ledger root'])].join(', ')} differ; run again to finish the copy, or migrate into an empty database`,
            ].join('\n'),
          );
        if (!verified) process.exitCode = EXIT_CODES.INTERNAL;
      }),
    );
};
