/**
 * The scheduler against real endpoints: an SMTP server (smtp-server) and an HTTP webhook, both on
 * free ports started here, and a folder; retries and the delivery log; two schedulers on one store
 * deliver a slot once.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manualClock, silentLogger } from '../../../core/index.js';
import { openSqliteStore, type Store } from '../../../store/index.js';
import { SEED_T0, seedReportPlant } from '../report-seed.fixture.js';
import { createReportScheduler } from './report-scheduler.js';
import { nextFire, ScheduleSpecSchema } from './schedule-spec.js';

const dir = mkdtempSync(join(tmpdir(), 'xinzhi-sched-'));
let store: Store;
const mails: { from: string; to: string[]; raw: string }[] = [];
let smtp: SMTPServer;
let smtpPort = 0;
const hooks: { status: number; files: string[]; subject: string }[] = [];
let hookStatus: number[] = [];
let web: Server;
let webPort = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        mails.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        cb();
      });
    },
  });
  await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
  smtpPort = (smtp.server.address() as AddressInfo).port;
  web = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const status = hookStatus.shift() ?? 200;
      const form = await new Response(Buffer.concat(chunks), {
        headers: { 'content-type': req.headers['content-type'] ?? '' },
      }).formData();
      hooks.push({
        status,
        files: form.getAll('file').map((f) => (f as File).name),
        subject: String(form.get('subject')),
      });
      res.writeHead(status).end();
    });
  });
  await new Promise<void>((r) => web.listen(0, '127.0.0.1', r));
  webPort = (web.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => smtp.close(() => r()));
  await new Promise<void>((r) => web.close(() => r()));
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  store = await openSqliteStore(':memory:');
  await seedReportPlant(store);
  mails.length = 0;
  hooks.length = 0;
  hookStatus = [];
});

const noPdf = async () => {
  throw new Error('no PDF in this test');
};
// 2024-06-02 06:05 Shanghai = 2024-06-01T22:05Z: the daily report of 2024-06-01 (local) is due.
const FIRE = Date.UTC(2024, 5, 1, 22, 5);
const scheduler = (clock = manualClock(FIRE), nodeId = 'n1', extra = {}) =>
  createReportScheduler({
    store,
    clock,
    logger: silentLogger,
    nodeId,
    pdf: noPdf,
    reportsDir: dir,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailFrom: 'reports@plant.example',
    retryDelaysMs: [0],
    ...extra,
  });
const add = (spec: Record<string, unknown>, createdAt = SEED_T0) =>
  store.reportSchedules.create({
    name: 'daily production',
    org: 'default',
    enabled: true,
    spec: ScheduleSpecSchema.parse({
      cron: '5 6 * * *',
      timeZone: 'Asia/Shanghai',
      period: 'day',
      lang: 'zh',
      ...spec,
    }),
    now: createdAt,
  });

describe('report schedules', () => {
  it('reads cron in the schedule’s zone', () => {
    expect(nextFire({ cron: '5 6 * * *', timeZone: 'Asia/Shanghai' }, SEED_T0)).toBe(FIRE);
    expect(nextFire({ cron: '5 6 * * *', timeZone: '+08:00' }, SEED_T0)).toBe(FIRE);
    expect(nextFire({ cron: '0 0 1 * *', timeZone: 'UTC' }, SEED_T0)).toBe(Date.UTC(2024, 6, 1));
  });

  it('e-mails the XLSX of the last local day over real SMTP and logs the delivery', async () => {
    const s = await add({
      type: 'production',
      format: 'xlsx',
      delivery: { kind: 'email', to: ['boss@plant.example'] },
    });
    const ids = await scheduler().tick();
    expect(ids).toHaveLength(1);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(['boss@plant.example']);
    expect(mails[0]!.from).toBe('reports@plant.example');
    expect(mails[0]!.raw).toContain('production_2024-06-01_zh.xlsx');
    expect(mails[0]!.raw).toContain('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const [log] = await store.reportSchedules.deliveries({ scheduleId: s.id });
    expect(log).toMatchObject({
      state: 'delivered',
      attempts: 1,
      slot: FIRE,
      target: 'email:boss@plant.example',
    });
    // Nothing more is due until the next morning.
    expect(await scheduler().tick(FIRE + 3_600_000)).toEqual([]);
    expect(mails).toHaveLength(1);
  });

  it('retries a webhook that fails, and logs the attempts', async () => {
    hookStatus = [503, 200];
    await add({
      type: 'quality',
      format: 'csv',
      delivery: { kind: 'webhook', url: `http://127.0.0.1:${webPort}/in?token=secret` },
    });
    await scheduler().tick();
    expect(hooks.map((h) => h.status)).toEqual([503, 200]);
    expect(hooks[1]!.files).toEqual(['quality_2024-06-01_zh.csv']);
    const [log] = await store.reportSchedules.deliveries();
    expect(log).toMatchObject({ state: 'delivered', attempts: 2 });
    expect(log!.target).toBe(`webhook:http://127.0.0.1:${webPort}/in`);
  });

  it('logs a failure after the last retry (SMTP down), and keeps going', async () => {
    await add({
      type: 'alarms',
      format: 'csv',
      retries: 2,
      delivery: { kind: 'email', to: ['x@plant.example'] },
    });
    await scheduler(manualClock(FIRE), 'n1', { smtpUrl: 'smtp://127.0.0.1:1' }).tick();
    const [log] = await store.reportSchedules.deliveries();
    expect(log).toMatchObject({ state: 'failed', attempts: 3 });
    expect(log!.error).toMatch(/ECONNREFUSED|connect/i);
  });

  it('writes into a folder under the reports directory; two nodes deliver a slot once', async () => {
    await add({ type: 'quality', format: 'csv', delivery: { kind: 'folder', path: 'daily/quality' } });
    const a = scheduler(manualClock(FIRE), 'node-a');
    const b = scheduler(manualClock(FIRE), 'node-b');
    const [da, db] = await Promise.all([a.tick(), b.tick()]);
    expect(da.length + db.length).toBe(1);
    expect(readdirSync(join(dir, 'daily/quality'))).toEqual(['quality_2024-06-01_zh.csv']);
    expect(readFileSync(join(dir, 'daily/quality/quality_2024-06-01_zh.csv'), 'utf8')).toContain(
      'f1/assembly/oven/temp',
    );
    expect(await store.reportSchedules.deliveries()).toHaveLength(1);
  });

  it('refuses specs that name a bad field', () => {
    const bad = (spec: Record<string, unknown>) => {
      const r = ScheduleSpecSchema.safeParse({
        type: 'quality',
        cron: '5 6 * * *',
        timeZone: 'Asia/Shanghai',
        period: 'day',
        format: 'csv',
        lang: 'en',
        delivery: { kind: 'folder', path: 'x' },
        ...spec,
      });
      expect(r.success).toBe(false);
      return r.error!.issues[0]!.path.join('.');
    };
    expect(bad({ cron: '61 * * * *' })).toBe('cron');
    expect(bad({ timeZone: 'CST' })).toBe('timeZone');
    expect(bad({ type: 'sales' })).toBe('type');
    expect(bad({ delivery: { kind: 'folder', path: '../../etc' } })).toBe('delivery.path');
    expect(bad({ delivery: { kind: 'folder', path: '/etc' } })).toBe('delivery.path');
    expect(bad({ delivery: { kind: 'webhook', url: 'file:///etc/passwd' } })).toBe('delivery.url');
    expect(bad({ delivery: { kind: 'email', to: ['not-an-address'] } })).toBe('delivery.to.0');
    expect(bad({ extra: 1 })).toBe('');
  });
});
