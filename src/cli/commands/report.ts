/**
 * `xinzhi report …`: reports people file and forward.
 *
 *   xinzhi report run <type> --from <ISO> --to <ISO> --format pdf|xlsx|csv --lang zh|en --out <file>
 *                     [--db …] [--series|--asset|--run|--plan …] [--tz Asia/Shanghai]
 *   xinzhi report run <type> --period day|week|month|shift [--at <ISO>] …   (a period in the site's zone)
 *   xinzhi report types
 *   xinzhi report schedule add --name … --type production --cron "5 6 * * *" --tz Asia/Shanghai --period day
 *                          --format pdf --lang zh (--email a@b,c@d | --webhook URL | --folder sub/dir)
 *   xinzhi report schedule list | enable <id> | disable <id> | remove <id> | run <id> | log [--schedule id]
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Command } from '@commander-js/extra-typings';
import { parseTime, silentLogger, systemClock, XinzhiError } from '../../core/index.js';
import { reports } from '../../domains/index.js';
import { action, type CliContext, printJson } from '../context.js';
import { withExistingStore } from '../open-store.js';
import type { RegisterCommand } from './types.js';

function time(v: string, flag: string): number {
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} must be ISO 8601 or epoch ms, not "${v}"`, { field: flag });
  return t;
}

export const register: RegisterCommand = (program, ctx) => {
  program.addCommand(reportCommand(ctx));
};

export function reportCommand(ctx: CliContext): Command {
  const report = new Command('report').description(
    'reports in PDF, XLSX or CSV, in English or 简体中文, for a period in the site’s time zone',
  );
  report
    .command('types')
    .description('the report types')
    .action(() => ctx.stdout(reports.availableReportTypes().join('\n')));
  report
    .command('run <type>')
    .description(`render a report: ${reports.REPORT_TYPES.join(', ')}`)
    .option('--from <time>', 'period start (ISO 8601 or epoch ms)')
    .option('--to <time>', 'period end')
    .option('--period <kind>', 'shift, day, week or month holding --at (instead of --from/--to)')
    .option('--at <time>', 'an instant in the period (default now)')
    .option('--format <format>', 'pdf, xlsx or csv', 'pdf')
    .option('--lang <lang>', 'en or zh', 'en')
    .requiredOption('--out <file>', 'output file (CSV: further tables beside it as <file>.<table>.csv)')
    .option('--db <path>', 'database file (default ./xinzhi.db or $XINZHI_DB) or postgres:// URL')
    .option('--tz <zone>', 'time zone (default the site’s timeZone attribute, else UTC)')
    .option('--series <id>', 'one series (quality)')
    .option('--asset <id>', 'an asset and what is under it (quality, production, maintenance, agriculture)')
    .option('--run <id>', 'a training run (training)')
    .option('--plan <id>', 'a stored plan (plan, routes)')
    .option('--json', 'print what was written as JSON')
    .action(
      action(ctx, async (type, o) => {
        if (!reports.isReportType(type))
          throw new XinzhiError(
            'BAD_INPUT',
            `unknown report type "${type}"; one of ${reports.REPORT_TYPES.join(', ')}`,
            {
              field: 'type',
            },
          );
        const now = Date.now();
        let printer: reports.PdfPrinter | undefined;
        const out = await withExistingStore(o, async (store) => {
          let from: number;
          let to: number;
          if (o.period !== undefined) {
            if (o.from !== undefined || o.to !== undefined)
              throw new XinzhiError('BAD_INPUT', 'give --period or --from/--to, not both', {
                field: '--period',
              });
            if (!(reports.PERIOD_KINDS as readonly string[]).includes(o.period) || o.period === 'custom')
              throw new XinzhiError(
                'BAD_INPUT',
                `--period must be shift, day, week or month, not "${o.period}"`,
                {
                  field: '--period',
                },
              );
            const { zone } = await reports.reportSite(store, { asset: o.asset, tz: o.tz });
            const at = o.at === undefined ? now : time(o.at, '--at');
            ({ from, to } = reports.reportPeriod(o.period as reports.PeriodKind, { at }, zone));
          } else {
            if (o.from === undefined || o.to === undefined)
              throw new XinzhiError('BAD_INPUT', 'give --from and --to (or --period)', {
                field: o.from === undefined ? '--from' : '--to',
              });
            from = time(o.from, '--from');
            to = time(o.to, '--to');
          }
          try {
            return await reports.runReport(
              store,
              {
                type,
                from,
                to,
                format: o.format,
                lang: o.lang,
                tz: o.tz,
                series: o.series,
                asset: o.asset,
                run: o.run,
                plan: o.plan,
              },
              {
                now,
                pdf: async () => {
                  printer ??= await reports.createPdfPrinter();
                  return printer;
                },
              },
            );
          } finally {
            await printer?.close();
          }
        });
        const written: string[] = [];
        for (const f of out.files) {
          const path = resolve(reports.withSuffix(o.out, f.suffix));
          mkdirSync(dirname(path), { recursive: true });
          writeFileSync(path, f.bytes);
          written.push(path);
        }
        const summary = {
          type,
          format: out.format,
          lang: out.lang,
          from: out.doc.from,
          to: out.doc.to,
          timeZone: out.doc.timeZone,
          files: written,
          buildMs: Math.round(out.buildMs),
          renderMs: Math.round(out.renderMs),
        };
        if (o.json) printJson(ctx, summary);
        else
          ctx.stdout(
            `${written.join('\n')}\n(${summary.buildMs} ms figures, ${summary.renderMs} ms ${out.format})`,
          );
      }),
    );
  report.addCommand(scheduleCommand(ctx));
  return report;
}

interface ScheduleOpts {
  db?: string;
  json?: boolean;
  name?: string;
  type?: string;
  cron?: string;
  tz?: string;
  period?: string;
  format?: string;
  lang?: string;
  asset?: string;
  folder?: string;
  webhook?: string;
  email?: string;
  retries?: string;
  disabled?: boolean;
  limit?: string;
  reportsDir?: string;
  smtpUrl?: string;
}

const idOf = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1)
    throw new XinzhiError('BAD_INPUT', `schedule id must be a positive integer, not "${v}"`, { field: 'id' });
  return n;
};

/** The flags of `schedule add` as a schedule, checked by the same schema as the API. */
export function scheduleFromFlags(o: ScheduleOpts): reports.ScheduleInput {
  const targets = [o.folder, o.webhook, o.email].filter((x) => x !== undefined);
  if (targets.length !== 1)
    throw new XinzhiError('BAD_INPUT', 'give one of --folder, --webhook or --email', { field: '--folder' });
  const delivery =
    o.folder !== undefined
      ? { kind: 'folder', path: o.folder }
      : o.webhook !== undefined
        ? { kind: 'webhook', url: o.webhook }
        : { kind: 'email', to: (o.email ?? '').split(',').map((s) => s.trim()) };
  const r = reports.ScheduleInputSchema.safeParse({
    name: o.name,
    enabled: o.disabled !== true,
    spec: {
      type: o.type,
      cron: o.cron,
      timeZone: o.tz ?? 'UTC',
      period: o.period ?? 'day',
      format: o.format ?? 'pdf',
      lang: o.lang ?? 'en',
      ...(o.asset === undefined ? {} : { asset: o.asset }),
      delivery,
      ...(o.retries === undefined ? {} : { retries: Number(o.retries) }),
    },
  });
  if (!r.success) {
    const i = r.error.issues[0]!;
    const path = i.path.join('.');
    throw new XinzhiError('BAD_INPUT', `${path || 'schedule'}: ${i.message}`, {
      field: path === 'spec.timeZone' ? '--tz' : path.replace(/^spec\./, '--'),
    });
  }
  return r.data;
}

function scheduleCommand(ctx: CliContext): Command {
  const s = new Command('schedule').description(
    'report schedules: cron in a time zone, delivered by e-mail, webhook or folder',
  );
  s.command('add')
    .description(
      'add a schedule, e.g. --type production --cron "5 6 * * *" --tz Asia/Shanghai --period day --email boss@plant.cn',
    )
    .requiredOption('--name <name>', 'what people call it')
    .requiredOption('--type <type>', reports.REPORT_TYPES.join(', '))
    .requiredOption('--cron <expr>', 'cron expression (minute hour day month weekday), in --tz')
    .option('--tz <zone>', 'IANA zone or offset the cron and the period are in', 'UTC')
    .option('--period <kind>', 'the last complete shift, day, week or month', 'day')
    .option('--format <format>', 'pdf, xlsx or csv', 'pdf')
    .option('--lang <lang>', 'en or zh', 'en')
    .option('--asset <id>', 'limit to an asset (quality, production)')
    .option('--folder <path>', 'deliver into this folder under the reports directory')
    .option('--webhook <url>', 'deliver by POSTing the files (multipart) to this URL')
    .option('--email <addresses>', 'deliver by e-mail to these comma-separated addresses (XINZHI_SMTP_URL)')
    .option('--retries <n>', 'further attempts after a failed delivery', '3')
    .option('--disabled', 'add it switched off')
    .option('--db <path>', 'database file or postgres:// URL')
    .option('--json', 'print the schedule as JSON')
    .action(
      action(ctx, async (o) => {
        const input = scheduleFromFlags(o);
        const rec = await withExistingStore(o, (store) =>
          store.reportSchedules.create({ ...input, org: 'default', now: Date.now() }),
        );
        if (o.json) printJson(ctx, rec);
        else
          ctx.stdout(
            `schedule ${rec.id} "${rec.name}": next ${new Date(reports.nextFire(input.spec, Date.now()) ?? 0).toISOString()}`,
          );
      }),
    );
  s.command('list')
    .description('schedules and their next fire time')
    .option('--db <path>', 'database file or postgres:// URL')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o) => {
        const list = await withExistingStore(o, (store) => store.reportSchedules.list());
        const rows = list.map((r) => {
          const p = reports.ScheduleSpecSchema.safeParse(r.spec);
          return { ...r, next: p.success && r.enabled ? reports.nextFire(p.data, Date.now()) : null };
        });
        if (o.json) printJson(ctx, { schedules: rows });
        else if (rows.length === 0) ctx.stdout('no report schedules');
        else
          for (const r of rows)
            ctx.stdout(
              `${String(r.id).padStart(4)}  ${r.enabled ? 'on ' : 'off'}  ${String(r.spec['type']).padEnd(12)} ${String(r.spec['cron']).padEnd(14)} ${String(r.spec['timeZone']).padEnd(16)} next ${r.next === null ? '—' : new Date(r.next).toISOString()}  ${r.name}`,
            );
      }),
    );
  for (const [verb, enabled] of [
    ['enable', true],
    ['disable', false],
  ] as const)
    s.command(`${verb} <id>`)
      .description(`${verb} a schedule`)
      .option('--db <path>', 'database file or postgres:// URL')
      .action(
        action(ctx, async (id, o) => {
          const r = await withExistingStore(o, (store) =>
            store.reportSchedules.update(idOf(id), { enabled, now: Date.now() }),
          );
          if (!r) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
          ctx.stdout(`schedule ${r.id} ${enabled ? 'enabled' : 'disabled'}`);
        }),
      );
  s.command('remove <id>')
    .description('delete a schedule and its delivery log')
    .option('--db <path>', 'database file or postgres:// URL')
    .action(
      action(ctx, async (id, o) => {
        const ok = await withExistingStore(o, (store) => store.reportSchedules.remove(idOf(id)));
        if (!ok) throw new XinzhiError('NOT_FOUND', `no report schedule ${id}`, { field: 'id' });
        ctx.stdout(`schedule ${id} removed`);
      }),
    );
  s.command('run <id>')
    .description('deliver a schedule’s report now (its last complete period) and log it')
    .option('--db <path>', 'database file or postgres:// URL')
    .option('--reports-dir <dir>', 'root of folder deliveries (default $XINZHI_REPORTS_DIR or ./reports)')
    .option('--smtp-url <url>', 'SMTP transport (default $XINZHI_SMTP_URL)')
    .option('--json', 'print the delivery as JSON')
    .action(
      action(ctx, async (id, o) => {
        let printer: reports.PdfPrinter | undefined;
        const d = await withExistingStore(o, async (store) => {
          const smtpUrl = o.smtpUrl ?? process.env['XINZHI_SMTP_URL'];
          const sched = reports.createReportScheduler({
            store,
            clock: systemClock,
            logger: silentLogger,
            nodeId: 'cli',
            reportsDir: resolve(o.reportsDir ?? process.env['XINZHI_REPORTS_DIR'] ?? 'reports'),
            ...(smtpUrl ? { smtpUrl } : {}),
            retryDelaysMs: [1000],
            pdf: async () => {
              printer ??= await reports.createPdfPrinter();
              return printer;
            },
          });
          try {
            const did = await sched.runNow(idOf(id));
            return (await store.reportSchedules.deliveries({ scheduleId: idOf(id), limit: 20 })).find(
              (x) => x.id === did,
            )!;
          } finally {
            await printer?.close();
          }
        });
        if (o.json) printJson(ctx, d);
        else
          ctx.stdout(
            `${d.state} after ${d.attempts} attempt(s) to ${d.target}${d.error ? `: ${d.error}` : ''}\n${d.files.join('\n')}`,
          );
        if (d.state !== 'delivered') process.exitCode = 1;
      }),
    );
  s.command('log')
    .description('the delivery log, newest first')
    .option('--schedule <id>', 'one schedule')
    .option('--limit <n>', 'at most this many', '50')
    .option('--db <path>', 'database file or postgres:// URL')
    .option('--json', 'print JSON')
    .action(
      action(ctx, async (o) => {
        const limit = Number(o.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new XinzhiError('BAD_INPUT', '--limit must be a positive integer', { field: '--limit' });
        const list = await withExistingStore(o, (store) =>
          store.reportSchedules.deliveries({
            ...(o.schedule === undefined ? {} : { scheduleId: idOf(o.schedule) }),
            limit,
          }),
        );
        if (o.json) printJson(ctx, { deliveries: list });
        else if (list.length === 0) ctx.stdout('no deliveries yet');
        else
          for (const d of list)
            ctx.stdout(
              `${new Date(d.slot).toISOString()}  #${d.scheduleId}  ${d.state.padEnd(9)} ×${d.attempts}  ${d.target}${d.error ? `  ${d.error}` : ''}`,
            );
      }),
    );
  return s;
}
