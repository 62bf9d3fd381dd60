/**
 * `xinzhi audit`: reads the append-only audit log from the database, newest first, as a table,
 * JSON, CSV (formula cells neutralised) or NDJSON. There is no command that changes the log.
 */
import { Command } from '@commander-js/extra-typings';
import { parseTime, XinzhiError } from '../../core/index.js';
import { auditCsv, auditNdjson } from '../../server/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { openExistingStore } from '../open-store.js';
import { dbOption, jsonOption, numberFlag } from '../options.js';

const time = (v: string | undefined, flag: string): number | undefined => {
  if (v === undefined) return undefined;
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} must be ISO 8601 or epoch ms, got '${v}'`, { field: flag });
  return t;
};

export function auditCommand(ctx: CliContext): Command {
  return new Command('audit')
    .description('show the audit log of every write (who, what, when, from where, before/after)')
    .option('--from <time>', 'only from this time (ISO 8601 or epoch ms)')
    .option('--to <time>', 'only before this time')
    .option('--actor <name>', 'only this actor (user name, key name, cli:<os user>)')
    .option('--action <action>', "only this action, or a prefix ending in '.' (user., auth.login.failed)")
    .option('--target <id>', 'only this object id')
    .option('--org <org>', 'only this organisation')
    .option('--limit <n>', 'at most this many lines (default 100, at most 10000)')
    .option('--format <format>', 'table, json, csv or ndjson', 'table')
    .addOption(jsonOption('same as --format json'))
    .addOption(dbOption())
    .action(
      action(ctx, async (opts) => {
        const format = opts.json ? 'json' : (opts.format ?? 'table');
        if (!['table', 'json', 'csv', 'ndjson'].includes(format))
          throw new XinzhiError('BAD_INPUT', `--format must be table, json, csv or ndjson, not '${format}'`, {
            field: '--format',
          });
        const from = time(opts.from, '--from');
        const to = time(opts.to, '--to');
        const limit = numberFlag('--limit', opts.limit);
        const store = await openExistingStore(opts.db === undefined ? {} : { db: opts.db });
        try {
          const records = await store.listAudit({
            ...(from === undefined ? {} : { from }),
            ...(to === undefined ? {} : { to }),
            ...(opts.actor === undefined ? {} : { actor: opts.actor }),
            ...(opts.action === undefined ? {} : { action: opts.action }),
            ...(opts.target === undefined ? {} : { target: opts.target }),
            ...(opts.org === undefined ? {} : { org: opts.org }),
            ...(limit === undefined ? {} : { limit }),
          });
          if (format === 'json') printJson(ctx, { records });
          else if (format === 'csv') ctx.stdout(auditCsv(records));
          else if (format === 'ndjson') ctx.stdout(auditNdjson(records));
          else if (records.length === 0) ctx.stdout('no audit lines');
          else
            for (const r of records)
              ctx.stdout(
                `${new Date(r.ts).toISOString()}  ${`${r.actorKind}:${r.actorName}`.padEnd(28)}  ${r.action.padEnd(20)}  ${r.method ?? ''} ${r.path ?? ''}${r.status === null ? '' : ` → ${r.status}`}${r.target ? `  [${r.target}]` : ''}${r.ip ? `  from ${r.ip}` : ''}${r.comment ? `  (${r.comment})` : ''}`,
              );
        } finally {
          await store.close();
        }
      }),
    );
}

export const register = (program: Command, ctx: CliContext): void => {
  program.addCommand(auditCommand(ctx));
};
