/** What the `report` subcommands share: times and schedule ids from flags, and the schedule `schedule add` builds. */
import { parseTime, XinzhiError } from '../../../core/index.js';
import { reports } from '../../../domains/index.js';

export function time(v: string, flag: string): number {
  const t = parseTime(v);
  if (t === undefined)
    throw new XinzhiError('BAD_INPUT', `${flag} must be ISO 8601 or epoch ms, not "${v}"`, { field: flag });
  return t;
}

export interface ScheduleOpts {
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

export const idOf = (v: string): number => {
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
